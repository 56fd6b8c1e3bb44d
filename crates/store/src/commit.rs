//! Group commit: the mutations of a service are queued to one committer, which applies them in
//! batches, each batch one transaction on one connection.
//!
//! A batch opens by moving the `audit_head` row (the write lock on SQLite, the row lock on
//! PostgreSQL, so that replicas of a service interleave by batch), then grants turns in queue order.
//! Each turn is a savepoint: the mutation runs its statements in it from its own task and hands it
//! back finished (the committer releases it) or abandoned (the committer rolls it back alone, the
//! rest of the batch unaffected). The audit chain and the outbox continue from turn to turn, so they
//! grow in commit order, never fork and have no gaps (a batch that does not commit takes no number),
//! and a request id is seen by every later turn of the batch. The audit events, outbox events and
//! request ids of the members that finished are written together at the batch's close (see
//! [`records`]), so a turn holds the other writers only for its own statements.
//! The batch closes when it holds `batch_max` turns or when no mutation arrives within
//! `batch_linger`; the head row takes the chain's end, the transaction commits, and only then is
//! every member answered: nothing is acknowledged before it is durable. A batch whose commit fails
//! answers every member with the error, and nothing of it was written.

use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait,
    QueryFilter, TransactionTrait,
};
use tokio::sync::{mpsc, oneshot, watch};

use crate::StoreError;
use crate::entities::{audit_head, idempotency_record};
use crate::time;

pub mod pending;
mod records;
mod turn;

pub(crate) use records::Records;

pub use turn::Savepoint;
pub(crate) use turn::Turn;
use turn::{Outcome, Slot};

/// Every how many batches the expired idempotency records are removed.
const PURGE_EVERY: i64 = 1000;

/// How the committer batches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchSettings {
    /// Most mutations in one transaction.
    pub max: usize,
    /// How long an open batch waits for one more mutation before it commits.
    pub linger: Duration,
    /// Most mutations waiting for their turn; a caller beyond waits to be queued.
    pub queue: usize,
    /// Longest a mutation may hold its turn; past it the turn is revoked and rolled back, so that a
    /// stalled mutation cannot stall every writer of the service.
    pub turn_timeout: Duration,
}

impl Default for BatchSettings {
    fn default() -> Self {
        Self {
            max: 64,
            linger: Duration::ZERO,
            queue: 1024,
            turn_timeout: Duration::from_secs(5),
        }
    }
}

/// Where the audit chain and the outbox stand within a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ChainEnd {
    /// Sequence of the newest audit event.
    pub(crate) sequence: i64,
    /// Hash of the newest audit event.
    pub(crate) hash: String,
    /// Sequence of the newest outbox event; the next one takes the one after, so they are gapless.
    pub(crate) event: i64,
}

/// Why a member was not acknowledged.
#[derive(Clone, Debug)]
pub(crate) enum Failed {
    /// Nothing of it was written.
    NotCommitted(String),
    /// The batch's COMMIT was sent and failed: whether it took effect is not known.
    Unknown(String),
}

/// A mutation waiting for its turn.
struct Waiting {
    /// Its request id (may be empty), looked up among the batch's earlier members.
    request_id: String,
    granted: oneshot::Sender<Result<Turn, StoreError>>,
}

/// The queue to a store's committer.
#[derive(Clone, Debug)]
pub(crate) struct Committer {
    queue: mpsc::Sender<Waiting>,
}

impl Committer {
    /// Starts the committer of `conn`; it stops when the last handle is dropped.
    pub(crate) fn start(
        conn: DatabaseConnection,
        settings: BatchSettings,
        retention: chrono::Duration,
        committed: Arc<watch::Sender<i64>>,
    ) -> Self {
        let (queue, waiting) = mpsc::channel(settings.queue.max(1));
        tokio::spawn(run(conn, settings, retention, committed, waiting));
        Self { queue }
    }

    /// Waits for a turn for a mutation with `request_id`. Dropping the future while queued gives
    /// the turn up with nothing written.
    pub(crate) async fn turn(&self, request_id: &str) -> Result<Turn, StoreError> {
        let (granted, turn) = oneshot::channel();
        self.queue
            .send(Waiting {
                request_id: request_id.to_owned(),
                granted,
            })
            .await
            .map_err(|_| stopped())?;
        turn.await.unwrap_or_else(|_| Err(stopped()))
    }
}

pub(crate) fn stopped() -> StoreError {
    StoreError::Unavailable("the store is closing".into())
}

/// An open batch: its transaction, where the outbox stood when it opened, where the chain stands,
/// the records of the members that finished, and the members to answer.
struct Batch {
    txn: DatabaseTransaction,
    first_event: i64,
    end: ChainEnd,
    records: Records,
    members: Vec<oneshot::Sender<Result<(), Failed>>>,
}

async fn run(
    conn: DatabaseConnection,
    settings: BatchSettings,
    retention: chrono::Duration,
    committed: Arc<watch::Sender<i64>>,
    mut waiting: mpsc::Receiver<Waiting>,
) {
    while let Some(first) = waiting.recv().await {
        let applied = std::panic::AssertUnwindSafe(apply(
            first,
            &conn,
            &settings,
            retention,
            &committed,
            &mut waiting,
        ))
        .catch_unwind()
        .await;
        if applied.is_err() {
            // A defect, not a state of the database: the batch's transaction was dropped (rolled
            // back) and its members learn they were not committed; the next batch starts afresh.
            tracing::error!(
                "the committer panicked applying a batch; its members were not committed"
            );
        }
    }
}

/// Applies one batch, beginning with `first` and taking the mutations that wait, up to `max`.
async fn apply(
    first: Waiting,
    conn: &DatabaseConnection,
    settings: &BatchSettings,
    retention: chrono::Duration,
    committed: &watch::Sender<i64>,
    waiting: &mut mpsc::Receiver<Waiting>,
) {
    if first.granted.is_closed() {
        return;
    }
    let mut batch = match open(conn, retention, settings.turn_timeout).await {
        Ok(batch) => batch,
        Err(e) => {
            let _ = first.granted.send(Err(e));
            return;
        }
    };
    let mut next = Some(first);
    let mut turns = 0;
    let mut failed = None;
    while let Some(member) = next.take() {
        if !member.granted.is_closed() {
            turns += 1;
            if let Err(e) = grant(&mut batch, member, settings.turn_timeout).await {
                failed = Some(e);
                break;
            }
        }
        if turns >= settings.max {
            break;
        }
        next = match waiting.try_recv() {
            Ok(member) => Some(member),
            Err(_) if settings.linger.is_zero() => None,
            Err(_) => tokio::time::timeout(settings.linger, waiting.recv())
                .await
                .ok()
                .flatten(),
        };
    }
    close(batch, failed, committed).await;
}

/// Begins a batch: moves the head row first, so that the lock is taken before anything is read.
///
/// On PostgreSQL no statement of the batch may run longer than `turn_timeout`: a mutation whose
/// statement waits on a lock held outside the service (or on another replica's stalled batch) fails
/// with it, instead of holding its turn, which the committer can take back only between statements.
/// SQLite's waits are bounded by its busy timeout.
async fn open(
    conn: &DatabaseConnection,
    retention: chrono::Duration,
    turn_timeout: Duration,
) -> Result<Batch, StoreError> {
    let txn = conn.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!(
            "SET LOCAL statement_timeout = {}",
            turn_timeout.as_millis().max(1)
        ))
        .await?;
    }
    audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::Writes,
            Expr::col(audit_head::Column::Writes).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(&txn)
        .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("audit head is missing".into()))?;
    if head.writes % PURGE_EVERY == 0 {
        // Forget request ids past the retention window now and then, in the writer's own turn.
        idempotency_record::Entity::delete_many()
            .filter(idempotency_record::Column::CreateTime.lt(time::now() - retention))
            .exec(&txn)
            .await?;
    }
    Ok(Batch {
        txn,
        first_event: head.last_event,
        end: ChainEnd {
            sequence: head.last_sequence,
            hash: head.last_hash,
            event: head.last_event,
        },
        records: Records::default(),
        members: Vec::new(),
    })
}

/// Gives `member` a savepoint and waits for its turn to end, at most `turn_timeout`. An error means
/// the batch's connection can no longer be trusted: the batch fails as a whole.
async fn grant(
    batch: &mut Batch,
    member: Waiting,
    turn_timeout: Duration,
) -> Result<(), StoreError> {
    let savepoint = batch.txn.begin().await?;
    let slot = Slot::new(savepoint);
    let (back, ended) = oneshot::channel();
    let after_others = !batch.members.is_empty();
    let turn = Turn::new(
        &batch.txn,
        slot.clone(),
        batch.end.clone(),
        batch.records.request(&member.request_id),
        after_others,
        back,
    );
    // A caller gone since the check drops the turn here, which abandons it.
    let _ = member.granted.send(Ok(turn));
    let outcome = match tokio::time::timeout(turn_timeout, ended).await {
        Ok(outcome) => outcome,
        Err(_) => {
            tracing::warn!(
                timeout = ?turn_timeout,
                "a mutation held its turn past database.turn_timeout: rolled back"
            );
            if let Some(txn) = slot.revoke().await {
                txn.rollback().await?;
            }
            return Ok(());
        }
    };
    let txn = slot.take().await.ok_or_else(|| {
        StoreError::Corrupt("a mutation's savepoint was taken before its turn ended".into())
    })?;
    match outcome {
        Ok(Outcome::Finished {
            end,
            records,
            answer,
        }) => {
            if let Err(e) = txn.commit().await {
                // The savepoint could not be released: the failed transaction queued its rollback to
                // the savepoint, so only this member fails, with its own cause.
                let _ = answer.send(Err(Failed::NotCommitted(format!(
                    "its changes could not be kept ({e})"
                ))));
                return Ok(());
            }
            batch.end = end;
            batch.records.append(records);
            batch.members.push(answer);
        }
        Ok(Outcome::Read { answer }) => {
            txn.rollback().await?;
            batch.members.push(answer);
        }
        Ok(Outcome::Abandoned { answer }) => {
            txn.rollback().await?;
            // Its error may rest on what earlier members wrote: it waits for their commit.
            batch.members.extend(answer);
        }
        // The turn dropped without a word: nothing of it is kept.
        Err(_) => txn.rollback().await?,
    }
    Ok(())
}

/// Writes the members' records, moves the head to the chain's end and commits, then answers every
/// member with the outcome.
async fn close(batch: Batch, failed: Option<StoreError>, committed: &watch::Sender<i64>) {
    let Batch {
        txn,
        first_event,
        end,
        records,
        members,
    } = batch;
    let outcome = match failed {
        Some(e) => Err((false, e)),
        None => commit(txn, records, &end).await,
    };
    let outcome = outcome.map_err(|(sent, e)| {
        tracing::error!(error = %chain_of(&e), members = members.len(), commit_sent = sent, "a batch of mutations did not commit");
        match sent {
            false => Failed::NotCommitted(format!("its batch did not commit ({e})")),
            true => Failed::Unknown(format!("its batch's commit failed ({e})")),
        }
    });
    if outcome.is_ok() && end.event > first_event {
        committed.send_replace(end.event);
    }
    for member in members {
        let _ = member.send(outcome.clone());
    }
}

/// Writes `records`, moves the head and commits; an error says whether the COMMIT itself was sent
/// (outcome unknown).
async fn commit(
    txn: DatabaseTransaction,
    records: Records,
    end: &ChainEnd,
) -> Result<(), (bool, StoreError)> {
    records.write(&txn).await.map_err(|e| (false, e.into()))?;
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::LastSequence, Expr::value(end.sequence))
        .col_expr(audit_head::Column::LastHash, Expr::value(end.hash.clone()))
        .col_expr(audit_head::Column::LastEvent, Expr::value(end.event))
        .filter(audit_head::Column::Id.eq(1))
        .exec(&txn)
        .await
        .map_err(|e| (false, e.into()))?;
    txn.commit().await.map_err(|e| (true, e.into()))
}

/// The error and its causes, for the log.
fn chain_of(error: &StoreError) -> String {
    let mut chain = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(next) = source {
        chain.push_str(": ");
        chain.push_str(&next.to_string());
        source = next.source();
    }
    chain
}
