//! The first response to a mutation that carried a request id (AIP-155).

use sea_orm::entity::prelude::*;

/// A row of `idempotency_records`: what a retry with the same request id is answered with.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_records")]
pub struct Model {
    /// The caller's request id: printable ASCII without spaces, at most 128 characters.
    #[sea_orm(primary_key, auto_increment = false)]
    pub request_id: String,
    /// Full gRPC method of the mutation, e.g. /qinglian.tasks.v1.DirectoryService/CreateUnit.
    pub method: String,
    /// Hex SHA-256 of the method, the caller (subject, role and scope) and the encoded request, to
    /// tell a retry from a different request reusing the id.
    pub fingerprint: String,
    /// The first response, as JSON.
    pub response: Vec<u8>,
    /// When the first response was stored (UTC); removed once past the retention window.
    pub create_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
