//! 制度: an internal rule of a unit.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `regulations`: one regulation, published as `qinglian.supervision.v1.Regulation`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "regulations")]
pub struct Model {
    /// UUIDv7 of the regulation, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Title with its book-title marks, e.g. 《机关公务用车管理办法》; at most 200 characters.
    pub title: String,
    /// Id of the unit that issues it.
    pub issuing_unit_id: String,
    /// The version in force: 1 at creation, one more with each revision.
    pub current_version: i32,
    /// Row version: 1 when created, one more with every update; the etag is made from it.
    pub version: i64,
    /// When the regulation was created.
    pub create_time: DateTimeUtc,
    /// When the regulation was last revised.
    pub update_time: DateTimeUtc,
}

/// Relations of `regulations`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
