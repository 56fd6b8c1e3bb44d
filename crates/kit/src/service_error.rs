//! The error type of a service built on the shared foundation, declared once here and instantiated
//! per service with its own name and `ErrorInfo` domain, with its one exhaustive mapping to gRPC
//! statuses. Shared domain code fails through the [`ServiceError`] trait every instance implements,
//! so it answers with the calling service's own error.

use qinglian_store::StoreError;

/// What every service's error can say, for code shared between services: the restricted set of
/// failures shared domain code may answer with, besides the store's and the access checks'.
pub trait ServiceError:
    From<StoreError>
    + From<sea_orm::DbErr>
    + From<tonic::Status>
    + crate::auth::Missing
    + std::fmt::Debug
    + Send
    + 'static
{
    /// INVALID_ARGUMENT for one field; nothing was written.
    fn invalid(field: &str, description: String) -> Self;
    /// NOT_FOUND for one record of `resource`.
    fn not_found(resource: &'static str, id: &str) -> Self;
    /// FAILED_PRECONDITION with its machine-readable reason.
    fn precondition(reason: &'static str, message: String) -> Self;
}

/// Declares a service's error enum `$name` with error domain `$domain`:
///
/// - `InvalidArgument(Vec<FieldViolation>)`: malformed request or unknown reference; nothing written.
/// - `NotFound { resource, id }`: the record asked for does not exist (`id` names every missing one,
///   comma-separated, for a batch).
/// - `AlreadyExists(message)`: a record with the same unique key exists; nothing written.
/// - `FailedPrecondition { reason, message }`: the records' state does not allow the operation.
/// - `Access(Status)`: authentication or authorisation refused the call.
/// - `Peer(PeerError)`: a peer service could not answer; nothing written.
/// - `Store(StoreError)`: the shared persistence machinery failed or refused.
///
/// with `invalid`, `not_found`, `missing` and `precondition` constructors, conversions from `DbErr`, `Status`, field violations,
/// `PeerError` and `StoreError`, and `From<$name> for Status`. Causes are logged where they are mapped,
/// never sent.
#[macro_export]
macro_rules! service_error {
    ($(#[$meta:meta])* $name:ident, $domain:expr) => {
        /// Error domain in `ErrorInfo`.
        pub const DOMAIN: &str = $domain;

        $(#[$meta])*
        #[derive(Debug, thiserror::Error)]
        pub enum $name {
            /// The request is malformed or refers to records that do not exist; nothing was written.
            #[error("invalid argument")]
            InvalidArgument(Vec<$crate::status::FieldViolation>),
            /// The record asked for does not exist.
            #[error("{resource} not found: {id}")]
            NotFound {
                /// Resource type.
                resource: &'static str,
                /// Its id.
                id: String,
            },
            /// A record with the same unique key exists; nothing was written.
            #[error("{0}")]
            AlreadyExists(String),
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
            Access(tonic::Status),
            /// A peer service could not answer; nothing was written.
            #[error(transparent)]
            Peer(#[from] $crate::peers::PeerError),
            /// The shared persistence machinery failed or refused.
            #[error(transparent)]
            Store(#[from] qinglian_store::StoreError),
        }

        impl $name {
            /// INVALID_ARGUMENT for one field.
            pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
                Self::InvalidArgument(vec![$crate::status::FieldViolation::new(
                    field,
                    description,
                )])
            }

            /// NOT_FOUND for one record; an empty id was never given, which is INVALID_ARGUMENT
            /// on `id` (every Get and every change of one record names it so).
            pub fn not_found(resource: &'static str, id: impl Into<String>) -> Self {
                let id = id.into();
                if id.is_empty() {
                    return Self::invalid("id", "is required");
                }
                Self::NotFound { resource, id }
            }

            /// NOT_FOUND naming every id of a batch that does not exist.
            pub fn missing(resource: &'static str, ids: &[String]) -> Self {
                Self::NotFound {
                    resource,
                    id: ids.join(","),
                }
            }

            /// FAILED_PRECONDITION with its machine-readable reason.
            pub fn precondition(reason: &'static str, message: impl Into<String>) -> Self {
                Self::FailedPrecondition {
                    reason,
                    message: message.into(),
                }
            }
        }

        impl $crate::service_error::ServiceError for $name {
            fn invalid(field: &str, description: String) -> Self {
                $name::invalid(field, description)
            }

            fn not_found(resource: &'static str, id: &str) -> Self {
                $name::not_found(resource, id)
            }

            fn precondition(reason: &'static str, message: String) -> Self {
                $name::precondition(reason, message)
            }
        }

        impl $crate::auth::Missing for $name {
            fn is_missing(&self) -> bool {
                matches!(self, Self::NotFound { .. })
            }
        }

        impl From<sea_orm::DbErr> for $name {
            fn from(error: sea_orm::DbErr) -> Self {
                Self::Store(qinglian_store::StoreError::Database(error))
            }
        }

        impl From<tonic::Status> for $name {
            fn from(status: tonic::Status) -> Self {
                Self::Access(status)
            }
        }

        impl From<Vec<$crate::status::FieldViolation>> for $name {
            fn from(violations: Vec<$crate::status::FieldViolation>) -> Self {
                Self::InvalidArgument(violations)
            }
        }

        impl From<$name> for tonic::Status {
            fn from(error: $name) -> Self {
                use $crate::peers::PeerError;
                use $crate::status;
                match error {
                    $name::InvalidArgument(violations) => {
                        status::invalid_argument(&violations, DOMAIN)
                    }
                    $name::NotFound { resource, id } => status::with_info(
                        tonic::Code::NotFound,
                        format!("{resource} not found: {id}"),
                        "NOT_FOUND",
                        DOMAIN,
                        std::collections::HashMap::from([
                            ("resource".to_owned(), resource.to_owned()),
                            ("ids".to_owned(), id),
                        ]),
                    ),
                    $name::AlreadyExists(message) => status::error(
                        tonic::Code::AlreadyExists,
                        message,
                        "ALREADY_EXISTS",
                        DOMAIN,
                    ),
                    $name::FailedPrecondition { reason, message } => {
                        status::error(tonic::Code::FailedPrecondition, message, reason, DOMAIN)
                    }
                    $name::Access(status) => status,
                    $name::Peer(PeerError::Unavailable { peer, detail }) => {
                        tracing::warn!(peer, error = %detail, "peer unavailable; nothing written");
                        status::with_info(
                            tonic::Code::Unavailable,
                            format!(
                                "the {peer} service is unavailable; nothing was written, retry later"
                            ),
                            "PEER_UNAVAILABLE",
                            DOMAIN,
                            std::collections::HashMap::from([(
                                "peer".to_owned(),
                                peer.to_owned(),
                            )]),
                        )
                    }
                    $name::Peer(error @ (PeerError::Missing { .. } | PeerError::Refused { .. })) => {
                        status::internal(&error, DOMAIN)
                    }
                    $name::Store(error) => status::from_store(error, DOMAIN),
                }
            }
        }
    };
}
