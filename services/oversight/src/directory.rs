//! The directory checks the oversight records make: every committee and addressee a record names must
//! be a unit of the directory.

use qinglian_kit::peers::{DirectoryPeer, PeerError};

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
