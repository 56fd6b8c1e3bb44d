//! The validated fields of a check, its findings and its result, built from requests at the edge
//! (`conversions`).

use chrono::NaiveDate;

/// A validated CreateCheck.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckFields {
    /// `CheckKind` number.
    pub kind: i32,
    /// Title.
    pub title: String,
    /// `CheckFocus` numbers, each once.
    pub focuses: Vec<i32>,
    /// Which key area or period.
    pub focus_note: String,
    /// Organising unit.
    pub organising_unit_id: String,
    /// Units checked, each once.
    pub target_unit_ids: Vec<String>,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day, not before the first.
    pub end_date: NaiveDate,
    /// Inspectors, each once.
    pub inspector_ids: Vec<String>,
}

/// A validated finding of RecordCheckResult.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingFields {
    /// What was found.
    pub description: String,
    /// Where it was found.
    pub unit_id: String,
    /// Whether a problem is opened for it.
    pub open_problem: bool,
    /// The office's category.
    pub category: String,
    /// `ProblemSeverity` number; set when a problem is opened.
    pub severity: i32,
}

/// A validated RecordCheckResult.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResultFields {
    /// The check.
    pub id: String,
    /// The overall conclusion.
    pub conclusion: String,
    /// What was found, in order; may be empty.
    pub findings: Vec<FindingFields>,
    /// The caller's etag, empty for no check.
    pub etag: String,
}
