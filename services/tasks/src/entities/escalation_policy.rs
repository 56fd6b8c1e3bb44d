//! The thresholds of the escalation ladder for a plan, or globally (empty plan id).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "escalation_policies")]
pub struct Model {
    /// The plan, or "" for the global policy.
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: String,
    pub green_days: i32,
    pub yellow_days: i32,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
