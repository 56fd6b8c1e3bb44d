//! The single row that ends the audit chain. Every mutation updates it first, which serialises writers
//! (on SQLite it takes the write lock, on PostgreSQL the row lock) and gives the previous hash.

use sea_orm::entity::prelude::*;

/// The row of `audit_head`: where the audit chain ends, and the row every mutation locks first.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_head")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// Sequence of the last event; 0 when the log is empty.
    pub last_sequence: i64,
    /// Hash of the last event; 64 zeros when the log is empty.
    pub last_hash: String,
    /// Count of write transactions begun; the update that takes the lock.
    pub writes: i64,
    /// Sequence of the newest outbox event; the next event takes the one after, so that event
    /// sequences are gapless.
    pub last_event: i64,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
