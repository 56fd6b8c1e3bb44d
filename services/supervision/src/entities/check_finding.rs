//! One finding of a supervision check, and the problem it opened in the ledger.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "check_findings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub check_id: String,
    /// 0-based place in the recorded result.
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub description: String,
    pub unit_id: String,
    pub open_problem: bool,
    pub category: String,
    /// `ProblemSeverity` number, 0 when not given.
    pub severity: i32,
    /// The problem opened for it; empty when none was.
    pub problem_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
