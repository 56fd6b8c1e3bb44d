//! One change in the outbox, written in the same transaction as the change.

use sea_orm::entity::prelude::*;

/// A row of `outbox_events`: one change for watchers, returned as `qinglian.common.v1.Event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    /// Gapless and increasing in commit order: taken from the head row in the batch's transaction.
    #[sea_orm(primary_key, auto_increment = false)]
    pub sequence: i64,
    /// UUIDv7 of the event.
    pub id: String,
    /// What happened: the resource type plus .created, .updated or .deleted.
    pub event_type: String,
    /// Full protobuf name of the resource type, e.g. qinglian.tasks.v1.Unit.
    pub resource_type: String,
    /// ID of the resource changed.
    pub resource_id: String,
    /// When the change was committed (server clock, UTC), the time of its mutation.
    pub time: DateTimeUtc,
    /// Type URL of the encoded resource, e.g. type.googleapis.com/qinglian.tasks.v1.Unit.
    pub type_url: String,
    /// The resource, protobuf-encoded.
    pub payload: Vec<u8>,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
