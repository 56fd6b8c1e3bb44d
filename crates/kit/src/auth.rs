//! Bearer tokens: HS256-signed JWTs carrying a role, an optional unit scope and an expiry.
//!
//! Every RPC except health and reflection passes through [`AuthInterceptor`], which verifies the token
//! and puts the [`Caller`] into the request's extensions. Handlers then check the role (PERMISSION_DENIED
//! when it does not fit) before they look anything up, so a caller without the right learns nothing
//! about what exists. A token whose id is on the revocation list ([`RevokedTokens`]) is refused as
//! UNAUTHENTICATED with reason `TOKEN_REVOKED`.

mod keys;
mod reach;
pub mod revoked;
mod role;

use std::sync::Arc;

pub use keys::{TokenKeys, VerifyError, load_key, load_or_create_key};
pub use reach::{Missing, Reach};
pub use revoked::RevokedTokens;
pub use role::Role;
use serde::{Deserialize, Serialize};
use tonic::{Code, Request, Status};

use crate::status;

/// Domain of authentication errors.
const DOMAIN: &str = "auth.qinglian";

/// The claims inside a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Who the token was issued to.
    pub sub: String,
    /// Role name.
    pub role: Role,
    /// Unit scope: the caller may act on this unit and everything below it; None means everywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Issuer.
    pub iss: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Expires at (seconds since the epoch).
    pub exp: i64,
    /// Token id, for revocation.
    pub jti: String,
}

/// The verified caller of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// Token subject.
    pub subject: String,
    /// Role.
    pub role: Role,
    /// Unit scope; None means everywhere.
    pub unit: Option<String>,
}

impl Caller {
    /// The caller that the interceptor attached to `request`.
    pub fn of<T>(request: &Request<T>) -> Result<Caller, Status> {
        request
            .extensions()
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| {
                status::error(
                    Code::Unauthenticated,
                    "no verified caller on the request",
                    "TOKEN_MISSING",
                    DOMAIN,
                )
            })
    }

    /// PERMISSION_DENIED unless the caller holds one of `roles`.
    pub fn require(&self, roles: &[Role], action: &str) -> Result<(), Status> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(self.denied(action))
        }
    }

    /// PERMISSION_DENIED for a caller scoped to a unit: the action is about the whole deployment (the
    /// audit log, the event stream, a sweep of every record), which no scoped token reaches.
    pub fn require_unscoped(&self, action: &str) -> Result<(), Status> {
        match self.unit {
            None => Ok(()),
            Some(_) => Err(self.denied(&format!("{action} outside their unit scope"))),
        }
    }

    /// The PERMISSION_DENIED status for `action`.
    pub fn denied(&self, action: &str) -> Status {
        status::error(
            Code::PermissionDenied,
            format!("role {} may not {action}", self.role),
            "PERMISSION_DENIED",
            DOMAIN,
        )
    }

    /// The actor recorded in audit events.
    pub fn actor(&self) -> qinglian_store::Actor {
        qinglian_store::Actor {
            subject: self.subject.clone(),
            role: self.role.to_string(),
            scope: self.unit.clone().unwrap_or_default(),
        }
    }
}

/// Verifies the bearer token of every request it guards.
#[derive(Clone, Debug)]
pub struct AuthInterceptor {
    keys: Arc<TokenKeys>,
}

impl AuthInterceptor {
    /// An interceptor verifying with `keys`.
    pub fn new(keys: Arc<TokenKeys>) -> Self {
        Self { keys }
    }
}

impl tonic::service::Interceptor for AuthInterceptor {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        let header = request
            .metadata()
            .get("authorization")
            .ok_or_else(|| unauthenticated("missing bearer token", "TOKEN_MISSING"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .ok_or_else(|| {
                unauthenticated("authorization is not a bearer token", "TOKEN_INVALID")
            })?;
        let claims = self.keys.verify(token.trim()).map_err(|e| match e {
            keys::VerifyError::Expired => unauthenticated("token expired", "TOKEN_EXPIRED"),
            keys::VerifyError::Invalid => unauthenticated("token invalid", "TOKEN_INVALID"),
            keys::VerifyError::Revoked => unauthenticated("token revoked", "TOKEN_REVOKED"),
        })?;
        request.extensions_mut().insert(Caller {
            subject: claims.sub,
            role: claims.role,
            unit: claims.unit,
        });
        Ok(request)
    }
}

fn unauthenticated(message: &str, reason: &str) -> Status {
    status::error(Code::Unauthenticated, message, reason, DOMAIN)
}

/// The full gRPC method of a request, e.g. `/qinglian.tasks.v1.DirectoryService/CreateUnit`.
pub fn method_of<T>(request: &Request<T>) -> String {
    request
        .extensions()
        .get::<crate::call::CalledMethod>()
        .map(|m| m.0.clone())
        .unwrap_or_default()
}

/// The audit and idempotency context of a mutation request made by `caller`.
pub fn mutation_context<T: prost::Message>(
    caller: &Caller,
    method: String,
    request_id: &str,
    request: &T,
) -> Result<qinglian_store::MutationContext, qinglian_store::StoreError> {
    qinglian_store::MutationContext::new(caller.actor(), method, request_id, request)
}

/// Adds `authorization: Bearer <token>` to every outgoing call of a client.
#[derive(Clone, Debug)]
pub struct BearerToken {
    value: tonic::metadata::MetadataValue<tonic::metadata::Ascii>,
}

impl BearerToken {
    /// Wraps `token`; fails when it is not valid header text.
    pub fn new(token: &str) -> Result<Self, String> {
        format!("Bearer {token}")
            .parse()
            .map(|value| Self { value })
            .map_err(|_| "token is not valid header text".to_owned())
    }
}

impl tonic::service::Interceptor for BearerToken {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        request
            .metadata_mut()
            .insert("authorization", self.value.clone());
        Ok(request)
    }
}
