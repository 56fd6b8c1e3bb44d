//! A recurring or quota duty; its schedule and subjects are in `duty_rule_revisions`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The unit the rule belongs to; fixed after creation.
    pub unit_id: String,
    pub title: String,
    pub activity: String,
    /// `qinglian.tasks.v1.DutyActivityKind` number; 0 when not classified.
    pub activity_kind: i32,
    /// Number of the latest revision.
    pub revision: i32,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
