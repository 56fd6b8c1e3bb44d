//! The one error type of the oversight-reporting service and its one mapping to gRPC statuses.

qinglian_kit::service_error!(
    /// Everything an oversight operation can fail with.
    OversightError,
    "oversight.qinglian"
);
