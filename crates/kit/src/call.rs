//! What the server knows of a call before any handler runs, for the checks and records that need it.

/// The full gRPC method of a call (`/package.Service/Method`), put into the request's extensions by
/// the server so that the interceptor can judge it and handlers can record it in the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalledMethod(pub String);
