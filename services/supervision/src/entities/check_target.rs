//! One unit checked by a supervision check.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `check_targets`: one (check, target unit) pair, for looking checks up by unit.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "check_targets")]
pub struct Model {
    /// Id of the check.
    #[sea_orm(primary_key, auto_increment = false)]
    pub check_id: String,
    /// Id of a unit the check covers.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: String,
}

/// Relations of `check_targets`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
