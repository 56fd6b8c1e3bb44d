//! One recorded event that counts against a duty rule.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_fulfilments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub rule_id: String,
    /// The subject's person; empty for a unit subject.
    pub person_id: String,
    /// The subject's unit (a liaison link's branch); empty for a person subject.
    pub unit_id: String,
    /// The day the event took place.
    pub date: Date,
    pub note: String,
    /// The evidence, as a JSON array of `qinglian.common.v1.Evidence` objects.
    pub evidence_json: String,
    /// The period the event was counted against when recorded.
    pub period_start: Date,
    pub period_end: Date,
    /// Token subject of who recorded it.
    pub recorded_by: String,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
