//! 审议意见: one opinion; its items are in `opinion_items`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `deliberation_opinions`: one 审议意见 without its items.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "deliberation_opinions")]
pub struct Model {
    /// UUIDv7 of the opinion, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// ID of the oversight activity deliberated.
    pub activity_id: String,
    /// The committee that formed it: that of its activity.
    pub organisation_unit_id: String,
    /// The unit in the directory that must handle it, e.g. the city government.
    pub addressee_unit_id: String,
    /// The committee's overall assessment, at most 5000 characters.
    pub overall_assessment: String,
    /// `OpinionState` number.
    pub state: i32,
    /// Token subject of whoever signed it; empty until signed.
    pub signed_by: String,
    /// The day it was sent to the addressee; None until sent.
    pub sent_date: Option<Date>,
    /// The day the handling report is due; set when the opinion is sent.
    pub handling_deadline: Option<Date>,
    /// The addressee's report on how it handled the opinion; empty until recorded.
    pub handling_report: String,
    /// The day the handling report arrived; None until recorded.
    pub handling_report_date: Option<Date>,
    /// Members voting satisfied in the satisfaction vote (满意度测评); 0 before the vote.
    pub satisfied: i32,
    /// Members voting basically satisfied in the satisfaction vote; 0 before the vote.
    pub basically_satisfied: i32,
    /// Members voting unsatisfied in the satisfaction vote; 0 before the vote.
    pub unsatisfied: i32,
    /// Set once the satisfaction vote is held.
    pub vote_date: Option<Date>,
    /// Row version, 1 on creation and one more with every update; the etag is derived from it.
    pub version: i64,
    /// When the opinion was drafted (UTC).
    pub create_time: DateTimeUtc,
    /// When the opinion last changed (UTC).
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
