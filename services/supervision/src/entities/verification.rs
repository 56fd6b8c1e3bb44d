//! 销号: one verification of a measure.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `verifications`: one verification, published as `qinglian.supervision.v1.Verification`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "verifications")]
pub struct Model {
    /// UUIDv7 of the verification, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Id of the rectification measure verified.
    pub rectification_id: String,
    /// Token subject of whoever asked for the verification.
    pub requested_by: String,
    /// Token subject of the verifier, neither the measure's owner nor the requester.
    pub verifier: String,
    /// `Verdict` number.
    pub verdict: i32,
    /// JSON array of the evidence checked.
    pub evidence: String,
    /// Why the verdict was given; at most 2000 characters.
    pub reason: String,
    /// When the verification was decided.
    pub verify_time: DateTimeUtc,
}

/// Relations of `verifications`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
