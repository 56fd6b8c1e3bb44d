//! 任务: one task of a plan.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub plan_id: String,
    pub parent_task_id: Option<String>,
    pub code: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub lead_unit_id: String,
    pub responsible_leader_id: Option<String>,
    pub handler_id: Option<String>,
    pub due_date: Date,
    pub original_due_date: Date,
    /// `Accountability` numbers, comma-separated.
    pub accountabilities: String,
    /// `TaskState` number.
    pub state: i32,
    pub progress_percent: i32,
    pub return_reason: String,
    pub cancel_reason: String,
    pub extended: bool,
    pub late_entry: bool,
    pub completed_date: Option<Date>,
    /// `WarningLevel` number: the highest raised so far.
    pub warning_level: i32,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
