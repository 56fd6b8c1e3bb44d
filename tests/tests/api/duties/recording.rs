//! Who may record and manage duties, how fulfilments are validated, and request-id replays.

use qinglian_api::common::v1::{ListAuditEventsRequest, audit_service_client::AuditServiceClient};
use qinglian_api::tasks::v1::get_duty_compliance_request as gc;
use qinglian_api::tasks::v1::{self as pb, DutyFrequency, DutySubjectSelector};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Authed;
use tonic::Code;

use super::support::{
    Org, create_rule, evidence, fulfilment, pair, quota, record, recurrence, rule, unit_subject,
};
use crate::api::common::{expect_code, violated_fields};

async fn recording_is_guarded_by_role_and_scope(db: TestDatabase) {
    let mut org = Org::start(db, "2023-05-01").await;
    let meeting = create_rule(
        &mut org.duties,
        rule(
            &org.organ,
            "党员大会",
            recurrence(DutyFrequency::Quarterly, 1, "2023-01-01"),
            DutySubjectSelector::PartyBranches,
        ),
    )
    .await;
    let lecture = create_rule(
        &mut org.duties,
        rule(
            &org.organ,
            "上党课",
            quota(DutyFrequency::Yearly, 1, "2023-01-01"),
            DutySubjectSelector::LiaisonLinks,
        ),
    )
    .await;
    let b1 = unit_subject(&org.branch1);
    let ghost = uuid::Uuid::now_v7().to_string();

    // Roles that never record are refused before anything is read, even for a rule that is missing.
    for role in [Role::Viewer, Role::Discipline, Role::Service] {
        let mut client = org.duties_for(role, None).await;
        expect_code(
            record(&mut client, &meeting.id, b1.clone(), "2023-04-20").await,
            Code::PermissionDenied,
        );
        expect_code(
            client
                .record_fulfilment(pb::RecordFulfilmentRequest::default())
                .await,
            Code::PermissionDenied,
        );
        expect_code(
            record(&mut client, &ghost, b1.clone(), "2023-04-20").await,
            Code::PermissionDenied,
        );
    }
    expect_code(
        record(&mut org.duties, &ghost, b1.clone(), "2023-04-20").await,
        Code::NotFound,
    );

    // Clerks record within their unit scope only, and scope is checked before the rule is looked up.
    let mut foreign = org.duties_for(Role::Clerk, Some(&org.other_organ.id)).await;
    expect_code(
        record(&mut foreign, &meeting.id, b1.clone(), "2023-04-20").await,
        Code::PermissionDenied,
    );
    expect_code(
        record(&mut foreign, &ghost, b1.clone(), "2023-04-20").await,
        Code::PermissionDenied,
    );
    let mut office_clerk = org.duties_for(Role::Clerk, Some(&org.office.id)).await;
    expect_code(
        record(&mut office_clerk, &meeting.id, b1.clone(), "2023-04-20").await,
        Code::PermissionDenied,
    );
    let mut clerk = org.duties_for(Role::Clerk, Some(&org.organ.id)).await;
    record(&mut clerk, &meeting.id, b1.clone(), "2023-04-20")
        .await
        .expect("clerk in scope");
    record(
        &mut clerk,
        &lecture.id,
        pair(&org.leader2, &org.branch2),
        "2023-04-21",
    )
    .await
    .expect("a link's branch is in scope");
    // A subject outside the rule is named as the bad field.
    assert_eq!(
        violated_fields(
            record(
                &mut org.duties,
                &meeting.id,
                unit_subject(&org.other_branch),
                "2023-04-20"
            )
            .await
        ),
        ["fulfilment.subject"]
    );

    // Leaders record their own liaison links, nothing else.
    let mut leader = org.duties_as(&org.leader1, Role::Leader, None).await;
    expect_code(
        record(&mut leader, &meeting.id, b1.clone(), "2023-04-20").await,
        Code::PermissionDenied,
    );
    record(
        &mut leader,
        &lecture.id,
        pair(&org.leader1, &org.branch1),
        "2023-04-22",
    )
    .await
    .expect("own link");

    // Only admins manage rules; every role reads.
    expect_code(
        clerk
            .create_duty_rule(pb::CreateDutyRuleRequest::default())
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        clerk
            .update_duty_rule(pb::UpdateDutyRuleRequest::default())
            .await,
        Code::PermissionDenied,
    );
    let mut viewer = org.duties_for(Role::Viewer, None).await;
    viewer
        .get_duty_rule(pb::GetDutyRuleRequest {
            id: meeting.id.clone(),
        })
        .await
        .expect("viewer reads a rule");
    let listed = viewer
        .list_fulfilments(pb::ListFulfilmentsRequest::default())
        .await
        .expect("viewer lists")
        .into_inner()
        .fulfilments;
    assert_eq!(listed.len(), 3);
    viewer
        .get_duty_compliance(pb::GetDutyComplianceRequest {
            target: Some(gc::Target::UnitId(org.organ.id.clone())),
            span: Some(gc::Span::Year(2023)),
            as_of_date: String::new(),
        })
        .await
        .expect("viewer reads compliance");
    org.cluster.stop().await.expect("stop");
}

async fn fulfilments_are_validated_and_replayed(db: TestDatabase) {
    let mut org = Org::start(db, "2023-05-01").await;
    let meeting = create_rule(
        &mut org.duties,
        rule(
            &org.organ,
            "党员大会",
            recurrence(DutyFrequency::Quarterly, 1, "2023-01-01"),
            DutySubjectSelector::PartyBranches,
        ),
    )
    .await;
    let b1 = unit_subject(&org.branch1);
    let mut bad_evidence = evidence("2023-04-31");
    bad_evidence.sha256 = "ABC".into();
    let bad = pb::RecordFulfilmentRequest {
        fulfilment: Some(pb::Fulfilment {
            rule_id: "x".into(),
            subject: None,
            date: "2023/04/20".into(),
            note: "会\u{7}议".into(),
            evidence: vec![evidence("2023-04-20"), bad_evidence],
            ..Default::default()
        }),
        request_id: String::new(),
    };
    assert_eq!(
        violated_fields(org.duties.record_fulfilment(bad).await),
        [
            "fulfilment.rule_id",
            "fulfilment.subject",
            "fulfilment.date",
            "fulfilment.note",
            "fulfilment.evidence[1].sha256",
            "fulfilment.evidence[1].about_date",
        ]
    );
    assert_eq!(
        violated_fields(record(&mut org.duties, &meeting.id, b1.clone(), "2023-05-02").await),
        ["fulfilment.date"]
    );
    let no_target = org
        .duties
        .get_duty_compliance(pb::GetDutyComplianceRequest {
            target: None,
            span: Some(gc::Span::DateRange(pb::DutyDateRange {
                start_date: "2023-06-01".into(),
                end_date: "2023-01-01".into(),
            })),
            as_of_date: "today".into(),
        })
        .await;
    assert_eq!(
        violated_fields(no_target),
        ["target", "date_range.end_date", "as_of_date"]
    );

    // A retry returns the first response and writes nothing; the same id with another request is
    // refused.
    let mut request = fulfilment(&meeting.id, b1.clone(), "2023-04-20");
    request.request_id = "minutes-2023-04-20".into();
    let first = org
        .duties
        .record_fulfilment(request.clone())
        .await
        .expect("first")
        .into_inner();
    let audit = org
        .cluster
        .tasks
        .audit(&org.cluster.tasks.token(Role::Admin))
        .await;
    let events = count_audit(audit.clone()).await;
    let again = org
        .duties
        .record_fulfilment(request.clone())
        .await
        .expect("retry")
        .into_inner();
    assert_eq!(again, first);
    assert_eq!(count_audit(audit).await, events);
    let mut other = request;
    if let Some(f) = other.fulfilment.as_mut() {
        f.date = "2023-04-21".into();
    }
    assert_eq!(
        violated_fields(org.duties.record_fulfilment(other).await),
        ["request_id"]
    );
    let stored = org
        .duties
        .list_fulfilments(pb::ListFulfilmentsRequest::default())
        .await
        .expect("list")
        .into_inner()
        .fulfilments;
    assert_eq!(stored, [first.fulfilment.expect("fulfilment")]);
    org.cluster.stop().await.expect("stop");
}

async fn count_audit(mut audit: AuditServiceClient<Authed>) -> usize {
    audit
        .list_audit_events(ListAuditEventsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_inner()
        .audit_events
        .len()
}

qinglian_store::backend_tests!(
    recording_is_guarded_by_role_and_scope,
    fulfilments_are_validated_and_replayed,
);
