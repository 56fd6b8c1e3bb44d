//! The validated fields of an education activity to record, built from requests at the edge
//! (`conversions`).

use chrono::NaiveDate;

/// A validated RecordEducationActivity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EducationFields {
    /// `EducationKind` number.
    pub kind: i32,
    /// Title.
    pub title: String,
    /// The day.
    pub date: NaiveDate,
    /// Organising unit.
    pub organising_unit_id: String,
    /// Named participants.
    pub participant_ids: Vec<String>,
    /// Everyone who took part.
    pub head_count: i32,
    /// Notes.
    pub description: String,
}
