//! 巡视 / 巡察: one inspection tour.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `inspection_tours`: one tour, published as `qinglian.supervision.v1.InspectionTour`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inspection_tours")]
pub struct Model {
    /// UUIDv7 of the tour, assigned by the server; problems from its feedback reference it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `TourLevel` number.
    pub level: i32,
    /// The inspection team, e.g. 省委第八巡视组; at most 200 characters.
    pub team_name: String,
    /// Id of the unit inspected.
    pub inspected_unit_id: String,
    /// First day of the tour.
    pub start_date: Date,
    /// Last day of the tour; not before `start_date`.
    pub end_date: Date,
    /// The day the team gave its feedback (反馈); `None` when not given.
    pub feedback_date: Option<Date>,
    /// Row version: 1 when created, one more with every update; the etag is made from it.
    pub version: i64,
    /// When the tour was recorded.
    pub create_time: DateTimeUtc,
}

/// Relations of `inspection_tours`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
