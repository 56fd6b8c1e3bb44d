//! Group commit: the mutations of a service are queued to one committer, which applies them in
//! batches, each batch one transaction on one connection.
//!
//! A batch opens by moving the `audit_head` row (the write lock on SQLite, the row lock on
//! PostgreSQL, so that replicas of a service interleave by batch), then grants turns in queue order.
//! Each turn is a savepoint: the mutation runs its statements in it from its own task and hands it
//! back finished (the committer releases it and sets the next turn's in one round trip) or
//! abandoned (the committer rolls it back alone, the rest of the batch unaffected; the savepoint
//! stays for the next turn). The request ids of the mutations waiting are looked up together, in one
//! query, so a turn runs only the statements of its own domain. The audit chain and the outbox continue from turn to turn, so they
//! grow in commit order, never fork and have no gaps (a batch that does not commit takes no number),
//! and a request id is seen by every later turn of the batch. The audit events, outbox events and
//! request ids of the members that finished are written together at the batch's close (see
//! [`records`]), so a turn holds the other writers only for its own statements.
//! The batch closes when it holds `batch_max` turns or when no mutation arrives within
//! `batch_linger`; the head row takes the chain's end, the transaction commits, and only then is
//! every member answered: nothing is acknowledged before it is durable. A batch whose commit fails
//! answers every member with the error, and nothing of it was written.

use std::collections::{HashMap, HashSet, VecDeque};
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

/// The savepoint every turn runs in; one at a time, so one name serves them all.
const SET_SAVEPOINT: &str = "SAVEPOINT qinglian_turn";
/// Keeps a finished turn's changes and sets the savepoint for the next turn.
const RELEASE_AND_SET: &str = "RELEASE SAVEPOINT qinglian_turn; SAVEPOINT qinglian_turn";
/// Undoes an abandoned turn; the savepoint stays, ready for the next turn.
const ROLL_BACK: &str = "ROLLBACK TO SAVEPOINT qinglian_turn";

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
    /// The transaction, lent to the turn in progress.
    txn: Option<DatabaseTransaction>,
    first_event: i64,
    end: ChainEnd,
    records: Records,
    members: Vec<oneshot::Sender<Result<(), Failed>>>,
    /// What the table held, when the batch looked, under the request ids of its members.
    seen: HashMap<String, Option<idempotency_record::Model>>,
}

impl Batch {
    fn txn(&self) -> Result<&DatabaseTransaction, StoreError> {
        self.txn.as_ref().ok_or_else(lost)
    }
}

fn lost() -> StoreError {
    StoreError::Corrupt("the batch's transaction was not given back by a turn".into())
}

async fn run(
    conn: DatabaseConnection,
    settings: BatchSettings,
    retention: chrono::Duration,
    committed: Arc<watch::Sender<i64>>,
    mut waiting: mpsc::Receiver<Waiting>,
) {
    // Mutations taken from the queue early, for their request ids, and not yet granted: a batch that
    // failed leaves them to the next, in their order.
    let mut queued = VecDeque::new();
    while let Some(first) = match queued.pop_front() {
        Some(first) => Some(first),
        None => waiting.recv().await,
    } {
        let applied = std::panic::AssertUnwindSafe(apply(
            first,
            &conn,
            &settings,
            retention,
            &committed,
            &mut waiting,
            &mut queued,
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

/// Applies one batch, beginning with `first` and taking the mutations that wait (those in `queued`
/// first), up to `max`.
async fn apply(
    first: Waiting,
    conn: &DatabaseConnection,
    settings: &BatchSettings,
    retention: chrono::Duration,
    committed: &watch::Sender<i64>,
    waiting: &mut mpsc::Receiver<Waiting>,
    queued: &mut VecDeque<Waiting>,
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
            let room = settings.max.saturating_sub(turns);
            let granted = match look_up(&mut batch, &member, queued, waiting, room).await {
                Ok(()) => grant(&mut batch, member, settings.turn_timeout).await,
                Err(e) => refuse(&mut batch, member, e).await,
            };
            if let Err(e) = granted {
                failed = Some(e);
                break;
            }
        }
        if turns >= settings.max {
            break;
        }
        next = match queued.pop_front().map_or_else(|| waiting.try_recv(), Ok) {
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

/// Answers `member` with the `cause` its request id could not be looked up for, and takes the
/// transaction back to where its turn would have begun (on PostgreSQL a failed statement refuses
/// every later one until then): the batch goes on without it. An error here fails the batch.
async fn refuse(batch: &mut Batch, member: Waiting, cause: StoreError) -> Result<(), StoreError> {
    let _ = member.granted.send(Err(cause));
    batch.txn()?.execute_unprepared(ROLL_BACK).await?;
    Ok(())
}

/// Makes sure the batch knows what the table holds under `member`'s request id, looking up those of
/// the mutations waiting behind it (at most `room`, moved to `queued`) in the same query.
async fn look_up(
    batch: &mut Batch,
    member: &Waiting,
    queued: &mut VecDeque<Waiting>,
    waiting: &mut mpsc::Receiver<Waiting>,
    room: usize,
) -> Result<(), StoreError> {
    if member.request_id.is_empty() || batch.seen.contains_key(&member.request_id) {
        return Ok(());
    }
    while queued.len() < room {
        match waiting.try_recv() {
            Ok(next) => queued.push_back(next),
            Err(_) => break,
        }
    }
    let ids: HashSet<&str> = std::iter::once(member)
        .chain(queued.iter())
        .map(|w| w.request_id.as_str())
        .filter(|id| !id.is_empty() && !batch.seen.contains_key(*id))
        .collect();
    let mut found: HashMap<String, idempotency_record::Model> = idempotency_record::Entity::find()
        .filter(idempotency_record::Column::RequestId.is_in(ids.iter().copied()))
        .all(batch.txn()?)
        .await?
        .into_iter()
        .map(|record| (record.request_id.clone(), record))
        .collect();
    for id in ids {
        batch.seen.insert(id.to_owned(), found.remove(id));
    }
    Ok(())
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
    txn.execute_unprepared(SET_SAVEPOINT).await?;
    Ok(Batch {
        txn: Some(txn),
        first_event: head.last_event,
        end: ChainEnd {
            sequence: head.last_sequence,
            hash: head.last_hash,
            event: head.last_event,
        },
        records: Records::default(),
        members: Vec::new(),
        seen: HashMap::new(),
    })
}

/// Lends `member` the batch's transaction in the turn's savepoint and waits for its turn to end, at
/// most `turn_timeout`. An error means the batch's connection can no longer be trusted: the batch
/// fails as a whole.
async fn grant(
    batch: &mut Batch,
    member: Waiting,
    turn_timeout: Duration,
) -> Result<(), StoreError> {
    let txn = batch.txn.take().ok_or_else(lost)?;
    let backend = (txn.get_database_backend(), txn.support_returning());
    let slot = Slot::new(txn);
    let (back, ended) = oneshot::channel();
    let after_others = !batch.members.is_empty();
    let earlier = batch
        .records
        .request(&member.request_id)
        .or_else(|| batch.seen.get(&member.request_id).cloned().flatten());
    let turn = Turn::new(
        backend,
        slot.clone(),
        batch.end.clone(),
        earlier,
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
            let txn = slot.revoke().await.ok_or_else(lost)?;
            txn.execute_unprepared(ROLL_BACK).await?;
            batch.txn = Some(txn);
            return Ok(());
        }
    };
    batch.txn = Some(slot.take().await.ok_or_else(lost)?);
    let txn = batch.txn()?;
    let used = slot.used();
    match outcome {
        Ok(Outcome::Finished {
            end,
            records,
            answer,
        }) => {
            if used && let Err(e) = txn.execute_unprepared(RELEASE_AND_SET).await {
                // The savepoint could not be released (on PostgreSQL, a statement of the mutation
                // failed and the transaction refuses the rest): only this member fails, with its own
                // cause, and the savepoint is back where the turn began.
                let _ = answer.send(Err(Failed::NotCommitted(format!(
                    "its changes could not be kept ({e})"
                ))));
                txn.execute_unprepared(ROLL_BACK).await?;
                return Ok(());
            }
            batch.end = end;
            batch.records.append(records);
            batch.members.push(answer);
        }
        Ok(Outcome::Read { answer }) => {
            if used {
                txn.execute_unprepared(ROLL_BACK).await?;
            }
            batch.members.push(answer);
        }
        Ok(Outcome::Abandoned { answer }) => {
            if used {
                txn.execute_unprepared(ROLL_BACK).await?;
            }
            // Its error may rest on what earlier members wrote: it waits for their commit.
            batch.members.extend(answer);
        }
        // The turn dropped without a word: nothing of it is kept.
        Err(_) => {
            if used {
                txn.execute_unprepared(ROLL_BACK).await?;
            }
        }
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
        seen: _,
    } = batch;
    let outcome = match (failed, txn) {
        (Some(e), _) => Err((false, e)),
        (None, None) => Err((false, lost())),
        (None, Some(txn)) => commit(txn, records, &end).await,
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
