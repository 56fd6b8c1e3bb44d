//! What a change of the directory takes, validated: the fields of a unit or a person to create, and the
//! masked fields of an update. Built from requests at the edge (`conversions`).

use crate::entities::portfolio;

/// The writable fields of a unit, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitFields {
    /// `UnitKind` number.
    pub kind: i32,
    /// Full name.
    pub name: String,
    /// Short name, possibly empty.
    pub short_name: String,
    /// Parent, None for a root.
    pub parent_id: Option<String>,
    /// Code, None when not set.
    pub code: Option<String>,
    /// The unit's head, None when not set.
    pub head_id: Option<String>,
}

/// A validated UpdateUnit: the new values and which of them to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitPatch {
    /// The unit to change.
    pub id: String,
    /// The caller's etag; empty means no check.
    pub etag: String,
    /// New values (only those in `paths` are meaningful).
    pub fields: UnitFields,
    /// The fields to change.
    pub paths: Vec<String>,
}

/// The writable fields of a person, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFields {
    /// Full name.
    pub name: String,
    /// Their unit.
    pub unit_id: String,
    /// Position, possibly empty.
    pub position: String,
    /// 党员.
    pub party_member: bool,
    /// 领导干部.
    pub leading_cadre: bool,
    /// 班子成员.
    pub leadership_team_member: bool,
}

/// A validated UpdatePerson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonPatch {
    /// The person to change.
    pub id: String,
    /// The caller's etag; empty means no check.
    pub etag: String,
    /// New values (only those in `paths` are meaningful).
    pub fields: PersonFields,
    /// The fields to change.
    pub paths: Vec<String>,
}

/// A portfolio as stored: its version row (absent when never set) and its units in order.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PortfolioRecord {
    /// The leadership-team member.
    pub person_id: String,
    /// Version row; None when the portfolio was never set.
    pub portfolio: Option<portfolio::Model>,
    /// The units, in the order given.
    pub unit_ids: Vec<String>,
}
