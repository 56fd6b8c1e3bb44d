//! 任务分工方案 and other yearly plans.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `plans`, published as `qinglian.tasks.v1.Plan`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The year the plan is for, e.g. 2023.
    pub year: i32,
    /// Title of the plan; at most 300 characters.
    pub title: String,
    /// The unit that issues the plan.
    pub issuing_unit_id: String,
    /// `qinglian.tasks.v1.PlanKind` number.
    pub kind: i32,
    /// `qinglian.tasks.v1.PlanState` number.
    pub state: i32,
    /// Row version: 1 on creation, one more with every change; published as the etag.
    pub version: i64,
    /// When the plan was created.
    pub create_time: DateTimeUtc,
    /// When the plan was last changed.
    pub update_time: DateTimeUtc,
    /// When the plan was published; None before.
    pub publish_time: Option<DateTimeUtc>,
    /// When the plan was archived; None before.
    pub archive_time: Option<DateTimeUtc>,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
