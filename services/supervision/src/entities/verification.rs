//! 销号: one verification of a measure.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "verifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub rectification_id: String,
    pub requested_by: String,
    pub verifier: String,
    /// `Verdict` number.
    pub verdict: i32,
    /// JSON array of the evidence checked.
    pub evidence: String,
    pub reason: String,
    pub verify_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
