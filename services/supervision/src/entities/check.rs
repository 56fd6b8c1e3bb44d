//! 监督检查: one supervision check and its result.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `CheckKind` number.
    pub kind: i32,
    pub title: String,
    /// `CheckFocus` numbers, comma-separated in order.
    pub focuses: String,
    pub focus_note: String,
    pub organising_unit_id: String,
    /// Unit ids, comma-separated in order (also in `check_targets` for lookups).
    pub target_unit_ids: String,
    pub start_date: Date,
    pub end_date: Date,
    /// Person ids, comma-separated in order (also in `check_inspectors` for lookups).
    pub inspector_ids: String,
    /// `CheckState` number.
    pub state: i32,
    /// Empty while planned.
    pub conclusion: String,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
