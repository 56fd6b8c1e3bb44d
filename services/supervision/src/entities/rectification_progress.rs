//! A progress report on a measure.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `rectification_progress`: one report, published as
/// `qinglian.supervision.v1.RectificationProgress`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectification_progress")]
pub struct Model {
    /// UUIDv7 of the report, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Id of the rectification measure reported on.
    pub rectification_id: String,
    /// What was done; at most 5000 characters.
    pub text: String,
    /// Progress after this report, 0 to 100.
    pub percent: i32,
    /// JSON array of evidence records.
    pub evidence: String,
    /// Token subject of whoever reported.
    pub reporter: String,
    /// When the report was entered.
    pub report_time: DateTimeUtc,
}

/// Relations of `rectification_progress`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
