//! The one error type of the oversight-reporting service and its one mapping to gRPC statuses.

use std::collections::HashMap;

use qinglian_kit::peers::PeerError;
use qinglian_kit::status::{self, FieldViolation};
use qinglian_store::StoreError;
use tonic::{Code, Status};

/// Error domain in `ErrorInfo`.
pub const DOMAIN: &str = "oversight.qinglian";

/// Everything an oversight operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum OversightError {
    /// The request is malformed or refers to records that do not exist; nothing was written.
    #[error("invalid argument")]
    InvalidArgument(Vec<FieldViolation>),
    /// The record asked for does not exist.
    #[error("{resource} not found: {id}")]
    NotFound {
        /// Resource type.
        resource: &'static str,
        /// Its id.
        id: String,
    },
    /// The records are not in a state that allows the operation.
    #[error("{message}")]
    FailedPrecondition {
        /// Machine-readable reason.
        reason: &'static str,
        /// What is in the way.
        message: String,
    },
    /// Authentication or authorisation refused the call; the status is built by the kit.
    #[error("{}", .0.message())]
    Access(Status),
    /// A peer service could not answer; nothing was written.
    #[error(transparent)]
    Peer(#[from] PeerError),
    /// The shared persistence machinery failed or refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl OversightError {
    /// INVALID_ARGUMENT for one field.
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![FieldViolation::new(field, description)])
    }

    /// NOT_FOUND for one record.
    pub fn not_found(resource: &'static str, id: impl Into<String>) -> Self {
        Self::NotFound {
            resource,
            id: id.into(),
        }
    }
}

impl From<sea_orm::DbErr> for OversightError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::Store(StoreError::Database(error))
    }
}

impl From<Status> for OversightError {
    fn from(status: Status) -> Self {
        Self::Access(status)
    }
}

impl From<Vec<FieldViolation>> for OversightError {
    fn from(violations: Vec<FieldViolation>) -> Self {
        Self::InvalidArgument(violations)
    }
}

impl From<OversightError> for Status {
    fn from(error: OversightError) -> Self {
        match error {
            OversightError::InvalidArgument(violations) => {
                status::invalid_argument(&violations, DOMAIN)
            }
            OversightError::NotFound { resource, id } => status::with_info(
                Code::NotFound,
                format!("{resource} not found: {id}"),
                "NOT_FOUND",
                DOMAIN,
                HashMap::from([
                    ("resource".to_owned(), resource.to_owned()),
                    ("ids".to_owned(), id),
                ]),
            ),
            OversightError::FailedPrecondition { reason, message } => {
                status::error(Code::FailedPrecondition, message, reason, DOMAIN)
            }
            OversightError::Access(status) => status,
            OversightError::Peer(PeerError::Unavailable { peer, detail }) => {
                tracing::warn!(peer, error = %detail, "peer unavailable; nothing written");
                status::with_info(
                    Code::Unavailable,
                    format!("the {peer} service is unavailable; nothing was written, retry later"),
                    "PEER_UNAVAILABLE",
                    DOMAIN,
                    HashMap::from([("peer".to_owned(), peer.to_owned())]),
                )
            }
            OversightError::Peer(
                error @ (PeerError::Missing { .. } | PeerError::Refused { .. }),
            ) => status::internal(&error, DOMAIN),
            OversightError::Store(error) => status::from_store(error, DOMAIN),
        }
    }
}
