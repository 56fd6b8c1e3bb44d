//! The hash-chained audit log: every mutation is recorded, and tampering in the database is found.

use qinglian_api::common::v1::{self as cpb, AuditAction};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Cluster, TestTasks};
use sea_orm::{ConnectionTrait, Database};

use super::common::create_unit;

async fn verify(tasks: &TestTasks) -> cpb::VerifyAuditChainResponse {
    tasks
        .audit(&tasks.token(Role::Discipline))
        .await
        .verify_audit_chain(cpb::VerifyAuditChainRequest {})
        .await
        .expect("verify")
        .into_inner()
}

async fn mutations_are_audited_and_tampering_is_detected(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let organ = create_unit(&mut client, UnitKind::Organ, "市民政局", None).await;
    for name in ["办公室", "财务科", "人事科", "法规科"] {
        create_unit(&mut client, UnitKind::Department, name, Some(&organ.id)).await;
    }
    let mut audit = tasks.audit(&tasks.token(Role::Admin)).await;
    let events = audit
        .list_audit_events(cpb::ListAuditEventsRequest {
            filter: format!("resource_id = \"{}\"", organ.id),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .audit_events;
    assert_eq!(events.len(), 1);
    let created = &events[0];
    assert_eq!(created.action, AuditAction::Create as i32);
    assert_eq!(created.actor_role, "admin");
    assert_eq!(
        created.method,
        "/qinglian.tasks.v1.DirectoryService/CreateUnit"
    );
    assert!(created.after_json.contains("市民政局"));
    let all = audit
        .list_audit_events(cpb::ListAuditEventsRequest {
            filter: "action = AUDIT_ACTION_CREATE".into(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .audit_events;
    let sequences: Vec<i64> = all.iter().map(|e| e.sequence).collect();
    assert_eq!(sequences, [1, 2, 3, 4, 5]);

    let intact = verify(tasks).await;
    assert!(intact.intact, "{intact:?}");
    assert_eq!(intact.events_checked, 5);

    let conn = Database::connect(tasks.db.url.as_str())
        .await
        .expect("connect");
    // A changed field.
    conn.execute_unprepared("UPDATE audit_events SET actor = 'someone-else' WHERE sequence = 3")
        .await
        .expect("tamper");
    let report = verify(tasks).await;
    assert!(!report.intact);
    assert_eq!(
        (report.first_broken_sequence, report.problem.as_str()),
        (3, "hash mismatch")
    );
    conn.execute_unprepared("UPDATE audit_events SET actor = 'test-admin' WHERE sequence = 3")
        .await
        .expect("restore");
    assert!(verify(tasks).await.intact);

    // Two rows' contents swapped (sequence numbers kept).
    conn.execute_unprepared(
        "UPDATE audit_events SET sequence = CASE sequence WHEN 2 THEN -4 WHEN 4 THEN -2 END WHERE sequence IN (2, 4)",
    )
    .await
    .expect("swap");
    conn.execute_unprepared("UPDATE audit_events SET sequence = -sequence WHERE sequence < 0")
        .await
        .expect("swap back signs");
    let report = verify(tasks).await;
    assert!(!report.intact);
    assert_eq!(report.first_broken_sequence, 2, "{report:?}");
    conn.execute_unprepared(
        "UPDATE audit_events SET sequence = CASE sequence WHEN 2 THEN -4 WHEN 4 THEN -2 END WHERE sequence IN (2, 4)",
    )
    .await
    .expect("unswap");
    conn.execute_unprepared("UPDATE audit_events SET sequence = -sequence WHERE sequence < 0")
        .await
        .expect("unswap signs");
    assert!(verify(tasks).await.intact);

    // A row removed from the middle, and one from the end.
    conn.execute_unprepared("DELETE FROM audit_events WHERE sequence = 5")
        .await
        .expect("delete last");
    let report = verify(tasks).await;
    assert_eq!(
        (report.first_broken_sequence, report.problem.as_str()),
        (5, "events missing at the end")
    );
    conn.execute_unprepared("DELETE FROM audit_events WHERE sequence = 2")
        .await
        .expect("delete");
    let report = verify(tasks).await;
    assert_eq!(
        (report.first_broken_sequence, report.problem.as_str()),
        (2, "sequence gap")
    );
    let _ = conn.close().await;
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(mutations_are_audited_and_tampering_is_detected);
