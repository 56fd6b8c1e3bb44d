//! Creating checks: the stored shape, replay by request id, every refused field, the directory's
//! answer and its absence.

use qinglian_api::supervision::v1::{self as pb, CheckFocus, CheckKind, CheckState};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Member;
use tonic::Code;

use super::{Office, finding, result};
use crate::api::common::{expect_code, violated_fields};

fn request(check: pb::Check) -> pb::CreateCheckRequest {
    pb::CreateCheckRequest {
        check: Some(check),
        request_id: String::new(),
    }
}

async fn checks_are_created_planned_and_refuse_bad_fields(db: TestDatabase) {
    let mut office = Office::start(db).await;
    let mut planned = office.holiday_check(&[&office.branch1, &office.branch2]);
    planned.inspector_ids.push(office.inspector2.id.clone());
    let created = office
        .checks
        .create_check(pb::CreateCheckRequest {
            check: Some(planned.clone()),
            request_id: "check-1".into(),
        })
        .await
        .expect("create")
        .into_inner()
        .check
        .expect("check");
    assert_eq!(created.state, CheckState::Planned as i32);
    assert_eq!(
        created.focuses,
        [
            CheckFocus::SensitivePeriod as i32,
            CheckFocus::KeyArea as i32
        ]
    );
    assert_eq!(
        created.target_unit_ids,
        [office.branch1.id.clone(), office.branch2.id.clone()]
    );
    assert_eq!(
        (created.focus_note.as_str(), created.start_date.as_str()),
        ("行政后勤", "2023-09-28")
    );
    assert_eq!(created.inspector_ids.len(), 2);
    assert!(created.conclusion.is_empty() && created.findings.is_empty());
    assert!(!created.etag.is_empty() && created.create_time.is_some());

    // A retried create returns the first check; every role reads it.
    let replayed = office
        .checks
        .create_check(pb::CreateCheckRequest {
            check: Some(planned.clone()),
            request_id: "check-1".into(),
        })
        .await
        .expect("replay")
        .into_inner()
        .check
        .expect("check");
    assert_eq!(replayed, created);
    let mut viewer = office.client(Role::Viewer).await;
    let seen = viewer
        .get_check(pb::GetCheckRequest {
            id: created.id.clone(),
        })
        .await
        .expect("viewer reads")
        .into_inner()
        .check
        .expect("check");
    assert_eq!(seen, created);
    expect_code(
        viewer.create_check(request(planned.clone())).await,
        Code::PermissionDenied,
    );
    let mut leader = office.client(Role::Leader).await;
    expect_code(
        leader.create_check(request(planned.clone())).await,
        Code::PermissionDenied,
    );

    // Every refused field is named, and nothing is written.
    assert_eq!(
        violated_fields(
            office
                .checks
                .create_check(request(pb::Check::default()))
                .await
        ),
        [
            "check.kind",
            "check.title",
            "check.organising_unit_id",
            "check.target_unit_ids",
            "check.start_date",
            "check.end_date",
            "check.inspector_ids"
        ]
    );
    let b1 = office.branch1.id.clone();
    let malformed = pb::Check {
        kind: 99,
        title: "检".repeat(201),
        focuses: vec![CheckFocus::KeyArea as i32; 2]
            .into_iter()
            .chain([0])
            .collect(),
        focus_note: "后".repeat(201),
        organising_unit_id: "市人大机关".into(),
        target_unit_ids: vec![b1.clone(), b1.clone(), "x".into()],
        start_date: "2023-10-06".into(),
        end_date: "2023-09-28".into(),
        inspector_ids: vec![office.inspector1.id.clone(); 2],
        ..Default::default()
    };
    assert_eq!(
        violated_fields(office.checks.create_check(request(malformed)).await),
        [
            "check.kind",
            "check.title",
            "check.focuses[1]",
            "check.focuses[2]",
            "check.focus_note",
            "check.organising_unit_id",
            "check.target_unit_ids[1]",
            "check.target_unit_ids[2]",
            "check.end_date",
            "check.inspector_ids[1]"
        ]
    );
    let mut bad_dates = planned.clone();
    bad_dates.start_date = "2023-02-30".into();
    bad_dates.end_date = String::new();
    assert_eq!(
        violated_fields(office.checks.create_check(request(bad_dates)).await),
        ["check.start_date", "check.end_date"]
    );

    // Units and people the directory does not have are named, each where it was sent.
    let ghost = uuid::Uuid::now_v7().to_string();
    let mut unknown = planned.clone();
    unknown.organising_unit_id = ghost.clone();
    unknown.target_unit_ids = vec![b1.clone(), ghost.clone()];
    unknown.inspector_ids = vec![
        uuid::Uuid::now_v7().to_string(),
        office.inspector2.id.clone(),
    ];
    assert_eq!(
        violated_fields(office.checks.create_check(request(unknown)).await),
        [
            "check.organising_unit_id",
            "check.target_unit_ids[1]",
            "check.inspector_ids[0]"
        ]
    );
    let mut person_as_unit = planned.clone();
    person_as_unit.target_unit_ids = vec![office.inspector1.id.clone()];
    assert_eq!(
        violated_fields(office.checks.create_check(request(person_as_unit)).await),
        ["check.target_unit_ids[0]"]
    );
    expect_code(
        office
            .checks
            .get_check(pb::GetCheckRequest { id: ghost.clone() })
            .await,
        Code::NotFound,
    );
    let (all, _) = office.listed(pb::ListChecksRequest::default()).await;
    assert_eq!(all, [created.id.as_str()], "refused creates wrote nothing");

    // While the directory is down, writes that need it fail with UNAVAILABLE and store nothing.
    office.cluster.stop_server(Member::Tasks).await;
    let mut cross = office.holiday_check(&[&office.branch2]);
    cross.kind = CheckKind::CrossCheck as i32;
    expect_code(
        office.checks.create_check(request(cross)).await,
        Code::Unavailable,
    );
    let unchecked = finding(&office.branch1, "公务接待清单不全", None);
    expect_code(
        office
            .checks
            .record_check_result(result(&created, vec![unchecked]))
            .await,
        Code::Unavailable,
    );
    let (all, _) = office.listed(pb::ListChecksRequest::default()).await;
    assert_eq!(all, [created.id.as_str()]);
    let unchanged = office.get(&created.id).await;
    assert_eq!(unchanged, created, "the check is still planned");

    // Back up, the same create is accepted.
    office.cluster.restart_server(Member::Tasks).await;
    let accepted = office
        .create(office.holiday_check(&[&office.branch2]))
        .await;
    assert_eq!(accepted.state, CheckState::Planned as i32);
    office.stop().await;
}

qinglian_store::backend_tests!(checks_are_created_planned_and_refuse_bad_fields);
