//! 整改措施: one measure of the ledger.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub measure: String,
    pub responsible_unit_id: String,
    pub responsible_person_id: String,
    pub deadline: Date,
    pub original_deadline: Date,
    pub lasting_mechanism: bool,
    /// `RectificationState` number.
    pub state: i32,
    pub percent: i32,
    /// `qinglian.common.v1.WarningLevel` number.
    pub warning_level: i32,
    pub complete_date: Option<Date>,
    pub recheck_due_date: Option<Date>,
    pub recurrence_count: i32,
    pub extended: bool,
    /// Token subject of whoever asked for the pending verification; empty when none is pending.
    pub verification_requested_by: String,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
