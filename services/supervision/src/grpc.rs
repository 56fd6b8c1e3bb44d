//! gRPC adapters: thin translations between the contract and the domain services.

pub mod checks;
pub mod education;
pub mod rectifications;
pub mod regulations;
pub mod statistics;
pub mod talks;

use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::{self, Caller, Reach};
use qinglian_store::MutationContext;
use tonic::{Request, Status};

use crate::error::SupervisionError;

/// The verified caller and full method of a request.
fn call_info<T>(request: &Request<T>) -> Result<(Caller, String), Status> {
    Ok((Caller::of(request)?, auth::method_of(request)))
}

/// The units `caller` reaches, asked of `directory` (nothing is asked for an unscoped caller).
async fn reach(directory: &DirectoryPeer, caller: &Caller) -> Result<Reach, SupervisionError> {
    Ok(directory.reach(caller).await?)
}

/// The mutation context of `message` for `caller`.
fn context<T: prost::Message>(
    caller: &Caller,
    method: String,
    request_id: &str,
    message: &T,
) -> Result<MutationContext, SupervisionError> {
    Ok(auth::mutation_context(caller, method, request_id, message)?)
}
