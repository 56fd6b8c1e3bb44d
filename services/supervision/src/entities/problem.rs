//! 问题清单: one problem; its sources, responsibilities and measures are in their own tables.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "problems")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub unit_id: String,
    pub description: String,
    pub category: String,
    /// `ProblemSeverity` number.
    pub severity: i32,
    pub found_date: Date,
    /// `ProblemState` number.
    pub state: i32,
    pub recurrence_count: i32,
    pub close_date: Option<Date>,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
