//! 单位: an organisational unit.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `qinglian.tasks.v1.UnitKind` number.
    pub kind: i32,
    pub name: String,
    pub short_name: String,
    pub parent_id: Option<String>,
    /// Unique when set.
    pub code: Option<String>,
    /// Materialised path of ids from the root to this unit, `/root/…/id/`: subtree queries and unit
    /// scope checks are prefix matches.
    pub path: String,
    /// The unit's head (or a Party organisation's secretary), a person.
    pub head_id: Option<String>,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
