//! One person carrying out a supervision check.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "check_inspectors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub check_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
