//! 配合单位: a unit helping with a task.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `task_cooperating_units`: one cooperating unit of a task.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "task_cooperating_units")]
pub struct Model {
    /// The task.
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: String,
    /// The unit helping with it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: String,
    /// Order in which the units were given.
    pub position: i32,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
