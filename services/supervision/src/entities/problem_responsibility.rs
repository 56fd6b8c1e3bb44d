//! 责任清单: one line of a problem's responsibility list, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `problem_responsibilities`: one line of a problem's list, published as
/// `qinglian.supervision.v1.Responsibility`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "problem_responsibilities")]
pub struct Model {
    /// Id of the problem.
    #[sea_orm(primary_key, auto_increment = false)]
    pub problem_id: String,
    /// 0-based place of the line in the problem's responsibility list.
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// Empty when a person answers.
    pub unit_id: String,
    /// Empty when a unit answers.
    pub person_id: String,
    /// `qinglian.common.v1.Accountability` number.
    pub accountability: i32,
}

/// Relations of `problem_responsibilities`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
