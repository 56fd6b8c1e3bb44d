//! One change in the outbox, written in the same transaction as the change.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    /// Strictly increasing in commit order, because writers are serialised.
    #[sea_orm(primary_key)]
    pub sequence: i64,
    pub id: String,
    pub event_type: String,
    pub resource_type: String,
    pub resource_id: String,
    pub time: DateTimeUtc,
    /// Type URL of the encoded resource, e.g. type.googleapis.com/qinglian.tasks.v1.Unit.
    pub type_url: String,
    /// The resource, protobuf-encoded.
    pub payload: Vec<u8>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
