//! 谈话: a talk with a cadre; reason, content and follow-ups are confidential.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `talks`: one talk, published as `qinglian.supervision.v1.Talk`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "talks")]
pub struct Model {
    /// UUIDv7 of the talk, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `TalkKind` number.
    pub kind: i32,
    /// Id of the person talked to.
    pub subject_person_id: String,
    /// Id of the subject's unit at the time of the talk, taken from the directory.
    pub subject_unit_id: String,
    /// Person ids, comma-separated in order.
    pub conducted_by_ids: String,
    /// The day of the talk; not in the future.
    pub date: Date,
    /// Why the talk was held (e.g. an early sign); confidential, at most 2000 characters.
    pub reason: String,
    /// What was said; confidential, at most 20000 characters.
    pub content: String,
    /// Follow-up notes, a JSON array of strings, oldest first.
    pub follow_ups: String,
    /// Row version: 1 when created, one more with every update; the etag is made from it.
    pub version: i64,
    /// When the talk was recorded.
    pub create_time: DateTimeUtc,
    /// When the talk was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations of `talks`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
