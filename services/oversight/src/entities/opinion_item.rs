//! One problem and recommendation of an opinion, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "opinion_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub opinion_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub problem: String,
    pub recommendation: String,
    /// The problem in the supervision service's ledger; empty until the opinion is sent.
    pub ledger_problem_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
