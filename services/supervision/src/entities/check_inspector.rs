//! One person carrying out a supervision check.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `check_inspectors`: one (check, inspector) pair, for looking checks up by inspector.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "check_inspectors")]
pub struct Model {
    /// Id of the check.
    #[sea_orm(primary_key, auto_increment = false)]
    pub check_id: String,
    /// Id of a person carrying out the check.
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: String,
}

/// Relations of `check_inspectors`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
