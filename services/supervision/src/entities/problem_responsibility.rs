//! 责任清单: one line of a problem's responsibility list, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "problem_responsibilities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub problem_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// Empty when a person answers.
    pub unit_id: String,
    /// Empty when a unit answers.
    pub person_id: String,
    /// `qinglian.common.v1.Accountability` number.
    pub accountability: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
