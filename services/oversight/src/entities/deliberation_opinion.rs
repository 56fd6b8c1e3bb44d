//! 审议意见: one opinion; its items are in `opinion_items`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "deliberation_opinions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub activity_id: String,
    /// The committee that formed it: that of its activity.
    pub organisation_unit_id: String,
    pub addressee_unit_id: String,
    pub overall_assessment: String,
    /// `OpinionState` number.
    pub state: i32,
    pub signed_by: String,
    pub sent_date: Option<Date>,
    pub handling_deadline: Option<Date>,
    pub handling_report: String,
    pub handling_report_date: Option<Date>,
    pub satisfied: i32,
    pub basically_satisfied: i32,
    pub unsatisfied: i32,
    /// Set once the satisfaction vote is held.
    pub vote_date: Option<Date>,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
