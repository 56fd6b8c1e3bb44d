//! One source of a problem (a tour, a check, an audit, …).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "problem_sources")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub problem_id: String,
    /// `ProblemSource` number.
    #[sea_orm(primary_key, auto_increment = false)]
    pub source: i32,
    /// For a tour, the tour id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub reference: String,
    pub link_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
