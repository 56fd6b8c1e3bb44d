//! Talks in the supervision service: confidentiality, audited reads, and the directory checked over
//! gRPC (writes refused with UNAVAILABLE while it is down, accepted when it is back).

use qinglian_api::common::v1::{AuditAction, ListAuditEventsRequest};
use qinglian_api::supervision::v1::{self as pb, TalkKind};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Cluster, Member};
use tonic::Code;

use super::common::{create_person, create_unit, expect_code, violated_fields};

pub fn talk(subject: &str, by: &str) -> pb::Talk {
    pb::Talk {
        kind: TalkKind::Reminder as i32,
        subject_person_id: subject.to_owned(),
        conducted_by_ids: vec![by.to_owned()],
        date: "2023-05-10".into(),
        reason: "苗头性问题：公务用车登记不全".into(),
        content: "提醒严格执行公务用车管理办法".into(),
        ..Default::default()
    }
}

async fn talks_are_confidential_and_every_content_read_is_audited(db: TestDatabase) {
    let cluster = Cluster::on(db).supervision().start().await;
    let tasks = &cluster.tasks;
    let supervision = cluster.supervision();
    let mut directory = tasks.admin_directory().await;
    let organ = create_unit(&mut directory, UnitKind::Organ, "市民政局", None).await;
    let cadre = create_person(&mut directory, "张科长", &organ.id, false).await;
    let inspector = create_person(&mut directory, "纪检组长", &organ.id, true).await;

    let mut discipline = supervision.talks(&tasks.token(Role::Discipline)).await;
    let recorded = discipline
        .record_talk(pb::RecordTalkRequest {
            talk: Some(talk(&cadre.id, &inspector.id)),
            request_id: "t-1".into(),
        })
        .await
        .expect("record")
        .into_inner()
        .talk
        .expect("talk");
    assert_eq!(
        recorded.subject_unit_id, organ.id,
        "the subject's unit comes from the directory"
    );
    assert!(!recorded.redacted);

    // Everyone else sees that the talk happened, not what was said.
    for role in [Role::Viewer, Role::Leader, Role::Clerk, Role::Service] {
        let mut reader = supervision.talks(&tasks.token(role)).await;
        let seen = reader
            .get_talk(pb::GetTalkRequest {
                id: recorded.id.clone(),
            })
            .await
            .expect("get")
            .into_inner()
            .talk
            .expect("talk");
        assert!(seen.redacted, "{role}");
        assert!(
            seen.content.is_empty() && seen.reason.is_empty() && seen.follow_ups.is_empty(),
            "{role}"
        );
        assert_eq!(seen.kind, TalkKind::Reminder as i32);
        let listed = reader
            .list_talks(pb::ListTalksRequest::default())
            .await
            .expect("list")
            .into_inner()
            .talks;
        assert!(
            listed.iter().all(|t| t.redacted && t.content.is_empty()),
            "{role}"
        );
    }
    let mut leader = supervision.talks(&tasks.token(Role::Leader)).await;
    let with_note = leader
        .add_talk_follow_up(pb::AddTalkFollowUpRequest {
            id: recorded.id.clone(),
            follow_up: "已整改，补全登记".into(),
            ..Default::default()
        })
        .await
        .expect("follow-up")
        .into_inner()
        .talk
        .expect("talk");
    assert!(with_note.redacted && with_note.follow_ups.is_empty());

    // The discipline and admin roles read the content, and every such read is in the audit log.
    let full = discipline
        .get_talk(pb::GetTalkRequest {
            id: recorded.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .talk
        .expect("talk");
    assert_eq!(full.content, "提醒严格执行公务用车管理办法");
    assert_eq!(full.follow_ups, ["已整改，补全登记"]);
    let mut admin = supervision.talks(&tasks.token(Role::Admin)).await;
    let listed = admin
        .list_talks(pb::ListTalksRequest::default())
        .await
        .expect("list")
        .into_inner()
        .talks;
    assert_eq!(listed[0].reason, "苗头性问题：公务用车登记不全");
    let mut audit = supervision.audit(&tasks.token(Role::Discipline)).await;
    let reads = audit
        .list_audit_events(ListAuditEventsRequest {
            filter: "action = AUDIT_ACTION_ACCESS".into(),
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_inner()
        .audit_events;
    assert_eq!(reads.len(), 2, "one discipline read and one admin listing");
    assert!(
        reads
            .iter()
            .all(|e| e.resource_id == recorded.id && e.action == AuditAction::Access as i32)
    );
    assert_eq!(
        reads
            .iter()
            .map(|e| e.actor_role.as_str())
            .collect::<Vec<_>>(),
        ["discipline", "admin"]
    );

    // Refusals: viewers never record; unknown people are named; dates in the future are refused.
    let mut viewer = supervision.talks(&tasks.token(Role::Viewer)).await;
    expect_code(
        viewer
            .record_talk(pb::RecordTalkRequest {
                talk: Some(talk(&cadre.id, &inspector.id)),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );
    let ghost = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        violated_fields(
            discipline
                .record_talk(pb::RecordTalkRequest {
                    talk: Some(talk(&ghost, &inspector.id)),
                    request_id: String::new()
                })
                .await
        ),
        ["talk.subject_person_id"]
    );
    let mut future = talk(&cadre.id, &inspector.id);
    future.date = "2999-01-01".into();
    future.kind = 0;
    assert_eq!(
        violated_fields(
            discipline
                .record_talk(pb::RecordTalkRequest {
                    talk: Some(future),
                    request_id: String::new()
                })
                .await
        ),
        ["talk.kind", "talk.date"]
    );
    // A retried record returns the first talk.
    let again = discipline
        .record_talk(pb::RecordTalkRequest {
            talk: Some(talk(&cadre.id, &inspector.id)),
            request_id: "t-1".into(),
        })
        .await
        .expect("retry")
        .into_inner()
        .talk
        .expect("talk");
    assert_eq!(again.id, recorded.id);
    cluster.stop().await.expect("stop");
}

async fn writes_are_refused_while_the_directory_is_down_and_accepted_when_it_is_back(
    db: TestDatabase,
) {
    let mut cluster = Cluster::on(db).supervision().start().await;
    let tasks = &cluster.tasks;
    let supervision = cluster.supervision();
    let mut directory = tasks.admin_directory().await;
    let organ = create_unit(&mut directory, UnitKind::Organ, "市民政局", None).await;
    let cadre = create_person(&mut directory, "张科长", &organ.id, false).await;
    let inspector = create_person(&mut directory, "纪检组长", &organ.id, true).await;
    let token = tasks.token(Role::Discipline);
    let mut discipline = supervision.talks(&token).await;

    cluster.stop_server(Member::Tasks).await;
    let started = std::time::Instant::now();
    let status = expect_code(
        discipline
            .record_talk(pb::RecordTalkRequest {
                talk: Some(talk(&cadre.id, &inspector.id)),
                request_id: "down-1".into(),
            })
            .await,
        Code::Unavailable,
    );
    assert!(
        status.message().contains("tasks"),
        "names the peer: {}",
        status.message()
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "fails cleanly, never hangs"
    );
    let nothing = discipline
        .list_talks(pb::ListTalksRequest::default())
        .await
        .expect("list")
        .into_inner()
        .talks;
    assert!(nothing.is_empty(), "nothing was stored");

    cluster.restart_server(Member::Tasks).await;
    let recorded = discipline
        .record_talk(pb::RecordTalkRequest {
            talk: Some(talk(&cadre.id, &inspector.id)),
            request_id: "down-1".into(),
        })
        .await
        .expect("accepted once the directory is back")
        .into_inner()
        .talk
        .expect("talk");
    assert_eq!(recorded.subject_person_id, cadre.id);
    cluster.stop().await.expect("stop");
}

/// Every text of a database's audit log and outbox, as stored.
async fn stored_payloads(url: &str) -> Vec<Vec<u8>> {
    use sea_orm::{ConnectionTrait, Statement};
    let store = qinglian_store::Store::connect(url, &Default::default())
        .await
        .expect("connect");
    let backend = store.conn().get_database_backend();
    let mut out = Vec::new();
    for sql in [
        "SELECT before_json, after_json FROM audit_events",
        "SELECT payload, payload FROM outbox_events",
    ] {
        for row in store
            .conn()
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .expect(sql)
        {
            for index in 0..2 {
                if let Ok(text) = row.try_get_by_index::<Option<String>>(index) {
                    out.push(text.unwrap_or_default().into_bytes());
                } else if let Ok(bytes) = row.try_get_by_index::<Vec<u8>>(index) {
                    out.push(bytes);
                }
            }
        }
    }
    let _ = store.close().await;
    out
}

async fn confidential_fields_never_reach_the_audit_log_or_the_outbox(db: TestDatabase) {
    let cluster = Cluster::on(db).supervision().start().await;
    let tasks = &cluster.tasks;
    let supervision = cluster.supervision();
    let mut directory = tasks.admin_directory().await;
    let organ = create_unit(&mut directory, UnitKind::Organ, "市民政局", None).await;
    let cadre = create_person(&mut directory, "张科长", &organ.id, false).await;
    let inspector = create_person(&mut directory, "纪检组长", &organ.id, true).await;
    let secrets = ["绝密谈话原因甲", "绝密谈话内容乙", "绝密后续丙"];
    let mut discipline = supervision.talks(&tasks.token(Role::Discipline)).await;
    let mut confidential = talk(&cadre.id, &inspector.id);
    confidential.reason = secrets[0].into();
    confidential.content = secrets[1].into();
    let recorded = discipline
        .record_talk(pb::RecordTalkRequest {
            talk: Some(confidential),
            request_id: String::new(),
        })
        .await
        .expect("record")
        .into_inner()
        .talk
        .expect("talk");
    discipline
        .add_talk_follow_up(pb::AddTalkFollowUpRequest {
            id: recorded.id.clone(),
            follow_up: secrets[2].into(),
            ..Default::default()
        })
        .await
        .expect("follow up");
    let payloads = stored_payloads(&supervision.db.url).await;
    assert!(payloads.len() >= 4, "the talk's events are stored");
    for payload in &payloads {
        for secret in secrets {
            let secret = secret.as_bytes();
            assert!(
                !payload.windows(secret.len()).any(|w| w == secret),
                "a stored event carries confidential text: {}",
                String::from_utf8_lossy(payload)
            );
        }
    }
    assert!(
        payloads
            .iter()
            .any(|p| String::from_utf8_lossy(p).contains("redacted_sha256")),
        "the audit log keeps the hashes"
    );
    // The chain, hashes in place of the content, still verifies.
    let verified = supervision
        .audit(&tasks.token(Role::Admin))
        .await
        .verify_audit_chain(qinglian_api::common::v1::VerifyAuditChainRequest::default())
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact, "{verified:?}");
    // The discipline role still reads what was said.
    let read = discipline
        .get_talk(pb::GetTalkRequest { id: recorded.id })
        .await
        .expect("get")
        .into_inner()
        .talk
        .expect("talk");
    assert_eq!(
        (read.reason.as_str(), read.content.as_str()),
        (secrets[0], secrets[1])
    );
}

qinglian_store::backend_tests!(
    confidential_fields_never_reach_the_audit_log_or_the_outbox,
    talks_are_confidential_and_every_content_read_is_audited,
    writes_are_refused_while_the_directory_is_down_and_accepted_when_it_is_back,
);
