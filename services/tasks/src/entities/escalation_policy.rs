//! The thresholds of the escalation ladder for a plan, or globally (empty plan id).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `escalation_policies`, published as `qinglian.tasks.v1.EscalationPolicy`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "escalation_policies")]
pub struct Model {
    /// The plan, or "" for the global policy.
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: String,
    /// Days before the due date at which a GREEN warning is raised.
    pub green_days: i32,
    /// Days before the due date at which a YELLOW warning is raised; less than `green_days`.
    pub yellow_days: i32,
    /// When the policy was last set.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
