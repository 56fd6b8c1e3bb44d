//! One problem and recommendation of an opinion, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `opinion_items`: one problem found and what the committee recommends.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "opinion_items")]
pub struct Model {
    /// ID of the deliberation opinion the item belongs to.
    #[sea_orm(primary_key, auto_increment = false)]
    pub opinion_id: String,
    /// 0-based place of the item in the opinion's `items`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// The problem found, at most 2000 characters.
    pub problem: String,
    /// What the committee recommends, at most 2000 characters.
    pub recommendation: String,
    /// The problem in the supervision service's ledger; empty until the opinion is sent.
    pub ledger_problem_id: String,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
