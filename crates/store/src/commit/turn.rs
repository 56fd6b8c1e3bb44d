//! A mutation's turn in a batch, and the savepoint it runs its statements in.
//!
//! The batch's transaction, standing in the turn's savepoint, is held in a slot shared with the
//! committer: each statement of the mutation takes it for its duration, and the committer takes it
//! back when the turn ends, or when the turn runs past its deadline. A revoked turn's later statements fail without touching the database, so a
//! stalled mutation holds the other writers up for at most `turn_timeout` and never writes into a
//! later member's turn.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, RuntimeErr,
    Statement,
};
use tokio::sync::{Mutex, oneshot};

use super::{ChainEnd, Failed, Records};
use crate::StoreError;
use crate::entities::idempotency_record;

/// How a turn ended, sent back to the committer, which then takes the savepoint from the slot.
pub(crate) enum Outcome {
    /// The mutation finished: release its savepoint, continue from `end`, write `records` with the
    /// batch, answer `answer` with the batch's commit.
    Finished {
        end: ChainEnd,
        records: Records,
        answer: oneshot::Sender<Result<(), Failed>>,
    },
    /// The mutation wrote nothing (a replayed request id): answer it with the batch's commit, so that
    /// a response replayed from an earlier member is never given out before that member is durable.
    Read {
        answer: oneshot::Sender<Result<(), Failed>>,
    },
    /// The mutation failed or its caller went away: roll its savepoint back. `answer`, when given,
    /// is answered with the batch's commit: the failed call's error waits for it (see
    /// [`super::pending`]).
    Abandoned {
        answer: Option<oneshot::Sender<Result<(), Failed>>>,
    },
}

/// The savepoint, shared by the turn and the committer.
#[derive(Debug)]
pub(crate) struct Slot {
    txn: Mutex<Option<DatabaseTransaction>>,
    revoked: AtomicBool,
    /// Whether the mutation ran a statement: a turn that ran none has nothing to release or undo.
    used: AtomicBool,
}

impl Slot {
    pub(crate) fn new(txn: DatabaseTransaction) -> Arc<Self> {
        Arc::new(Self {
            txn: Mutex::new(Some(txn)),
            revoked: AtomicBool::new(false),
            used: AtomicBool::new(false),
        })
    }

    /// Takes the savepoint back, once no statement of the mutation is running.
    pub(crate) async fn take(&self) -> Option<DatabaseTransaction> {
        self.txn.lock().await.take()
    }

    /// Takes the savepoint back from a turn past its deadline: its later statements fail.
    pub(crate) async fn revoke(&self) -> Option<DatabaseTransaction> {
        self.revoked.store(true, Ordering::SeqCst);
        self.take().await
    }

    fn revoked(&self) -> bool {
        self.revoked.load(Ordering::SeqCst)
    }

    /// Whether the mutation ran a statement in its turn.
    pub(crate) fn used(&self) -> bool {
        self.used.load(Ordering::SeqCst)
    }
}

/// The savepoint a mutation runs in: a connection for every statement of the service's own reads
/// and writes within its turn.
#[derive(Debug)]
pub struct Savepoint {
    slot: Arc<Slot>,
    backend: DbBackend,
    returning: bool,
}

impl Savepoint {
    async fn run<T>(
        &self,
        statement: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, DbErr>,
    ) -> Result<T, DbErr> {
        let held = self.slot.txn.lock().await;
        match held.as_ref() {
            Some(txn) => {
                self.slot.used.store(true, Ordering::SeqCst);
                statement(txn).await
            }
            // Refused as a lost connection would be: nothing more of the mutation is written.
            None => Err(DbErr::Conn(RuntimeErr::Internal(revoked_cause().into()))),
        }
    }
}

#[sea_orm::prelude::async_trait::async_trait]
impl ConnectionTrait for Savepoint {
    fn get_database_backend(&self) -> DbBackend {
        self.backend
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.run(async |txn| txn.execute_raw(stmt).await).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.run(async |txn| txn.execute_unprepared(sql).await)
            .await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.run(async |txn| txn.query_one_raw(stmt).await).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.run(async |txn| txn.query_all_raw(stmt).await).await
    }

    fn support_returning(&self) -> bool {
        self.returning
    }
}

fn revoked_cause() -> &'static str {
    "the mutation ran past its turn's deadline (database.turn_timeout) and was rolled back"
}

/// A mutation's turn in a batch: its savepoint, the chain's end when the turn began, what an earlier
/// member of the batch answered under the same request id, and the way back to the committer.
/// Dropping it abandons the turn.
pub(crate) struct Turn {
    savepoint: Savepoint,
    pub(crate) end: ChainEnd,
    /// The record kept under this mutation's request id: the one an earlier member of the batch
    /// left (not in the table until the batch closes), else the one the committer found in the
    /// table for the batch. Nothing for an empty request id.
    pub(crate) earlier: Option<idempotency_record::Model>,
    /// Whether earlier members of the batch finished before this turn: what it read may be theirs.
    after_others: bool,
    back: Option<oneshot::Sender<Outcome>>,
}

impl std::fmt::Debug for Turn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Turn").field("end", &self.end).finish()
    }
}

impl Turn {
    /// A turn on a transaction of `backend` (with or without RETURNING) held by `slot`, starting at `end` (after other members of the
    /// batch when `after_others`, one of which answered `earlier` under the same request id),
    /// reporting through `back`.
    pub(crate) fn new(
        (backend, returning): (DbBackend, bool),
        slot: Arc<Slot>,
        end: ChainEnd,
        earlier: Option<idempotency_record::Model>,
        after_others: bool,
        back: oneshot::Sender<Outcome>,
    ) -> Self {
        Self {
            savepoint: Savepoint {
                slot,
                backend,
                returning,
            },
            end,
            earlier,
            after_others,
            back: Some(back),
        }
    }

    /// The savepoint the mutation runs in.
    pub(crate) fn savepoint(&self) -> &Savepoint {
        &self.savepoint
    }

    /// Refuses a turn revoked past its deadline: what it would record could never be written.
    pub(crate) fn live(&self) -> Result<(), StoreError> {
        match self.savepoint.slot.revoked() {
            true => Err(StoreError::Unavailable(revoked_cause().into())),
            false => Ok(()),
        }
    }

    /// Ends the turn with its changes up to `end` and its `records`; returns once the batch
    /// committed.
    pub(crate) async fn finish(
        mut self,
        end: ChainEnd,
        records: Records,
    ) -> Result<(), StoreError> {
        let (answer, answered) = oneshot::channel();
        self.send(Outcome::Finished {
            end,
            records,
            answer,
        });
        self.outcome(answered).await
    }

    /// Ends the turn having written nothing; returns once the batch committed.
    pub(crate) async fn finish_read(mut self) -> Result<(), StoreError> {
        let (answer, answered) = oneshot::channel();
        self.send(Outcome::Read { answer });
        self.outcome(answered).await
    }

    fn send(&mut self, outcome: Outcome) {
        if let Some(back) = self.back.take() {
            // A committer that is gone (or has revoked the turn) drops the outcome.
            let _ = back.send(outcome);
        }
    }

    /// What the member learns of its batch: committed, or not with the cause.
    async fn outcome(
        &self,
        answered: oneshot::Receiver<Result<(), Failed>>,
    ) -> Result<(), StoreError> {
        match answered.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(Failed::NotCommitted(cause))) => Err(StoreError::Unavailable(cause)),
            Ok(Err(Failed::Unknown(cause))) => Err(StoreError::OutcomeUnknown(cause)),
            Err(_) if self.savepoint.slot.revoked() => {
                Err(StoreError::Unavailable(revoked_cause().into()))
            }
            Err(_) => Err(super::stopped()),
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let answer = (self.after_others && self.back.is_some()).then(|| {
            let (answer, answered) = oneshot::channel();
            super::pending::note(answered);
            answer
        });
        self.send(Outcome::Abandoned { answer });
    }
}
