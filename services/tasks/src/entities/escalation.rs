//! 督办: a graded warning raised for a task, once per (task, level).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "escalations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub task_id: String,
    /// `WarningLevel` number; unique with `task_id`.
    pub level: i32,
    /// Person ids warned, comma-separated in order (also in `escalation_recipients` for lookups).
    pub recipient_ids: String,
    pub raise_date: Date,
    pub due_date: Date,
    pub days_left: i32,
    pub acknowledged: bool,
    pub acknowledged_by: String,
    pub acknowledge_time: Option<DateTimeUtc>,
    pub version: i64,
    pub create_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
