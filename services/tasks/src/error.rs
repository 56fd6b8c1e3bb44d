//! The one error type of the task-assignment service and its one mapping to gRPC statuses.

use std::collections::HashMap;

use qinglian_kit::status::{self, FieldViolation};
use qinglian_store::StoreError;
use tonic::{Code, Status};

/// Error domain in `ErrorInfo`.
pub const DOMAIN: &str = "tasks.qinglian";

/// Everything a task-assignment operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum TasksError {
    /// The request is malformed or refers to records that do not exist; nothing was written.
    #[error("invalid argument")]
    InvalidArgument(Vec<FieldViolation>),
    /// The record asked for does not exist.
    #[error("{resource} not found: {ids:?}")]
    NotFound {
        /// Resource type, e.g. unit.
        resource: &'static str,
        /// The IDs not found.
        ids: Vec<String>,
    },
    /// A record with the same unique key exists.
    #[error("{0}")]
    AlreadyExists(String),
    /// The records are not in a state that allows the operation.
    #[error("{message}")]
    FailedPrecondition {
        /// Machine-readable reason, e.g. UNIT_IN_USE.
        reason: &'static str,
        /// What is in the way, for people.
        message: String,
    },
    /// Authentication or authorisation refused the call; the status is built by the kit.
    #[error("{}", .0.message())]
    Access(Status),
    /// The shared persistence machinery failed or refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl TasksError {
    /// INVALID_ARGUMENT for one field.
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![FieldViolation::new(field, description)])
    }

    /// NOT_FOUND for one record.
    pub fn not_found(resource: &'static str, id: impl Into<String>) -> Self {
        let id = id.into();
        // An empty id was never given: INVALID_ARGUMENT on `id`, as every Get names it.
        if id.is_empty() {
            return Self::invalid("id", "is required");
        }
        Self::NotFound {
            resource,
            ids: vec![id],
        }
    }

    /// FAILED_PRECONDITION.
    pub fn precondition(reason: &'static str, message: impl Into<String>) -> Self {
        Self::FailedPrecondition {
            reason,
            message: message.into(),
        }
    }
}

impl From<sea_orm::DbErr> for TasksError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::Store(StoreError::Database(error))
    }
}

impl From<Status> for TasksError {
    fn from(status: Status) -> Self {
        Self::Access(status)
    }
}

impl From<Vec<FieldViolation>> for TasksError {
    fn from(violations: Vec<FieldViolation>) -> Self {
        Self::InvalidArgument(violations)
    }
}

impl From<TasksError> for Status {
    fn from(error: TasksError) -> Self {
        match error {
            TasksError::InvalidArgument(violations) => {
                status::invalid_argument(&violations, DOMAIN)
            }
            TasksError::NotFound { resource, ids } => status::with_info(
                Code::NotFound,
                format!("{resource} not found: {}", ids.join(", ")),
                "NOT_FOUND",
                DOMAIN,
                HashMap::from([
                    ("resource".to_owned(), resource.to_owned()),
                    ("ids".to_owned(), ids.join(",")),
                ]),
            ),
            TasksError::AlreadyExists(message) => {
                status::error(Code::AlreadyExists, message, "ALREADY_EXISTS", DOMAIN)
            }
            TasksError::FailedPrecondition { reason, message } => {
                status::error(Code::FailedPrecondition, message, reason, DOMAIN)
            }
            TasksError::Access(status) => status,
            TasksError::Store(error) => status::from_store(error, DOMAIN),
        }
    }
}
