//! Group commit on both backends: concurrent mutations share transactions, each member answered only
//! after its batch committed; a member that fails or is given up rolls back alone; a request id is
//! seen by later members of the same batch; a batch never exceeds `batch_max`.

use std::time::Duration;

use qinglian_api::common::v1::Evidence;
use qinglian_store::commit::BatchSettings;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::entities::audit_head;
use qinglian_store::testing::TestDatabase;
use qinglian_store::{Actor, Begun, Change, MutationContext, Store, audit, outbox};
use sea_orm::EntityTrait;
use sea_orm_migration::prelude::*;

struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        qinglian_store::migrate::shared_migrations()
    }

    fn migration_table_name() -> DynIden {
        "store_test_migrations".into_iden()
    }
}

async fn open(db: &TestDatabase, batch: BatchSettings) -> Store {
    let settings = ConnectSettings {
        batch,
        ..ConnectSettings::default()
    };
    let store = Store::connect(&db.url, &settings).await.expect("connect");
    qinglian_store::migrate::run::<Migrator>(store.conn())
        .await
        .expect("migrate");
    store
}

fn context(request_id: &str) -> MutationContext {
    MutationContext::new(
        Actor {
            subject: "tester".into(),
            role: "admin".into(),
            scope: String::new(),
        },
        "/test.v1.TestService/Touch",
        request_id,
        &prost_types::Any::default(),
    )
    .expect("context")
}

fn change(name: &str) -> Change {
    Change::created(
        name,
        &name,
        &Evidence {
            file_name: name.to_owned(),
            ..Evidence::default()
        },
    )
}

/// One mutation recording `name`; `fail` records it and then gives up before committing.
async fn touch(store: &Store, request_id: &str, name: &str, fail: bool) -> Option<String> {
    match store
        .begin::<String>(context(request_id))
        .await
        .expect("begin")
    {
        Begun::Replayed(first) => Some(first),
        Begun::Fresh(mut mutation) => {
            mutation.record(change(name)).await.expect("record");
            if fail {
                return None;
            }
            mutation.commit(&name.to_owned()).await.expect("commit");
            Some(name.to_owned())
        }
    }
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

/// The resource ids of every outbox event, in sequence order.
async fn published(store: &Store) -> Vec<String> {
    outbox::events_after(store.conn(), 0, &[], 10_000)
        .await
        .expect("outbox")
        .into_iter()
        .map(|e| e.resource_id)
        .collect()
}

async fn concurrent_mutations_share_batches_and_failures_roll_back_alone(db: TestDatabase) {
    let store = open(&db, BatchSettings::default()).await;
    let before = batches(&store).await;
    let writers: Vec<_> = (0..96)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(
                async move { touch(&store, "", &format!("thing-{i:02}"), i % 5 == 0).await },
            )
        })
        .collect();
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.extend(writer.await.expect("writer"));
    }
    assert_eq!(acknowledged.len(), 96 - 20, "every fifth gave up");
    let mut stored = published(&store).await;
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
            tokio::spawn(async move { touch(&store, "", &format!("t{i}"), false).await })
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
            tokio::spawn(async move { touch(&store, "req-same", &format!("try-{i}"), false).await })
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
    assert_eq!(published(&store).await, answers, "done once");
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
        touch(&store, "", "queued", false),
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
        touch(&store, "", "after", false).await.as_deref(),
        Some("after")
    );
    assert_eq!(published(&store).await, ["held", "after"]);
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!((report.events_checked, report.broken), (2, None));
}

qinglian_store::backend_tests!(
    concurrent_mutations_share_batches_and_failures_roll_back_alone,
    batches_hold_at_most_batch_max,
    one_request_id_in_one_batch_is_done_once,
    a_caller_gone_while_queued_or_in_its_turn_writes_nothing,
);
