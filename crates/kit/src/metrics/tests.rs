//! The exposition over a real SQLite store: the pool, the outbox lag behind a stream that trails
//! the newest event, and escalations counted by level.

use qinglian_api::common::v1::Evidence;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use qinglian_store::{Actor, Begun, Change, MutationContext, Store};
use sea_orm_migration::prelude::*;

use super::*;

struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        qinglian_store::migrate::shared_migrations()
    }

    fn migration_table_name() -> DynIden {
        "metrics_test_migrations".into_iden()
    }
}

/// Commits one change with an outbox event.
async fn commit_event(store: &Store, id: &str) {
    let actor = Actor {
        subject: "test".into(),
        role: "admin".into(),
        scope: String::new(),
    };
    let context = MutationContext::new(actor, "/test.v1.Test/Create", "", &()).expect("context");
    let Begun::Fresh(mut mutation) = store.begin::<()>(context).await.expect("begin") else {
        panic!("no request id, nothing replayed");
    };
    let published = Evidence {
        file_name: id.to_owned(),
        ..Evidence::default()
    };
    mutation
        .record(Change::created(id, &id, &published))
        .await
        .expect("record");
    mutation.commit(&()).await.expect("commit");
}

/// The value of the sample `line_start` (name and labels as encoded) in `text`.
fn sample(text: &str, line_start: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(line_start)?.strip_prefix(' '))
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no sample {line_start} in\n{text}"))
}

#[tokio::test]
async fn a_scrape_reads_the_pool_and_the_lag_behind_the_slowest_stream() {
    let db = TestDatabase::sqlite();
    let settings = ConnectSettings {
        max_connections: 3,
        ..ConnectSettings::default()
    };
    let store = Store::connect(&db.url, &settings).await.expect("connect");
    qinglian_store::migrate::run::<Migrator>(store.conn())
        .await
        .expect("migrate");
    let metrics = Metrics::new();
    let text = metrics.render(&store).await;
    assert_eq!(sample(&text, "qinglian_db_pool_connections_max"), 3.0);
    let open = sample(&text, "qinglian_db_pool_connections_idle")
        + sample(&text, "qinglian_db_pool_connections_in_use");
    assert!((1.0..=3.0).contains(&open), "{open} open connections");
    assert_eq!(sample(&text, "qinglian_outbox_head_sequence"), 0.0);
    assert!(
        !text.contains("qinglian_escalations_raised_total{"),
        "no ladder, no series"
    );

    for id in ["a", "b", "c"] {
        commit_event(&store, id).await;
    }
    let watchers = metrics.outbox_watchers();
    let slow = watchers.open(1);
    let caught_up = watchers.open(0);
    caught_up.caught_up();
    let held = store
        .conn()
        .get_sqlite_connection_pool()
        .acquire()
        .await
        .expect("acquire");
    let text = metrics.render(&store).await;
    assert!(sample(&text, "qinglian_db_pool_connections_in_use") >= 1.0);
    drop(held);
    assert_eq!(sample(&text, "qinglian_outbox_head_sequence"), 3.0);
    assert_eq!(sample(&text, "qinglian_outbox_watchers"), 2.0);
    assert_eq!(sample(&text, "qinglian_outbox_lag_events"), 2.0);
    let age = sample(&text, "qinglian_outbox_lag_seconds");
    assert!(
        (0.0..60.0).contains(&age),
        "the event after the cursor is {age}s old"
    );

    slow.caught_up();
    let text = metrics.render(&store).await;
    assert_eq!(sample(&text, "qinglian_outbox_lag_events"), 0.0);
    assert_eq!(sample(&text, "qinglian_outbox_lag_seconds"), 0.0);
    drop((slow, caught_up));
    let text = metrics.render(&store).await;
    assert_eq!(sample(&text, "qinglian_outbox_watchers"), 0.0);

    let escalations = metrics.escalations();
    escalations.raised(Level::Yellow, 2);
    let text = metrics.render(&store).await;
    assert_eq!(
        sample(&text, "qinglian_escalations_raised_total{level=\"green\"}"),
        0.0
    );
    assert_eq!(
        sample(&text, "qinglian_escalations_raised_total{level=\"yellow\"}"),
        2.0
    );
}
