//! One person a measure's warning was addressed to.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rectification_escalation_recipients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub escalation_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
