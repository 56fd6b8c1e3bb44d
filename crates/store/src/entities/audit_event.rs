//! One row of the append-only, hash-chained audit log.

use sea_orm::entity::prelude::*;

/// A row of `audit_events`: one audit event, returned as `qinglian.common.v1.AuditEvent`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// Position in the chain, from 1, assigned under the writer lock so that it has no gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sequence: i64,
    /// UUIDv7 of the event.
    pub id: String,
    /// Subject of the token that made the call.
    pub actor: String,
    /// Role of the token that made the call, e.g. admin or clerk.
    pub actor_role: String,
    /// Full gRPC method, e.g. /qinglian.tasks.v1.DirectoryService/CreateUnit.
    pub method: String,
    /// `qinglian.common.v1.AuditAction` number.
    pub action: i32,
    /// Full protobuf name of the resource type, e.g. qinglian.tasks.v1.Unit.
    pub resource_type: String,
    /// ID of the resource changed or read.
    pub resource_id: String,
    /// JSON of the stored row before the change; empty on create and access.
    pub before_json: String,
    /// JSON of the stored row after the change; empty on delete.
    pub after_json: String,
    /// When the change was committed (server clock, UTC), the time of its mutation.
    pub time: DateTimeUtc,
    /// The caller's request id of the mutation; empty when none was sent.
    pub request_id: String,
    /// Hex SHA-256 of the previous event; 64 zeros for the first.
    pub previous_hash: String,
    /// Hex SHA-256 over `previous_hash` and every other field of the event.
    pub hash: String,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
