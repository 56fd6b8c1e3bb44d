//! What every mutation leaves beside its own rows: its audit events, its outbox events and the
//! response remembered under its request id. A mutation collects them in memory; the committer keeps
//! those of each member that finished and writes the whole batch's in a few multi-row inserts just
//! before it commits. So each mutation's turn, which the other writers wait for, runs only the
//! statements of its own domain, and a member rolled back leaves nothing to undo here.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::entities::{audit_event, idempotency_record, outbox_event};

/// Rows per multi-row insert: far below the bind limits of both backends (SQLite 32,766 values,
/// PostgreSQL 65,535) for the widest table (14 columns of audit events).
const ROWS_PER_INSERT: usize = 1000;

/// The records of one mutation, or of the finished members of a batch.
#[derive(Debug, Default)]
pub(crate) struct Records {
    /// Audit events, in chain order.
    pub(crate) audit: Vec<audit_event::Model>,
    /// Outbox events, in sequence order.
    pub(crate) outbox: Vec<outbox_event::Model>,
    /// Responses by request id.
    pub(crate) requests: HashMap<String, idempotency_record::Model>,
}

impl Records {
    /// Adds the records of a member that finished after those already here.
    pub(crate) fn append(&mut self, later: Records) {
        self.audit.extend(later.audit);
        self.outbox.extend(later.outbox);
        self.requests.extend(later.requests);
    }

    /// The response an earlier member gave under `request_id`, if any.
    pub(crate) fn request(&self, request_id: &str) -> Option<idempotency_record::Model> {
        self.requests.get(request_id).cloned()
    }

    /// Writes every record into the batch's transaction.
    pub(crate) async fn write(self, txn: &impl ConnectionTrait) -> Result<(), DbErr> {
        insert_all::<audit_event::Entity, _>(txn, self.audit).await?;
        insert_all::<outbox_event::Entity, _>(txn, self.outbox).await?;
        insert_all::<idempotency_record::Entity, _>(txn, self.requests.into_values()).await
    }
}

/// Inserts `rows` of entity `E`, [`ROWS_PER_INSERT`] to a statement.
async fn insert_all<E, M>(
    txn: &impl ConnectionTrait,
    rows: impl IntoIterator<Item = M>,
) -> Result<(), DbErr>
where
    E: EntityTrait,
    M: sea_orm::IntoActiveModel<E::ActiveModel>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<E::ActiveModel> = rows
            .by_ref()
            .take(ROWS_PER_INSERT)
            .map(|row| row.into_active_model())
            .collect();
        E::insert_many(chunk).exec_without_returning(txn).await?;
    }
    Ok(())
}
