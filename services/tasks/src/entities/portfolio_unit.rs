//! One unit in a leadership-team member's portfolio.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `portfolio_units`: one unit a leadership-team member oversees.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "portfolio_units")]
pub struct Model {
    /// The leadership-team member.
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: String,
    /// The unit overseen.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: String,
    /// Order in which the units were given.
    pub position: i32,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
