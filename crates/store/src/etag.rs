//! Etags (AIP-154) derived from a row version that every update increments.

use crate::StoreError;

/// The etag of a row at `version`.
pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// Checks a caller's etag against the stored version. An empty etag means the caller did not ask for a
/// check; any other value must be the current etag or the change is refused.
pub fn check(given: &str, version: i64) -> Result<(), StoreError> {
    if given.is_empty() || given == etag(version) {
        Ok(())
    } else {
        Err(StoreError::EtagMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_etag_skips_the_check_and_stale_one_is_refused() {
        assert!(check("", 3).is_ok());
        assert!(check(&etag(3), 3).is_ok());
        assert!(matches!(check(&etag(2), 3), Err(StoreError::EtagMismatch)));
        assert!(matches!(check("garbage", 3), Err(StoreError::EtagMismatch)));
    }
}
