//! Which problems a measure answers.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectification_problems")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub rectification_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub problem_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
