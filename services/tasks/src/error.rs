//! The one error type of the task-assignment service and its one mapping to gRPC statuses.

qinglian_kit::service_error!(
    /// Everything a task-assignment operation can fail with.
    TasksError,
    "tasks.qinglian"
);
