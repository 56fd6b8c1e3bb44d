//! Migrations under concurrent starts: any number of processes migrating one fresh database at once
//! (as `kubectl apply` starts the migrate Job and every replica together) all succeed, one of them
//! doing the work and the others finding nothing pending; the same from an older version's schema.

use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use sea_orm_migration::MigratorTrait;

/// How many processes start at once.
const STARTS: usize = 8;

/// Runs the migrations of `M` from `STARTS` stores (each its own pool, as separate processes have)
/// at once, and asserts every run succeeded, exactly one applied the `expected` pending migrations
/// and the others found nothing to do, and nothing is left pending.
async fn migrate_at_once<M: MigratorTrait>(url: &str, expected: usize) {
    let mut stores = Vec::new();
    for _ in 0..STARTS {
        stores.push(
            Store::connect(url, &ConnectSettings::default())
                .await
                .expect("connect"),
        );
    }
    let runs = stores
        .iter()
        .map(|store| async move { qinglian_store::migrate::run::<M>(store.conn()).await });
    let mut applied_by = Vec::new();
    for (start, outcome) in futures_util::future::join_all(runs)
        .await
        .into_iter()
        .enumerate()
    {
        let applied =
            outcome.unwrap_or_else(|e| panic!("start {start} of {STARTS} failed to migrate: {e}"));
        applied_by.push(applied.len());
    }
    applied_by.sort_unstable();
    let mut one_migrates = vec![0; STARTS - 1];
    one_migrates.push(expected);
    assert_eq!(
        applied_by, one_migrates,
        "one start migrates, the others wait"
    );
    let pending = qinglian_store::migrate::pending::<M>(stores[0].conn())
        .await
        .expect("pending");
    assert!(pending.is_empty(), "still pending: {pending:?}");
    let applied = M::get_applied_migrations(stores[0].conn())
        .await
        .expect("applied");
    assert_eq!(applied.len(), M::migrations().len(), "each applied once");
    for store in stores {
        store.close().await.expect("close");
    }
}

async fn concurrent_first_starts_migrate_once(db: TestDatabase) {
    type Tasks = qinglian_tasks::migrations::Migrator;
    migrate_at_once::<Tasks>(&db.url, Tasks::migrations().len()).await;
    // Two more services' migrations on databases of their own, the same way.
    let supervision = db.sibling("supervision").await;
    type Supervision = qinglian_supervision::migrations::Migrator;
    migrate_at_once::<Supervision>(&supervision.url, Supervision::migrations().len()).await;
    let oversight = db.sibling("oversight").await;
    type Oversight = qinglian_oversight::migrations::Migrator;
    migrate_at_once::<Oversight>(&oversight.url, Oversight::migrations().len()).await;
}

async fn concurrent_upgrades_from_an_older_schema_migrate_once(db: TestDatabase) {
    type M = qinglian_tasks::migrations::Migrator;
    let older = Store::connect(&db.url, &ConnectSettings::default())
        .await
        .expect("connect");
    let steps = u32::try_from(M::migrations().len() - 2).expect("count");
    M::up(older.conn(), Some(steps))
        .await
        .expect("the older version's migrations");
    older.close().await.expect("close");
    migrate_at_once::<M>(&db.url, 2).await;
}

qinglian_store::backend_tests!(
    concurrent_first_starts_migrate_once,
    concurrent_upgrades_from_an_older_schema_migrate_once
);
