//! The migration that lets revisions be listed across regulations, over revisions recorded before
//! it: each gets its id and its regulation's issuing unit.

use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use qinglian_supervision::migrations::Migrator;
use sea_orm::{ConnectionTrait, Statement};

use crate::api::common::around_migration;

async fn revisions_before_the_migration_get_their_id_and_unit(db: TestDatabase) {
    let store = Store::connect(&db.url, &ConnectSettings::default())
        .await
        .expect("connect");
    let rows = [
        "INSERT INTO regulations (id, title, issuing_unit_id, current_version, version, \
         create_time, update_time) VALUES ('r1', '《机关财务管理办法》', 'unit-1', 2, 2, \
         '2023-03-01 00:00:00+00', '2023-03-01 00:00:00+00')"
            .to_owned(),
        "INSERT INTO regulation_revisions (regulation_id, version, change_summary, effective_date, \
         create_time, rectification_id) VALUES ('r1', 1, '制定', '2023-03-01', \
         '2023-03-01 00:00:00+00', ''), ('r1', 2, '修订', '2023-06-01', \
         '2023-06-01 00:00:00+00', '')"
            .to_owned(),
    ];
    around_migration::<Migrator>(&store, "m0008_revision_listing", &rows).await;
    let backend = store.conn().get_database_backend();
    let rows: Vec<(String, String)> = store
        .conn()
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, issuing_unit_id FROM regulation_revisions ORDER BY version",
        ))
        .await
        .expect("select")
        .iter()
        .map(|row| {
            (
                row.try_get_by_index::<String>(0).expect("id"),
                row.try_get_by_index::<String>(1).expect("unit"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("r1:1".to_owned(), "unit-1".to_owned()),
            ("r1:2".to_owned(), "unit-1".to_owned())
        ]
    );
    let _ = store.close().await;
}

qinglian_store::backend_tests!(revisions_before_the_migration_get_their_id_and_unit);
