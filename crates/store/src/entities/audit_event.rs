//! One row of the append-only, hash-chained audit log.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// Position in the chain, from 1, assigned under the writer lock so that it has no gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sequence: i64,
    pub id: String,
    pub actor: String,
    pub actor_role: String,
    pub method: String,
    /// `qinglian.common.v1.AuditAction` number.
    pub action: i32,
    pub resource_type: String,
    pub resource_id: String,
    pub before_json: String,
    pub after_json: String,
    pub time: DateTimeUtc,
    pub request_id: String,
    pub previous_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
