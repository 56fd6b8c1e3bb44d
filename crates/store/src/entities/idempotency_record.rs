//! The first response to a mutation that carried a request id (AIP-155).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_records")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub request_id: String,
    pub method: String,
    /// Hex SHA-256 of the encoded request, to tell a retry from a different request reusing the id.
    pub fingerprint: String,
    /// The first response, protobuf-encoded.
    pub response: Vec<u8>,
    pub create_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
