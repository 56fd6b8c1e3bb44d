//! A progress report on a task.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "progress_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub task_id: String,
    pub text: String,
    pub percent: i32,
    /// The evidence, as a JSON array of `qinglian.common.v1.Evidence` objects.
    pub evidence_json: String,
    pub reporter: String,
    pub report_time: DateTimeUtc,
    pub late_entry: bool,
    /// Why the entry is late, newline-separated.
    pub late_reasons: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
