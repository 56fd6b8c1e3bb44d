//! The validated fields of a talk to record, built from requests at the edge (`conversions`).

use chrono::NaiveDate;

/// A validated RecordTalk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TalkFields {
    /// `TalkKind` number.
    pub kind: i32,
    /// The person talked to.
    pub subject_person_id: String,
    /// Who held the talk.
    pub conducted_by_ids: Vec<String>,
    /// The day.
    pub date: NaiveDate,
    /// Why.
    pub reason: String,
    /// What was said.
    pub content: String,
}
