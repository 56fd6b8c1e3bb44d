//! 监督检查: one supervision check and its result.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `checks`: one supervision check, published as `qinglian.supervision.v1.Check`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "checks")]
pub struct Model {
    /// UUIDv7 of the check, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `CheckKind` number.
    pub kind: i32,
    /// Title, e.g. 2023年中秋国庆节日期间作风建设专项检查; at most 200 characters.
    pub title: String,
    /// `CheckFocus` numbers, comma-separated in order.
    pub focuses: String,
    /// Which key area or period the check concentrates on, e.g. 行政后勤; may be empty.
    pub focus_note: String,
    /// Id of the unit that organises the check.
    pub organising_unit_id: String,
    /// Unit ids, comma-separated in order (also in `check_targets` for lookups).
    pub target_unit_ids: String,
    /// First day of the check.
    pub start_date: Date,
    /// Last day of the check; not before `start_date`.
    pub end_date: Date,
    /// Person ids, comma-separated in order (also in `check_inspectors` for lookups).
    pub inspector_ids: String,
    /// `CheckState` number.
    pub state: i32,
    /// Empty while planned.
    pub conclusion: String,
    /// Row version: 1 when created, one more with every update; the etag is made from it.
    pub version: i64,
    /// When the check was created.
    pub create_time: DateTimeUtc,
    /// When the check last changed.
    pub update_time: DateTimeUtc,
}

/// Relations of `checks`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
