//! 谈话: a talk with a cadre; reason, content and follow-ups are confidential.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "talks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `TalkKind` number.
    pub kind: i32,
    pub subject_person_id: String,
    pub subject_unit_id: String,
    /// Person ids, comma-separated in order.
    pub conducted_by_ids: String,
    pub date: Date,
    pub reason: String,
    pub content: String,
    /// Follow-up notes, a JSON array of strings, oldest first.
    pub follow_ups: String,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
