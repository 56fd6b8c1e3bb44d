//! The reach of a caller: the units a token may act on and read about.
//!
//! A token without a unit reaches everywhere; a token scoped to a unit reaches that unit and every unit
//! below it, whatever its role. Every service decides with a [`Reach`] whether a write may touch a
//! record (every unit the write names must be within reach), whether a read may return it (a unit of
//! the record must be within reach), and which rows a list may return ([`Reach::condition`]). A scoped
//! caller asking about a record that does not exist is told PERMISSION_DENIED, as for a record outside
//! its reach, so scope cannot be used to probe what exists elsewhere.

use std::collections::BTreeSet;
use std::sync::Arc;

use sea_orm::{ColumnTrait, Condition};
use tonic::Status;

use super::{Caller, Role};

/// What the caller's action is refused as.
const OUTSIDE: &str = "act outside their unit scope";

/// An error that may say the record asked for does not exist.
pub trait Missing {
    /// Whether the error is NOT_FOUND of the record looked up.
    fn is_missing(&self) -> bool;
}

/// The units a caller reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    role: Role,
    /// None: everywhere; else the scope's unit and every unit below it.
    units: Option<Arc<BTreeSet<String>>>,
}

impl Reach {
    /// The reach of an unscoped caller.
    pub fn everywhere(caller: &Caller) -> Self {
        Self {
            role: caller.role,
            units: None,
        }
    }

    /// The reach of a caller scoped to a subtree made of `units` (empty when its unit no longer exists).
    pub fn within(caller: &Caller, units: impl IntoIterator<Item = String>) -> Self {
        Self {
            role: caller.role,
            units: Some(Arc::new(units.into_iter().collect())),
        }
    }

    /// Whether the caller is limited to a subtree.
    pub fn is_scoped(&self) -> bool {
        self.units.is_some()
    }

    /// The units of the subtree; None when the caller reaches everywhere.
    pub fn units(&self) -> Option<&BTreeSet<String>> {
        self.units.as_deref()
    }

    /// Whether `unit_id` is within reach.
    pub fn covers(&self, unit_id: &str) -> bool {
        self.units
            .as_ref()
            .is_none_or(|units| units.contains(unit_id))
    }

    /// PERMISSION_DENIED unless every one of `unit_ids` is within reach: a write touches only what the
    /// caller reaches.
    pub fn require<'a>(&self, unit_ids: impl IntoIterator<Item = &'a str>) -> Result<(), Status> {
        if unit_ids.into_iter().all(|unit| self.covers(unit)) {
            Ok(())
        } else {
            Err(self.denied())
        }
    }

    /// PERMISSION_DENIED unless at least one of `unit_ids` is within reach (always, for an unscoped
    /// caller): a record naming several units may be read from any of them.
    pub fn require_any<'a>(
        &self,
        unit_ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), Status> {
        if !self.is_scoped() || unit_ids.into_iter().any(|unit| self.covers(unit)) {
            Ok(())
        } else {
            Err(self.denied())
        }
    }

    /// The record a lookup `found`, provided one of its units (by `units_of`) is within reach. A
    /// record that does not exist stays NOT_FOUND for an unscoped caller and is PERMISSION_DENIED for
    /// a scoped one.
    pub fn admit<T, E: Missing + From<Status>>(
        &self,
        found: Result<T, E>,
        units_of: impl FnOnce(&T) -> Vec<&str>,
    ) -> Result<T, E> {
        match found {
            Ok(record) => {
                self.require_any(units_of(&record))?;
                Ok(record)
            }
            Err(error) => Err(self.hide_missing(error)),
        }
    }

    /// `error` as a scoped caller is told it: PERMISSION_DENIED when it says a record is missing.
    pub fn hide_missing<E: Missing + From<Status>>(&self, error: E) -> E {
        if error.is_missing() && self.is_scoped() {
            self.denied().into()
        } else {
            error
        }
    }

    /// Rows whose unit, in `column`, is within reach (every row for an unscoped caller).
    pub fn condition(&self, column: impl ColumnTrait) -> Condition {
        match &self.units {
            None => Condition::all(),
            Some(units) => Condition::all().add(column.is_in(units.iter().cloned())),
        }
    }

    /// The PERMISSION_DENIED of an action outside reach.
    pub fn denied(&self) -> Status {
        Caller {
            subject: String::new(),
            role: self.role,
            unit: None,
        }
        .denied(OUTSIDE)
    }
}

#[cfg(test)]
mod tests {
    use tonic::Code;

    use super::*;

    fn caller(unit: Option<&str>) -> Caller {
        Caller {
            subject: "s".into(),
            role: Role::Clerk,
            unit: unit.map(str::to_owned),
        }
    }

    #[test]
    fn an_unscoped_caller_reaches_every_unit() {
        let reach = Reach::everywhere(&caller(None));
        assert!(!reach.is_scoped());
        assert!(reach.covers("anything"));
        assert!(reach.require(["a", "b"]).is_ok());
        assert!(reach.require_any([]).is_ok());
    }

    #[test]
    fn a_scoped_caller_reaches_only_its_subtree() {
        let reach = Reach::within(&caller(Some("a")), ["a".to_owned(), "a1".to_owned()]);
        assert!(reach.covers("a1"));
        assert!(!reach.covers("b"));
        assert!(reach.require(["a", "a1"]).is_ok());
        assert_eq!(
            reach.require(["a", "b"]).map_err(|s| s.code()),
            Err(Code::PermissionDenied)
        );
        assert!(reach.require_any(["b", "a1"]).is_ok());
        assert!(reach.require_any(["b"]).is_err());
        assert!(reach.require_any([]).is_err());
    }

    #[derive(Debug, PartialEq)]
    enum Lookup {
        NotFound,
        Denied,
    }

    impl Missing for Lookup {
        fn is_missing(&self) -> bool {
            *self == Lookup::NotFound
        }
    }

    impl From<Status> for Lookup {
        fn from(status: Status) -> Self {
            assert_eq!(status.code(), Code::PermissionDenied);
            Lookup::Denied
        }
    }

    #[test]
    fn a_missing_record_is_denied_to_a_scoped_caller() {
        let scoped = Reach::within(&caller(Some("a")), ["a".to_owned()]);
        let missing: Result<&str, Lookup> = Err(Lookup::NotFound);
        assert_eq!(scoped.admit(missing, |_| vec![]), Err(Lookup::Denied));
        let everywhere = Reach::everywhere(&caller(None));
        let missing: Result<&str, Lookup> = Err(Lookup::NotFound);
        assert_eq!(everywhere.admit(missing, |_| vec![]), Err(Lookup::NotFound));
        let elsewhere: Result<&str, Lookup> = Ok("row");
        assert_eq!(scoped.admit(elsewhere, |_| vec!["b"]), Err(Lookup::Denied));
        let inside: Result<&str, Lookup> = Ok("row");
        assert_eq!(scoped.admit(inside, |_| vec!["a"]), Ok("row"));
    }
}
