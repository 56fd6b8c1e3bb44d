//! One finding of a supervision check, and the problem it opened in the ledger.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `check_findings`: one finding of a check, published as
/// `qinglian.supervision.v1.CheckFinding`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "check_findings")]
pub struct Model {
    /// Id of the check the finding belongs to.
    #[sea_orm(primary_key, auto_increment = false)]
    pub check_id: String,
    /// 0-based place in the recorded result.
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// What was found; at most 5000 characters.
    pub description: String,
    /// Id of the unit where it was found, one of the check's target units.
    pub unit_id: String,
    /// True when the finding opens a problem in the rectification ledger (问题清单).
    pub open_problem: bool,
    /// A category of the office's own, e.g. 八项规定; may be empty.
    pub category: String,
    /// `ProblemSeverity` number, 0 when not given.
    pub severity: i32,
    /// The problem opened for it; empty when none was.
    pub problem_id: String,
}

/// Relations of `check_findings`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
