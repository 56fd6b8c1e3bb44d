//! What the store's integration tests share: a migrator of the shared tables, a store opened on a
//! test database, the callers' contexts and a change to record.

use qinglian_api::common::v1::Evidence;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use qinglian_store::{Actor, Begun, Change, MutationContext, Store, outbox};
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

/// A store on `db` with `settings`, its shared tables migrated.
pub async fn open(db: &TestDatabase, settings: ConnectSettings) -> Store {
    let store = Store::connect(&db.url, &settings).await.expect("connect");
    qinglian_store::migrate::run::<Migrator>(store.conn())
        .await
        .expect("migrate");
    store
}

/// The tester's admin token, acting everywhere.
pub fn tester() -> Actor {
    Actor {
        subject: "tester".into(),
        role: "admin".into(),
        scope: String::new(),
    }
}

/// A call by `actor` with `request_id` and a request carrying `payload`.
pub fn context_of(actor: Actor, request_id: &str, payload: &str) -> MutationContext {
    MutationContext::new(
        actor,
        "/test.v1.TestService/Touch",
        request_id,
        &prost_types::Any {
            type_url: "test".into(),
            value: payload.as_bytes().to_vec(),
        },
    )
    .expect("context")
}

/// The creation of a published resource named `name`.
pub fn change(name: &str) -> Change {
    Change::created(
        name,
        &name,
        &Evidence {
            file_name: name.to_owned(),
            ..Evidence::default()
        },
    )
}

/// One mutation by the tester recording `name`; `fail` records it and then gives up before
/// committing. Answers the response: `name`, or the first response of a replayed request id.
pub async fn touch(
    store: &Store,
    request_id: &str,
    payload: &str,
    name: &str,
    fail: bool,
) -> Option<String> {
    match store
        .begin::<String>(context_of(tester(), request_id, payload))
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

/// Every outbox event as (sequence, resource id), in sequence order.
pub async fn published(store: &Store) -> Vec<(i64, String)> {
    outbox::events_after(store.conn(), 0, &[], 10_000)
        .await
        .expect("outbox")
        .into_iter()
        .map(|e| (e.sequence, e.resource_id))
        .collect()
}

/// Asserts that `events` are numbered 1, 2, 3, … with no gap.
pub fn assert_gapless(events: &[(i64, String)]) {
    for (position, (sequence, id)) in events.iter().enumerate() {
        assert_eq!(
            *sequence,
            position as i64 + 1,
            "event {id} is numbered {sequence} at position {}: the outbox has a gap",
            position + 1
        );
    }
}
