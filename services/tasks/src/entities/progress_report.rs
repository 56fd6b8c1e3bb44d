//! A progress report on a task.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `progress_reports`, published as `qinglian.tasks.v1.ProgressReport`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "progress_reports")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The task reported on.
    pub task_id: String,
    /// What was done; at most 5000 characters.
    pub text: String,
    /// Progress after this report, 0 to 100.
    pub percent: i32,
    /// The evidence, as a JSON array of `qinglian.common.v1.Evidence` objects.
    pub evidence_json: String,
    /// Token subject of whoever reported.
    pub reporter: String,
    /// When the report was entered.
    pub report_time: DateTimeUtc,
    /// True when entered after the task's due date or with evidence dated too long before entry.
    pub late_entry: bool,
    /// Why the entry is late, newline-separated.
    pub late_reasons: String,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
