//! One version of a regulation.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "regulation_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub regulation_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    /// `<regulation id>:<version>`, the revision's own id for listing across regulations.
    pub id: String,
    /// The unit that issued the regulation (as the regulation has it), for listing by unit.
    pub issuing_unit_id: String,
    pub change_summary: String,
    pub effective_date: Date,
    /// The measure it answers; empty when none.
    pub rectification_id: String,
    pub create_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
