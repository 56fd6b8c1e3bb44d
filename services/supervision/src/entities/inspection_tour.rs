//! 巡视 / 巡察: one inspection tour.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inspection_tours")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `TourLevel` number.
    pub level: i32,
    pub team_name: String,
    pub inspected_unit_id: String,
    pub start_date: Date,
    pub end_date: Date,
    pub feedback_date: Option<Date>,
    pub version: i64,
    pub create_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
