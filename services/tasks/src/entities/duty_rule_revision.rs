//! One revision of a duty rule's schedule and subjects, with the day it takes effect. Never updated.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `duty_rule_revisions`, published as `qinglian.tasks.v1.DutyRuleRevision`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_rule_revisions")]
pub struct Model {
    /// The duty rule.
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_id: String,
    /// 1 for the rule as created, then one more for each change of schedule or subjects.
    #[sea_orm(primary_key, auto_increment = false)]
    pub revision: i32,
    /// First day the revision governs: it judges the periods that begin on or after it.
    pub effective_date: Date,
    /// `recurrence` or `quota`.
    pub schedule_kind: String,
    /// `qinglian.tasks.v1.DutyFrequency` number.
    pub frequency: i32,
    /// Calendar units per period.
    pub interval: i32,
    /// The first period is the one containing this day.
    pub start_date: Date,
    /// No period begins after this day; None when not set.
    pub end_date: Option<Date>,
    /// Number of periods; None when unbounded.
    pub occurrence_count: Option<i32>,
    /// Events expected from each subject per period.
    pub expected_count: i32,
    /// `qinglian.tasks.v1.DutySubjectSelector` number.
    pub subject_selector: i32,
    /// The explicit subjects, a JSON array of `{person_id, unit_id}`.
    pub subjects_json: String,
    /// When the revision was made.
    pub create_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
