//! The migration that gives opinions and documents their committee, over rows written before it: an
//! opinion takes its activity's committee; documents take the only committee there is, and where
//! there are several the migration stops, changes nothing, and names what to set.

use qinglian_oversight::migrations::{DOCUMENTS_ORGANISATION_VARIABLE, Migrator};
use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::MigratorTrait;

const COMMITTEE: &str = "0190a000-0000-7000-8000-000000000001";
const OTHER: &str = "0190a000-0000-7000-8000-000000000002";

async fn execute(store: &Store, sql: &str) {
    store.conn().execute_unprepared(sql).await.expect(sql);
}

async fn column(store: &Store, sql: &str) -> Vec<String> {
    let backend = store.conn().get_database_backend();
    store
        .conn()
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect(sql)
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).expect("text"))
        .collect()
}

async fn activity(store: &Store, id: &str, committee: &str) {
    execute(
        store,
        &format!(
            "INSERT INTO oversight_activities (id, kind, subject, title, meeting, date, \
             related_activity_id, organisation_unit_id, version, create_time, update_time) VALUES \
             ('{id}', 1, 1, '听取报告', '', '2023-03-01', '', '{committee}', 1, \
             '2023-03-01 00:00:00+00', '2023-03-01 00:00:00+00')"
        ),
    )
    .await;
}

async fn rows_before_the_migration_get_their_committee(db: TestDatabase) {
    let store = Store::connect(&db.url, &ConnectSettings::default())
        .await
        .expect("connect");
    let all = Migrator::migrations().len() as u32;
    Migrator::up(store.conn(), Some(all - 1))
        .await
        .expect("migrate to before");
    activity(&store, "a-ours", COMMITTEE).await;
    activity(&store, "a-theirs", OTHER).await;
    execute(
        &store,
        "INSERT INTO deliberation_opinions (id, activity_id, addressee_unit_id, overall_assessment, \
         state, signed_by, handling_report, satisfied, basically_satisfied, unsatisfied, version, \
         create_time, update_time) VALUES ('o1', 'a-theirs', 'x', '意见', 1, '', '', 0, 0, 0, 1, \
         '2023-03-01 00:00:00+00', '2023-03-01 00:00:00+00')",
    )
    .await;
    execute(
        &store,
        "INSERT INTO normative_documents (id, title, issuing_body, document_number, filing_date, \
         state, review_opinion, correction, version, create_time, update_time) VALUES \
         ('d1', '《规定》', '市人民政府', '', '2023-03-01', 1, '', '', 1, \
         '2023-03-01 00:00:00+00', '2023-03-01 00:00:00+00')",
    )
    .await;

    // Two committees: whose documents these are cannot be known.
    let refused = Migrator::up(store.conn(), None).await.expect_err("refused");
    assert!(
        refused
            .to_string()
            .contains(DOCUMENTS_ORGANISATION_VARIABLE),
        "{refused}"
    );
    assert_eq!(
        Migrator::get_pending_migrations(store.conn())
            .await
            .expect("pending")
            .len(),
        1,
        "nothing applied"
    );
    assert!(
        store
            .conn()
            .execute_unprepared("SELECT organisation_unit_id FROM normative_documents")
            .await
            .is_err(),
        "the schema is as it was"
    );

    // With one committee the documents are its own.
    execute(&store, "DELETE FROM deliberation_opinions").await;
    execute(
        &store,
        "DELETE FROM oversight_activities WHERE id = 'a-theirs'",
    )
    .await;
    execute(
        &store,
        "INSERT INTO deliberation_opinions (id, activity_id, addressee_unit_id, overall_assessment, \
         state, signed_by, handling_report, satisfied, basically_satisfied, unsatisfied, version, \
         create_time, update_time) VALUES ('o1', 'a-ours', 'x', '意见', 1, '', '', 0, 0, 0, 1, \
         '2023-03-01 00:00:00+00', '2023-03-01 00:00:00+00')",
    )
    .await;
    Migrator::up(store.conn(), None).await.expect("migrate");
    assert_eq!(
        column(
            &store,
            "SELECT organisation_unit_id FROM normative_documents"
        )
        .await,
        [COMMITTEE]
    );
    assert_eq!(
        column(
            &store,
            "SELECT organisation_unit_id FROM deliberation_opinions"
        )
        .await,
        [COMMITTEE]
    );
    let _ = store.close().await;
}

qinglian_store::backend_tests!(rows_before_the_migration_get_their_committee);
