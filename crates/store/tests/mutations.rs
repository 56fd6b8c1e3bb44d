//! The shared mutation machinery on both backends: serialised writers, the audit chain, the outbox
//! order, and request ids within and past their retention window.

mod common;

use std::time::Duration;

use common::{assert_gapless, context_of, published, tester};
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use qinglian_store::{Actor, MutationContext, Store, audit, outbox};

async fn open(db: &TestDatabase, retention: Duration) -> Store {
    let settings = ConnectSettings {
        idempotency_retention: retention,
        ..ConnectSettings::default()
    };
    common::open(db, settings).await
}

fn context(request_id: &str, payload: &str) -> MutationContext {
    context_of(tester(), request_id, payload)
}

/// One mutation that records one change and answers `answer`, or the first answer when replayed.
async fn touch(store: &Store, request_id: &str, payload: &str, answer: &str) -> String {
    common::touch(store, request_id, payload, answer, false)
        .await
        .expect("answered")
}

async fn concurrent_writers_keep_one_chain_and_ordered_outbox(db: TestDatabase) {
    let store = open(&db, Duration::from_secs(3600)).await;
    let mut writers = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        writers.push(tokio::spawn(async move {
            touch(&store, "", "", &format!("thing-{i}")).await
        }));
    }
    for writer in writers {
        writer.await.expect("writer");
    }
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!(
        report,
        audit::ChainReport {
            events_checked: 24,
            broken: None
        }
    );
    let events = outbox::events_after(store.conn(), 0, &[], 100)
        .await
        .expect("outbox");
    assert_eq!(events.len(), 24);
    assert_gapless(&published(&store).await);
    assert!(
        events
            .iter()
            .all(|e| e.event_type == "qinglian.common.v1.Evidence.created")
    );
}

async fn request_ids_replay_within_retention_only(db: TestDatabase) {
    let store = open(&db, Duration::from_secs(2)).await;
    assert_eq!(touch(&store, "req-1", "a", "first").await, "first");
    assert_eq!(
        touch(&store, "req-1", "a", "second").await,
        "first",
        "replayed"
    );
    let reused = store.begin::<String>(context("req-1", "b")).await;
    assert!(matches!(
        reused,
        Err(qinglian_store::StoreError::InvalidArgument {
            field: "request_id",
            ..
        })
    ));
    // The same request id and request from another caller (another subject, role or scope) is not a
    // retry: it is refused and never handed the first caller's answer.
    for (subject, role, scope) in [
        ("someone-else", "admin", ""),
        ("tester", "clerk", ""),
        ("tester", "admin", "unit-1"),
    ] {
        let other = context_of(
            Actor {
                subject: subject.into(),
                role: role.into(),
                scope: scope.into(),
            },
            "req-1",
            "a",
        );
        let replayed = store.begin::<String>(other).await;
        assert!(
            matches!(
                replayed,
                Err(qinglian_store::StoreError::InvalidArgument {
                    field: "request_id",
                    ..
                })
            ),
            "{subject} {role} {scope}"
        );
    }
    let bad = MutationContext::new(
        Actor {
            subject: "t".into(),
            role: "admin".into(),
            scope: String::new(),
        },
        "/m",
        "has space",
        &prost_types::Any::default(),
    );
    assert!(bad.is_err());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        touch(&store, "req-1", "a", "third").await,
        "third",
        "forgotten after retention"
    );
    let report = audit::verify_chain(store.conn()).await.expect("verify");
    assert_eq!(report.events_checked, 2);
    assert_eq!(report.broken, None);
}

qinglian_store::backend_tests!(
    concurrent_writers_keep_one_chain_and_ordered_outbox,
    request_ids_replay_within_retention_only,
);
