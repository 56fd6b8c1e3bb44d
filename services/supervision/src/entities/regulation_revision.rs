//! One version of a regulation.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `regulation_revisions`: one version, published as
/// `qinglian.supervision.v1.RegulationRevision`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "regulation_revisions")]
pub struct Model {
    /// Id of the regulation this is a version of.
    #[sea_orm(primary_key, auto_increment = false)]
    pub regulation_id: String,
    /// The version number: 1 for the first version, one more with each revision.
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    /// `<regulation id>:<version>`, the revision's own id for listing across regulations.
    pub id: String,
    /// The unit that issued the regulation (as the regulation has it), for listing by unit.
    pub issuing_unit_id: String,
    /// What this version changed (for version 1: what the rule covers); at most 2000 characters.
    pub change_summary: String,
    /// The day this version takes effect.
    pub effective_date: Date,
    /// The measure it answers; empty when none.
    pub rectification_id: String,
    /// When the revision was recorded.
    pub create_time: DateTimeUtc,
}

/// Relations of `regulation_revisions`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
