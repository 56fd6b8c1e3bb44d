//! 整改措施: one measure of the ledger.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `rectifications`: one measure, published as `qinglian.supervision.v1.Rectification`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectifications")]
pub struct Model {
    /// UUIDv7 of the measure, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The measure itself; at most 5000 characters.
    pub measure: String,
    /// Id of the unit responsible for the measure.
    pub responsible_unit_id: String,
    /// Id of the person responsible (the owner), who may not verify it.
    pub responsible_person_id: String,
    /// The deadline in force; moves only through an approved extension.
    pub deadline: Date,
    /// The deadline first set; kept when an extension is approved.
    pub original_deadline: Date,
    /// True when the measure is a lasting mechanism (长效机制), e.g. a rule revised.
    pub lasting_mechanism: bool,
    /// `RectificationState` number.
    pub state: i32,
    /// Last reported progress, 0 to 100.
    pub percent: i32,
    /// `qinglian.common.v1.WarningLevel` number.
    pub warning_level: i32,
    /// The day it was signed off (销号); `None` while not verified.
    pub complete_date: Option<Date>,
    /// The day a re-check (回头看) falls due; set at sign-off, cleared by the re-check.
    pub recheck_due_date: Option<Date>,
    /// Times a re-check found the problem recurred.
    pub recurrence_count: i32,
    /// True when an extension of the deadline was approved.
    pub extended: bool,
    /// Token subject of whoever asked for the pending verification; empty when none is pending.
    pub verification_requested_by: String,
    /// Row version: 1 when created, one more with every update; the etag is made from it.
    pub version: i64,
    /// When the measure was recorded.
    pub create_time: DateTimeUtc,
    /// When the measure last changed.
    pub update_time: DateTimeUtc,
}

/// Relations of `rectifications`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
