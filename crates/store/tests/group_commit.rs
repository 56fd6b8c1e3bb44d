//! Group commit on both backends: concurrent mutations share transactions, each member answered only
//! after its batch committed; a member that fails or is given up rolls back alone; a request id is
//! seen by later members of the same batch; a batch never exceeds `batch_max`; event sequences
//! have no gaps where members gave up; a turn held too long is revoked; an error judged after other
//! members waits for their batch.

mod common;

use std::time::Duration;

use common::{assert_gapless, change, context_of, published, tester, touch};
use qinglian_store::commit::BatchSettings;
use qinglian_store::commit::pending::answering;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::entities::audit_head;
use qinglian_store::testing::TestDatabase;
use qinglian_store::{Begun, Store, audit};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, TransactionTrait};

async fn open(db: &TestDatabase, batch: BatchSettings) -> Store {
    let settings = ConnectSettings {
        batch,
        ..ConnectSettings::default()
    };
    common::open(db, settings).await
}

fn context(request_id: &str) -> qinglian_store::MutationContext {
    context_of(tester(), request_id, "")
}

/// How many batches have been opened on the store's database.
async fn batches(store: &Store) -> i64 {
    audit_head::Entity::find_by_id(1)
        .one(store.conn())
        .await
        .expect("head")
        .expect("head row")
        .writes
}

async fn concurrent_mutations_share_batches_and_failures_roll_back_alone(db: TestDatabase) {
    let store = open(&db, BatchSettings::default()).await;
    let before = batches(&store).await;
    let writers: Vec<_> = (0..96)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                touch(&store, "", "", &format!("thing-{i:02}"), i % 5 == 0).await
            })
        })
        .collect();
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.expect("writer"));
    }
    assert_eq!(acknowledged.len(), 96 - 20, "every fifth gave up");
    let events = published(&store).await;
    assert_gapless(&events);
    let mut stored: Vec<String> = events.into_iter().map(|(_, id)| id).collect();
    stored.sort();
    acknowledged.sort();
    assert_eq!(
        stored, acknowledged,
        "exactly the committed members are stored"
    );
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!(report.events_checked, 76);
    assert_eq!(report.broken, None);
    let opened = batches(&store).await - before;
    println!("96 concurrent mutations (20 given up) in {opened} batches");
    assert!(
        opened < 96,
        "{opened} batches for 96 concurrent mutations: nothing was grouped"
    );
}

async fn batches_hold_at_most_batch_max(db: TestDatabase) {
    let settings = BatchSettings {
        max: 4,
        ..BatchSettings::default()
    };
    let store = open(&db, settings).await;
    let before = batches(&store).await;
    let writers: Vec<_> = (0..40)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { touch(&store, "", "", &format!("t{i}"), false).await })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer");
    }
    let opened = batches(&store).await - before;
    assert!(
        opened >= 10,
        "40 mutations at most 4 a batch took {opened} batches"
    );
    assert_eq!(published(&store).await.len(), 40);
}

async fn one_request_id_in_one_batch_is_done_once(db: TestDatabase) {
    let store = open(&db, BatchSettings::default()).await;
    let writers: Vec<_> = (0..16)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(
                async move { touch(&store, "req-same", "", &format!("try-{i}"), false).await },
            )
        })
        .collect();
    let mut answers = Vec::new();
    for writer in writers {
        answers.push(writer.await.expect("writer").expect("answered"));
    }
    answers.dedup();
    assert_eq!(
        answers.len(),
        1,
        "every retry got the first answer: {answers:?}"
    );
    let events = published(&store).await;
    let stored: Vec<String> = events.into_iter().map(|(_, id)| id).collect();
    assert_eq!(stored, answers, "done once");
}

async fn a_caller_gone_while_queued_or_in_its_turn_writes_nothing(db: TestDatabase) {
    let store = open(&db, BatchSettings::default()).await;
    // Holds the turn, so that the next caller queues behind it.
    let mut holder = match store.begin::<String>(context("")).await.expect("begin") {
        Begun::Fresh(mutation) => mutation,
        Begun::Replayed(_) => unreachable!("no request id"),
    };
    holder.record(change("held")).await.expect("record");
    let queued = tokio::time::timeout(
        Duration::from_millis(200),
        touch(&store, "", "", "queued", false),
    )
    .await;
    assert!(queued.is_err(), "the queued caller waited for the turn");
    holder.commit(&"held".to_owned()).await.expect("commit");
    // A caller that records and is then dropped mid-turn.
    let mut dropped = match store.begin::<String>(context("")).await.expect("begin") {
        Begun::Fresh(mutation) => mutation,
        Begun::Replayed(_) => unreachable!("no request id"),
    };
    dropped.record(change("dropped")).await.expect("record");
    drop(dropped);
    assert_eq!(
        touch(&store, "", "", "after", false).await.as_deref(),
        Some("after")
    );
    assert_eq!(
        published(&store).await,
        [(1, "held".to_owned()), (2, "after".to_owned())],
        "the event given up took no number"
    );
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!((report.events_checked, report.broken), (2, None));
}

async fn a_turn_held_past_its_deadline_is_rolled_back_and_the_writers_go_on(db: TestDatabase) {
    let settings = BatchSettings {
        turn_timeout: Duration::from_millis(300),
        ..BatchSettings::default()
    };
    let store = open(&db, settings).await;
    let mut stalled = match store.begin::<String>(context("")).await.expect("begin") {
        Begun::Fresh(mutation) => mutation,
        Begun::Replayed(_) => unreachable!("no request id"),
    };
    stalled.record(change("stalled")).await.expect("record");
    // Another writer queued behind the stalled one gets its turn once the deadline passes.
    let started = std::time::Instant::now();
    let behind = touch(&store, "", "", "behind", false).await;
    assert_eq!(behind.as_deref(), Some("behind"));
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(3),
        "the writer behind waited {waited:?}"
    );
    // The stalled mutation can no longer write, and its commit is refused as not committed.
    let late = stalled.record(change("late")).await;
    assert!(late.is_err(), "a revoked turn wrote: {late:?}");
    let refused = stalled.commit(&"stalled".to_owned()).await;
    assert!(
        matches!(refused, Err(qinglian_store::StoreError::Unavailable(_))),
        "{refused:?}"
    );
    assert_eq!(published(&store).await, [(1, "behind".to_owned())]);
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!((report.events_checked, report.broken), (1, None));
}

/// A parent and a child table whose reference is checked only at COMMIT, so that a batch can be made
/// to fail there.
async fn deferred_reference(store: &Store) {
    for sql in [
        "CREATE TABLE parents (id TEXT PRIMARY KEY)",
        "CREATE TABLE children (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED)",
    ] {
        store.conn().execute_unprepared(sql).await.expect(sql);
    }
}

/// A mutation that begins and gives up, in a call run as the server runs calls: what the caller
/// learns once its pending batches ended.
async fn failed_call(store: Store) -> Result<(), qinglian_store::StoreError> {
    let ((), pending) = answering(async {
        let mutation = store.begin::<String>(context("")).await.expect("begin");
        drop(mutation);
    })
    .await;
    assert!(!pending.is_empty(), "it ran after another member");
    pending.settled().await
}

async fn an_error_after_other_members_waits_for_their_batch(db: TestDatabase) {
    let store = open(&db, BatchSettings::default()).await;
    deferred_reference(&store).await;
    for breaks in [false, true] {
        // Holds the first turn, so that the next two queue into the same batch.
        let mut holder = match store.begin::<String>(context("")).await.expect("begin") {
            Begun::Fresh(mutation) => mutation,
            Begun::Replayed(_) => unreachable!("no request id"),
        };
        holder
            .record(change(&format!("holder-{breaks}")))
            .await
            .expect("record");
        let writer = {
            let store = store.clone();
            tokio::spawn(async move {
                let Begun::Fresh(mutation) =
                    store.begin::<String>(context("")).await.expect("begin")
                else {
                    unreachable!("no request id")
                };
                // The reference is to a parent that does not exist: the batch fails at COMMIT.
                if breaks {
                    mutation
                        .txn()
                        .execute_unprepared(
                            "INSERT INTO children (id, parent_id) VALUES ('c', 'missing')",
                        )
                        .await
                        .expect("deferred insert");
                }
                mutation.commit(&"writer".to_owned()).await
            })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        let failing = tokio::spawn(failed_call(store.clone()));
        tokio::time::sleep(Duration::from_millis(100)).await;
        let held = holder.commit(&"holder".to_owned()).await;
        let written = writer.await.expect("writer");
        let answered = failing.await.expect("failed call");
        if breaks {
            assert!(
                held.is_err() && written.is_err(),
                "the batch failed at COMMIT"
            );
            assert!(
                matches!(answered, Err(qinglian_store::StoreError::Unavailable(_))),
                "the error rested on a batch that failed: {answered:?}"
            );
        } else {
            assert!(held.is_ok() && written.is_ok());
            assert!(answered.is_ok(), "{answered:?}");
        }
    }
}

/// A mutation that carries on past a failed statement and commits: on PostgreSQL the failure aborted
/// the transaction, so its savepoint cannot be released and it alone fails; on SQLite the failed
/// statement changed nothing and it commits. The members around it commit on both.
async fn a_mutation_past_a_failed_statement_fails_alone(db: TestDatabase) {
    let store = open(&db, BatchSettings::default()).await;
    let around: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { touch(&store, "", "", &format!("around-{i}"), false).await })
        })
        .collect();
    let mut mutation = match store.begin::<String>(context("")).await.expect("begin") {
        Begun::Fresh(mutation) => mutation,
        Begun::Replayed(_) => panic!("no request id: nothing to replay"),
    };
    let failed = mutation
        .txn()
        .execute_unprepared("INSERT INTO no_such_table VALUES (1)")
        .await;
    assert!(failed.is_err(), "the statement fails");
    mutation
        .record(change("past-failure"))
        .await
        .expect("record");
    let committed = mutation.commit(&"past-failure".to_owned()).await;
    for writer in around {
        assert!(writer.await.expect("writer").is_some());
    }
    let postgres = store.backend() == sea_orm::DbBackend::Postgres;
    assert_eq!(committed.is_err(), postgres, "{committed:?}");
    let events = published(&store).await;
    assert_gapless(&events);
    assert_eq!(events.len(), if postgres { 8 } else { 9 });
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!(report.broken, None);
}

/// On PostgreSQL: a store whose turns end after 300 ms, and a transaction opened outside the
/// service, to hold what the store's statements will wait for.
async fn short_turns_and_an_outsider() -> Option<(TestDatabase, Store, DatabaseTransaction)> {
    let db = TestDatabase::postgres().await?;
    let settings = BatchSettings {
        turn_timeout: Duration::from_millis(300),
        ..BatchSettings::default()
    };
    let store = open(&db, settings).await;
    let outside = sea_orm::Database::connect(db.url.as_str())
        .await
        .expect("outside connection");
    let holder = outside.begin().await.expect("begin outside");
    Some((db, store, holder))
}

/// On PostgreSQL a mutation's statement waiting on a row that a connection outside the service holds
/// fails at the turn's deadline (the batch's `statement_timeout`), so the committer takes the turn
/// back and the writers behind go on. (On SQLite the batch already holds the database's write lock:
/// nothing outside can hold what its statements wait for.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_stuck_on_a_lock_held_outside_ends_at_the_turn_deadline() {
    let Some((_db, store, holder)) = short_turns_and_an_outsider().await else {
        return;
    };
    for sql in [
        "CREATE TABLE held (id INT PRIMARY KEY, n INT NOT NULL)",
        "INSERT INTO held VALUES (1, 0)",
    ] {
        store.conn().execute_unprepared(sql).await.expect(sql);
    }
    holder
        .execute_unprepared("SELECT n FROM held WHERE id = 1 FOR UPDATE")
        .await
        .expect("hold the row");
    let stuck = tokio::spawn({
        let store = store.clone();
        async move {
            let mutation = match store.begin::<String>(context("")).await.expect("begin") {
                Begun::Fresh(mutation) => mutation,
                Begun::Replayed(_) => unreachable!("no request id"),
            };
            let waited = mutation
                .txn()
                .execute_unprepared("UPDATE held SET n = n + 1 WHERE id = 1")
                .await;
            (waited.is_err(), mutation.commit(&"stuck".to_owned()).await)
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = std::time::Instant::now();
    let behind = tokio::time::timeout(
        Duration::from_secs(10),
        touch(&store, "", "", "behind", false),
    )
    .await
    .expect("the writer behind was answered");
    assert_eq!(behind.as_deref(), Some("behind"));
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(3),
        "the writer behind waited {waited:?}"
    );
    let (statement_failed, committed) = stuck.await.expect("stuck mutation");
    assert!(statement_failed, "the stuck statement ended in an error");
    assert!(committed.is_err(), "the stuck mutation was not committed");
    holder.rollback().await.expect("release the row");
    assert_eq!(published(&store).await, [(1, "behind".to_owned())]);
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!((report.events_checked, report.broken), (1, None));
}

/// On PostgreSQL a request id that cannot be looked up (the table locked outside the service past the
/// turn's deadline) fails only its own mutation, with the cause: the batch goes on, and the writers
/// without a request id commit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_id_that_cannot_be_looked_up_fails_only_its_mutation() {
    let Some((_db, store, holder)) = short_turns_and_an_outsider().await else {
        return;
    };
    holder
        .execute_unprepared("LOCK TABLE idempotency_records IN ACCESS EXCLUSIVE MODE")
        .await
        .expect("lock the request ids");
    let refused = store.begin::<String>(context("req-locked")).await;
    assert!(
        matches!(refused, Err(ref e) if format!("{e:?}").contains("statement timeout")),
        "the look-up's own cause: {refused:?}"
    );
    assert_eq!(
        touch(&store, "", "", "without-id", false).await.as_deref(),
        Some("without-id")
    );
    holder.rollback().await.expect("release the table");
    assert_eq!(
        touch(&store, "req-locked", "", "retried", false)
            .await
            .as_deref(),
        Some("retried")
    );
    let events = published(&store).await;
    assert_eq!(events.len(), 2);
    assert_gapless(&events);
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!((report.events_checked, report.broken), (2, None));
}

qinglian_store::backend_tests!(
    an_error_after_other_members_waits_for_their_batch,
    a_turn_held_past_its_deadline_is_rolled_back_and_the_writers_go_on,
    concurrent_mutations_share_batches_and_failures_roll_back_alone,
    batches_hold_at_most_batch_max,
    one_request_id_in_one_batch_is_done_once,
    a_caller_gone_while_queued_or_in_its_turn_writes_nothing,
    a_mutation_past_a_failed_statement_fails_alone,
);
