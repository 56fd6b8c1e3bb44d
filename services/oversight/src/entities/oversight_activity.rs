//! One piece of the standing committee's oversight work; its laws are in `activity_laws`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "oversight_activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `OversightKind` number.
    pub kind: i32,
    /// `OversightSubject` number.
    pub subject: i32,
    pub title: String,
    pub meeting: String,
    pub date: Date,
    /// Empty when none.
    pub related_activity_id: String,
    pub organisation_unit_id: String,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
