//! 干部 / 党员: a person of the directory.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `people`, published as `qinglian.tasks.v1.Person`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "people")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Full name; at most 100 characters.
    pub name: String,
    /// The unit the person belongs to.
    pub unit_id: String,
    /// Position, e.g. 局长 or 办公室主任; empty when not given, at most 100 characters.
    pub position: String,
    /// 党员: a member of the Party.
    pub party_member: bool,
    /// 领导干部: a leading cadre.
    pub leading_cadre: bool,
    /// 班子成员: a member of the leadership team; only such a person can hold a portfolio.
    pub leadership_team_member: bool,
    /// Row version: 1 on creation, one more with every change; published as the etag.
    pub version: i64,
    /// When the person was created.
    pub create_time: DateTimeUtc,
    /// When the person was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
