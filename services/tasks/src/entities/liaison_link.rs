//! 挂点联系: a leader's standing link to a Party branch.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `liaison_links`, published as `qinglian.tasks.v1.LiaisonLink`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "liaison_links")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The leader, a person who is a leadership-team member.
    pub leader_id: String,
    /// The Party branch, a unit of kind `UNIT_KIND_PARTY_BRANCH`.
    pub branch_id: String,
    /// Row version: 1 on creation, one more with every change; published as the etag.
    pub version: i64,
    /// When the link was created.
    pub create_time: DateTimeUtc,
    /// When the link was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
