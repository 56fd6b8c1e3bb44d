//! Errors of the shared persistence machinery. Services map them into their own error enum.

use sea_orm::DbErr;

/// What can go wrong in the shared persistence machinery.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed; the cause is logged where the error is mapped, never sent to callers.
    #[error("database error")]
    Database(#[from] DbErr),
    /// A request argument handled by the store (page size, page token, filter, order, request id) is bad.
    #[error("{field}: {message}")]
    InvalidArgument {
        /// The request field at fault.
        field: &'static str,
        /// Why it was refused, lowercase, without trailing period.
        message: String,
    },
    /// The caller's etag is stale: the resource changed since the caller read it.
    #[error("etag mismatch")]
    EtagMismatch,
    /// Stored data could not be decoded; the database was changed outside the service.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// The mutation was not committed, for a reason outside it (its batch failed to commit, or the
    /// store is closing): nothing of it was written, and a retry may succeed.
    #[error("not committed: {0}")]
    Unavailable(String),
    /// The commit of the mutation's batch failed after it was sent: the mutation may or may not have
    /// taken effect. A retry with the same request id tells.
    #[error("outcome unknown: {0}")]
    OutcomeUnknown(String),
}

impl StoreError {
    /// Shorthand for an invalid request argument.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidArgument {
            field,
            message: message.into(),
        }
    }
}
