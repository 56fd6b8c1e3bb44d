//! The one error type of the supervision-records service and its one mapping to gRPC statuses.

qinglian_kit::service_error!(
    /// Everything a supervision operation can fail with.
    SupervisionError,
    "supervision.qinglian"
);
