//! One source of a problem (a tour, a check, an audit, …).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `problem_sources`: one source of a problem, published as
/// `qinglian.supervision.v1.ProblemSourceRef`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "problem_sources")]
pub struct Model {
    /// Id of the problem.
    #[sea_orm(primary_key, auto_increment = false)]
    pub problem_id: String,
    /// `ProblemSource` number.
    #[sea_orm(primary_key, auto_increment = false)]
    pub source: i32,
    /// For a tour, the tour id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub reference: String,
    /// When the source was linked to the problem.
    pub link_time: DateTimeUtc,
}

/// Relations of `problem_sources`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
