//! 警示教育 / 廉政教育: one education activity.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "education_activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `EducationKind` number.
    pub kind: i32,
    pub title: String,
    pub date: Date,
    pub organising_unit_id: String,
    /// Named participants, comma-separated in order (also in `education_participants` for lookups).
    pub participant_ids: String,
    /// 人次: everyone who took part, named or not.
    pub head_count: i32,
    pub description: String,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
