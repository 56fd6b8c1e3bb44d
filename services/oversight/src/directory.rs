//! The directory checks the oversight records make: every committee and addressee a record names must
//! be a unit of the directory, and a caller scoped to a unit acts only on the records of that unit and
//! the units below it.

use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::Caller;
use qinglian_kit::peers::PeerError;

use crate::error::OversightError;

/// Refuses with INVALID_ARGUMENT on `field` when the directory has no unit `id`; UNAVAILABLE when the
/// directory cannot be asked.
pub(crate) async fn require_unit(
    directory: &DirectoryPeer,
    field: &str,
    id: &str,
) -> Result<(), OversightError> {
    match directory.units(&[id.to_owned()]).await {
        Ok(_) => Ok(()),
        Err(PeerError::Missing { .. }) => Err(OversightError::invalid(field, "does not exist")),
        Err(other) => Err(other.into()),
    }
}

/// PERMISSION_DENIED unless `unit_id` (the committee a write is about) is within the unit scope of
/// `caller`; an unscoped caller acts everywhere. UNAVAILABLE when the directory cannot be asked.
pub(crate) async fn require_scope(
    directory: &DirectoryPeer,
    caller: &Caller,
    unit_id: &str,
) -> Result<(), OversightError> {
    Ok(directory.reach(caller).await?.require([unit_id])?)
}
