//! One recorded event that counts against a duty rule.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `duty_fulfilments`, published as `qinglian.tasks.v1.Fulfilment`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_fulfilments")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The duty rule the event counts against.
    pub rule_id: String,
    /// The subject's person; empty for a unit subject.
    pub person_id: String,
    /// The subject's unit (a liaison link's branch); empty for a person subject.
    pub unit_id: String,
    /// The day the event took place.
    pub date: Date,
    /// What happened, e.g. the lecture's topic; empty when not given, at most 2000 characters.
    pub note: String,
    /// The evidence, as a JSON array of `qinglian.common.v1.Evidence` objects.
    pub evidence_json: String,
    /// The period the event was counted against when recorded.
    pub period_start: Date,
    /// Last day of that period, included.
    pub period_end: Date,
    /// Token subject of who recorded it.
    pub recorded_by: String,
    /// Row version: 1 on creation, one more with every change; published as the etag.
    pub version: i64,
    /// When the event was recorded.
    pub create_time: DateTimeUtc,
    /// When the record was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
