//! What duties are made of here: a rule with its expectations as stored, and the validated fields of
//! a rule or fulfilment to create and the masked fields of an update, built from requests at the edge
//! (`conversions`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Schedule, Subject, SubjectSelection};
use crate::entities::{duty_rule as rule_row, duty_rule_revision};

/// A rule with its revisions (oldest first), as stored and as replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRecord {
    /// The rule row.
    pub rule: rule_row::Model,
    /// Its revisions, oldest first.
    pub revisions: Vec<duty_rule_revision::Model>,
}

/// The fields of a new rule, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFields {
    /// The unit the rule belongs to.
    pub unit_id: String,
    /// Title.
    pub title: String,
    /// Activity counted.
    pub activity: String,
    /// `DutyActivityKind` number, 0 when not classified.
    pub activity_kind: i32,
    /// The schedule.
    pub schedule: Schedule,
    /// Who the duty falls on.
    pub selection: SubjectSelection,
}

/// A validated UpdateDutyRule: each field is Some when the mask names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulePatch {
    /// The rule to change.
    pub id: String,
    /// The caller's etag; empty means no check.
    pub etag: String,
    /// New title.
    pub title: Option<String>,
    /// New activity.
    pub activity: Option<String>,
    /// New activity kind.
    pub activity_kind: Option<i32>,
    /// New schedule.
    pub schedule: Option<Schedule>,
    /// New subject selection.
    pub selection: Option<SubjectSelection>,
    /// When a new schedule or selection takes effect; None means the default.
    pub effective_date: Option<NaiveDate>,
}

/// A validated RecordFulfilment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FulfilmentFields {
    /// The rule.
    pub rule_id: String,
    /// Who delivered.
    pub subject: Subject,
    /// The day of the event.
    pub date: NaiveDate,
    /// What happened.
    pub note: String,
    /// The evidence, in its stored JSON form.
    pub evidence_json: String,
}
