//! 任务: one task of a plan.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `tasks`, published (with its cooperating units) as `qinglian.tasks.v1.Task`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The plan the task belongs to.
    pub plan_id: String,
    /// The task this one was decomposed from; None for a top-level task.
    pub parent_task_id: Option<String>,
    /// Number within the plan, e.g. 2.1.3; empty when not given, unique within the plan.
    pub code: String,
    /// What is to be done; at most 300 characters.
    pub title: String,
    /// Details; at most 5000 characters.
    pub description: String,
    /// Category, e.g. 政治建设, 廉政教育, 日常监督; at most 50 characters.
    pub category: String,
    /// 牵头单位: the unit that leads the task.
    pub lead_unit_id: String,
    /// 责任领导: the leadership-team member answerable for the task; None when not set.
    pub responsible_leader_id: Option<String>,
    /// 经办人: the person doing the work; None when not set.
    pub handler_id: Option<String>,
    /// Current due date; moves only through an approved extension.
    pub due_date: Date,
    /// The due date first set, kept when an extension is approved.
    pub original_due_date: Date,
    /// `qinglian.common.v1.Accountability` numbers, comma-separated.
    pub accountabilities: String,
    /// `qinglian.tasks.v1.TaskState` number.
    pub state: i32,
    /// Last reported progress, 0 to 100.
    pub progress_percent: i32,
    /// Why the task was last returned; empty otherwise.
    pub return_reason: String,
    /// Why the task was cancelled; empty otherwise.
    pub cancel_reason: String,
    /// True when an extension was approved.
    pub extended: bool,
    /// True when any progress was entered late (after the due date, or with old evidence).
    pub late_entry: bool,
    /// The day the task was approved as done; None while open.
    pub completed_date: Option<Date>,
    /// `qinglian.common.v1.WarningLevel` number: the highest raised so far.
    pub warning_level: i32,
    /// Row version: 1 on creation, one more per update and transition; published as the etag.
    pub version: i64,
    /// When the task was created.
    pub create_time: DateTimeUtc,
    /// When the task was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
