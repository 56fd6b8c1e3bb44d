//! 警示教育 / 廉政教育: one education activity.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `education_activities`: one activity, published as
/// `qinglian.supervision.v1.EducationActivity`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "education_activities")]
pub struct Model {
    /// UUIDv7 of the activity, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `EducationKind` number.
    pub kind: i32,
    /// Title, e.g. 收看《廉》系列专题警示教育片; at most 300 characters.
    pub title: String,
    /// The day of the activity; not in the future.
    pub date: Date,
    /// Id of the unit that organised it.
    pub organising_unit_id: String,
    /// Named participants, comma-separated in order (also in `education_participants` for lookups).
    pub participant_ids: String,
    /// 人次: everyone who took part, named or not.
    pub head_count: i32,
    /// Notes on the activity; at most 5000 characters.
    pub description: String,
    /// Row version: 1 when created, one more with every update; the etag is made from it.
    pub version: i64,
    /// When the activity was recorded.
    pub create_time: DateTimeUtc,
    /// When the activity was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations of `education_activities`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
