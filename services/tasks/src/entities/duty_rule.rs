//! A recurring or quota duty; its schedule and subjects are in `duty_rule_revisions`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `duty_rules`, published (with its revisions) as `qinglian.tasks.v1.DutyRule`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_rules")]
pub struct Model {
    /// UUIDv7, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The unit the rule belongs to; fixed after creation.
    pub unit_id: String,
    /// Title, e.g. 局领导挂点联系党支部上党课; at most 200 characters.
    pub title: String,
    /// The activity counted, e.g. 党课 or 党员大会; at most 100 characters.
    pub activity: String,
    /// `qinglian.tasks.v1.DutyActivityKind` number; 0 when not classified.
    pub activity_kind: i32,
    /// Number of the latest revision.
    pub revision: i32,
    /// Row version: 1 on creation, one more with every change; published as the etag.
    pub version: i64,
    /// When the rule was created.
    pub create_time: DateTimeUtc,
    /// When the rule was last changed.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
