//! Which problems a measure answers.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `rectification_problems`: one (measure, problem) pair, a problem the measure answers.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectification_problems")]
pub struct Model {
    /// Id of the rectification measure.
    #[sea_orm(primary_key, auto_increment = false)]
    pub rectification_id: String,
    /// Id of a problem the measure answers.
    #[sea_orm(primary_key, auto_increment = false)]
    pub problem_id: String,
}

/// Relations of `rectification_problems`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
