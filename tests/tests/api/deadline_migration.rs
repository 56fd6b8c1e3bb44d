//! The move of both services' former escalation and extension tables into the shared deadline tables,
//! over rows recorded before it: every warning, recipient and request survives, listed as before, and
//! a subject extended before the move warns again from its new date.

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Role;
use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use sea_orm::{ConnectionTrait, Statement};

use super::common::around_migration;

/// The task of the rows recorded before the move.
const TASK: &str = "0189a000-0000-7000-8000-000000000001";

/// A time of the rows recorded before the move.
const T: &str = "'2023-06-01 00:00:00+00:00'";

/// The rows of `sql`, each as its text columns.
async fn texts(store: &Store, sql: &str, columns: usize) -> Vec<Vec<String>> {
    let backend = store.conn().get_database_backend();
    store
        .conn()
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect(sql)
        .iter()
        .map(|row| {
            (0..columns)
                .map(|i| row.try_get_by_index::<String>(i).expect("text"))
                .collect()
        })
        .collect()
}

async fn task_escalations_and_extensions_survive_the_move(db: TestDatabase) {
    let store = Store::connect(&db.url, &ConnectSettings::default())
        .await
        .expect("connect");
    let rows = [
        format!(
            "INSERT INTO units (id, kind, name, short_name, path, version, create_time, \
             update_time) VALUES ('u1', 3, '市民政局', '', '/u1/', 1, {T}, {T})"
        ),
        format!(
            "INSERT INTO plans (id, year, title, issuing_unit_id, kind, state, version, \
             create_time, update_time) VALUES ('p1', 2023, '分工方案', 'u1', 1, 2, 1, {T}, {T})"
        ),
        format!(
            "INSERT INTO tasks (id, plan_id, code, title, description, category, lead_unit_id, \
             due_date, original_due_date, accountabilities, state, progress_percent, \
             return_reason, cancel_reason, extended, late_entry, warning_level, version, \
             create_time, update_time) VALUES ('{TASK}', 'p1', '1', '任务1', '', '廉政教育', 'u1', \
             '2099-06-30', '2023-06-30', '4', 2, 0, '', '', TRUE, FALSE, 2, 3, {T}, {T})"
        ),
        format!(
            "INSERT INTO escalations (id, task_id, level, recipient_ids, raise_date, due_date, \
             days_left, acknowledged, acknowledged_by, acknowledge_time, version, create_time) \
             VALUES ('e1', '{TASK}', 1, 'h1', '2023-06-10', '2023-06-30', 20, TRUE, 'h1', {T}, 2, {T}), \
             ('e2', '{TASK}', 2, 'h1,l1', '2023-06-20', '2023-06-30', 10, FALSE, '', NULL, 1, {T})"
        ),
        "INSERT INTO escalation_recipients (escalation_id, person_id) VALUES ('e1', 'h1'), \
         ('e2', 'h1'), ('e2', 'l1')"
            .to_owned(),
        format!(
            "INSERT INTO extensions (id, task_id, requested_due_date, reason, state, \
             requested_by, decided_by, decision_reason, create_time, decide_time) VALUES \
             ('x1', '{TASK}', '2023-08-31', '等待上级文件', 1, 'h1', '', '', {T}, NULL)"
        ),
    ];
    around_migration::<qinglian_tasks::migrations::Migrator>(&store, "m0005_deadlines", &rows)
        .await;
    assert_eq!(
        texts(
            &store,
            "SELECT e.id, e.subject_id, r.person_id FROM deadline_escalations e JOIN \
             deadline_escalation_recipients r ON r.escalation_id = e.id ORDER BY e.id, r.person_id",
            3
        )
        .await,
        [["e1", TASK, "h1"], ["e2", TASK, "h1"], ["e2", TASK, "l1"]]
    );
    let _ = store.close().await;

    // The service lists them as before, superseded: they were raised against the date the task's
    // extension moved, so its warning level starts again (it is due far ahead, so its own sweep adds
    // nothing yet).
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let admin = tasks.token(Role::Admin);
    let listed = tasks
        .escalations(&admin)
        .await
        .list_escalations(pb::ListEscalationsRequest {
            filter: format!("task_id = \"{TASK}\""),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .escalations;
    assert_eq!(
        listed
            .iter()
            .map(|e| (
                e.id.as_str(),
                e.level,
                e.recipient_ids.clone(),
                e.acknowledged,
                e.superseded
            ))
            .collect::<Vec<_>>(),
        [
            ("e1", 1, vec!["h1".to_owned()], true, true),
            ("e2", 2, vec!["h1".to_owned(), "l1".to_owned()], false, true),
        ]
    );
    let task = tasks
        .tasks(&admin)
        .await
        .get_task(pb::GetTaskRequest { id: TASK.into() })
        .await
        .expect("task")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(task.warning_level, 0);
    let extensions = tasks
        .tasks(&admin)
        .await
        .list_extensions(pb::ListExtensionsRequest {
            task_id: TASK.into(),
            ..Default::default()
        })
        .await
        .expect("extensions")
        .into_inner()
        .extensions;
    assert_eq!(
        extensions
            .iter()
            .map(|x| (
                x.id.as_str(),
                x.requested_due_date.as_str(),
                x.reason.as_str()
            ))
            .collect::<Vec<_>>(),
        [("x1", "2023-08-31", "等待上级文件")]
    );
    cluster.stop().await.expect("stop");
}

async fn measure_warnings_and_extensions_survive_the_move(db: TestDatabase) {
    let store = Store::connect(&db.url, &ConnectSettings::default())
        .await
        .expect("connect");
    let rows = [
        format!(
            "INSERT INTO rectifications (id, measure, responsible_unit_id, responsible_person_id, \
             deadline, original_deadline, lasting_mechanism, state, percent, warning_level, \
             recurrence_count, extended, verification_requested_by, version, create_time, \
             update_time) VALUES ('m1', '修订制度', 'u1', 'o1', '2023-06-15', '2023-06-15', \
             FALSE, 1, 0, 3, 0, FALSE, '', 4, {T}, {T})"
        ),
        format!(
            "INSERT INTO rectification_escalations (id, rectification_id, level, recipient_ids, \
             raise_date, deadline, days_left, acknowledged, acknowledged_by, acknowledge_time, \
             version, create_time) VALUES ('w3', 'm1', 3, 'o1,d1,h1', '2023-06-16', \
             '2023-06-15', -1, FALSE, '', NULL, 1, {T})"
        ),
        "INSERT INTO rectification_escalation_recipients (escalation_id, person_id) VALUES \
         ('w3', 'o1'), ('w3', 'd1'), ('w3', 'h1')"
            .to_owned(),
        format!(
            "INSERT INTO rectification_extensions (id, rectification_id, requested_deadline, \
             reason, state, requested_by, decided_by, decision_reason, create_time, decide_time) \
             VALUES ('x1', 'm1', '2023-09-30', '需经党组会审议', 3, 'o1', 'dc', '理由不足', {T}, {T})"
        ),
    ];
    around_migration::<qinglian_supervision::migrations::Migrator>(
        &store,
        "m0009_deadlines",
        &rows,
    )
    .await;
    assert_eq!(
        texts(
            &store,
            "SELECT e.id, e.subject_id, e.recipient_ids, CAST(e.due_date AS TEXT) FROM \
             deadline_escalations e ORDER BY e.id",
            4
        )
        .await,
        [["w3", "m1", "o1,d1,h1", "2023-06-15"]]
    );
    assert_eq!(
        texts(
            &store,
            "SELECT person_id FROM deadline_escalation_recipients ORDER BY person_id",
            1
        )
        .await,
        [["d1"], ["h1"], ["o1"]]
    );
    assert_eq!(
        texts(
            &store,
            "SELECT id, subject_id, CAST(requested_due_date AS TEXT), decision_reason FROM \
             deadline_extensions",
            4
        )
        .await,
        [["x1", "m1", "2023-09-30", "理由不足"]]
    );
    let _ = store.close().await;
}

qinglian_store::backend_tests!(
    task_escalations_and_extensions_survive_the_move,
    measure_warnings_and_extensions_survive_the_move,
);
