//! 单位: an organisational unit.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `units`, published as `qinglian.tasks.v1.Unit`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "units")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `qinglian.tasks.v1.UnitKind` number.
    pub kind: i32,
    /// Full name, e.g. 市民政局; at most 200 characters.
    pub name: String,
    /// Short name used in reports, e.g. 民政局; empty when not given, at most 50 characters.
    pub short_name: String,
    /// The parent unit; None for a root.
    pub parent_id: Option<String>,
    /// Unique when set.
    pub code: Option<String>,
    /// Materialised path of ids from the root to this unit, `/root/…/id/`: subtree queries and unit
    /// scope checks are prefix matches.
    pub path: String,
    /// The unit's head (or a Party organisation's secretary), a person.
    pub head_id: Option<String>,
    /// Row version: 1 on creation, one more with every change; published as the etag.
    pub version: i64,
    /// When the unit was created.
    pub create_time: DateTimeUtc,
    /// When the unit was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
