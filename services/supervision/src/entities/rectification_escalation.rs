//! 督办: a graded warning raised for a measure, once per (measure, level).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectification_escalations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub rectification_id: String,
    /// `qinglian.tasks.v1.WarningLevel` number; unique with `rectification_id`.
    pub level: i32,
    /// Person ids warned, comma-separated in order (also in the recipients table for lookups).
    pub recipient_ids: String,
    pub raise_date: Date,
    pub deadline: Date,
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
