//! Building `google.rpc.Status` errors: every error carries an `ErrorInfo` (reason, domain), and
//! INVALID_ARGUMENT carries `BadRequest` field violations. Causes of internal errors are logged here and
//! never sent.

use std::collections::HashMap;

use qinglian_store::StoreError;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// One bad field of a request: the field path and why it was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldViolation {
    /// Field path, e.g. `unit.name`.
    pub field: String,
    /// What is wrong with it, lowercase.
    pub description: String,
}

impl FieldViolation {
    /// A violation of `field`.
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            description: description.into(),
        }
    }
}

/// A status with an `ErrorInfo` of `reason` in `domain` and the given metadata.
pub fn with_info(
    code: Code,
    message: impl Into<String>,
    reason: &str,
    domain: &str,
    metadata: HashMap<String, String>,
) -> Status {
    Status::with_error_details(
        code,
        message,
        ErrorDetails::with_error_info(reason, domain, metadata),
    )
}

/// A status with an `ErrorInfo` and no metadata.
pub fn error(code: Code, message: impl Into<String>, reason: &str, domain: &str) -> Status {
    with_info(code, message, reason, domain, HashMap::new())
}

/// INVALID_ARGUMENT naming every bad field.
pub fn invalid_argument(violations: &[FieldViolation], domain: &str) -> Status {
    let mut details = ErrorDetails::with_error_info("INVALID_ARGUMENT", domain, HashMap::new());
    for violation in violations {
        details.add_bad_request_violation(&violation.field, &violation.description);
    }
    let message = violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.description))
        .collect::<Vec<_>>()
        .join("; ");
    Status::with_error_details(Code::InvalidArgument, message, details)
}

/// INTERNAL, logging the cause chain; the caller only learns that something failed.
pub fn internal(cause: &(dyn std::error::Error + 'static), domain: &str) -> Status {
    let mut chain = cause.to_string();
    let mut source = cause.source();
    while let Some(next) = source {
        chain.push_str(": ");
        chain.push_str(&next.to_string());
        source = next.source();
    }
    tracing::error!(error = %chain, "internal error");
    error(Code::Internal, "internal error", "INTERNAL", domain)
}

/// The one mapping of store errors to statuses, used by every service's own error mapping.
pub fn from_store(error: StoreError, domain: &str) -> Status {
    match error {
        StoreError::InvalidArgument { field, message } => {
            invalid_argument(&[FieldViolation::new(field, message)], domain)
        }
        StoreError::EtagMismatch => self::error(
            Code::Aborted,
            "the resource changed since it was read; read it again and retry with the new etag",
            "ETAG_MISMATCH",
            domain,
        ),
        StoreError::Database(ref cause) if is_unavailable(cause) => {
            tracing::warn!(error = %cause, "database unavailable");
            self::error(
                Code::Unavailable,
                "database unavailable",
                "DATABASE_UNAVAILABLE",
                domain,
            )
        }
        StoreError::Unavailable(ref cause) => {
            tracing::warn!(error = %cause, "mutation not committed");
            self::error(
                Code::Unavailable,
                "the change was not committed; retry it",
                "NOT_COMMITTED",
                domain,
            )
        }
        StoreError::OutcomeUnknown(ref cause) => {
            tracing::error!(error = %cause, "mutation outcome unknown");
            self::error(
                Code::Unknown,
                "the change may or may not have been committed; retry it with the same request_id",
                "OUTCOME_UNKNOWN",
                domain,
            )
        }
        StoreError::Database(_) | StoreError::Corrupt(_) => internal(&error, domain),
    }
}

/// Whether a database error means the database cannot be reached right now (worth a retry).
fn is_unavailable(error: &sea_orm::DbErr) -> bool {
    matches!(
        error,
        sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_)
    )
}
