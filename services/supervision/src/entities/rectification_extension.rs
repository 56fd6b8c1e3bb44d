//! A request to move a measure's deadline.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectification_extensions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub rectification_id: String,
    pub requested_deadline: Date,
    pub reason: String,
    /// `qinglian.tasks.v1.ExtensionState` number.
    pub state: i32,
    pub requested_by: String,
    pub decided_by: String,
    pub decision_reason: String,
    pub create_time: DateTimeUtc,
    pub decide_time: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
