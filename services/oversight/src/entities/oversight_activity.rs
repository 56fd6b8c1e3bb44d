//! One piece of the standing committee's oversight work; its laws are in `activity_laws`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `oversight_activities`: one oversight activity without its laws.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "oversight_activities")]
pub struct Model {
    /// UUIDv7 of the activity, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `OversightKind` number.
    pub kind: i32,
    /// `OversightSubject` number.
    pub subject: i32,
    /// What was reported, reviewed or inspected, at most 300 characters.
    pub title: String,
    /// The meeting, e.g. 常委会第十二次会议; empty when none, at most 100 characters.
    pub meeting: String,
    /// The day it took place; not in the future.
    pub date: Date,
    /// Empty when none.
    pub related_activity_id: String,
    /// The standing committee (a unit in the directory) that carried it out.
    pub organisation_unit_id: String,
    /// Row version from which the etag is derived; 1 on creation.
    pub version: i64,
    /// When it was recorded (UTC).
    pub create_time: DateTimeUtc,
    /// When it last changed (UTC).
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
