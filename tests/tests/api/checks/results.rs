//! Recording a check's result: findings in the check's target units, problems opened in the ledger
//! for the findings that ask for it, and a completed check that changes no more.

use qinglian_api::common::v1::Accountability;
use qinglian_api::common::v1::{AuditAction, ListAuditEventsRequest};
use qinglian_api::supervision::v1::{
    self as pb, CheckState, ProblemSeverity, ProblemSource, ProblemState,
};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::{Office, finding, result};
use crate::api::common::{expect_code, violated_fields};

async fn results_complete_checks_and_open_problems(db: TestDatabase) {
    let mut office = Office::start(db).await;
    let check = office
        .create(office.holiday_check(&[&office.branch1, &office.branch2]))
        .await;
    let (b1, b2) = (office.branch1.clone(), office.branch2.clone());

    // Refusals name the field and change nothing.
    let outsider = office.organ.clone();
    assert_eq!(
        violated_fields(
            office
                .checks
                .record_check_result(result(
                    &check,
                    vec![
                        finding(&b1, "无", None),
                        finding(&outsider, "公车私用", None)
                    ]
                ))
                .await
        ),
        ["findings[1].unit_id"],
        "a unit the check did not target"
    );
    let mut ghost = finding(&b1, "公款吃喝", None);
    ghost.unit_id = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        violated_fields(
            office
                .checks
                .record_check_result(result(&check, vec![ghost]))
                .await
        ),
        ["findings[0].unit_id"]
    );
    let mut sloppy = result(&check, vec![finding(&b1, "", None)]);
    sloppy.conclusion = String::new();
    sloppy.findings[0].open_problem = true;
    sloppy.findings[0].category = "类".repeat(101);
    assert_eq!(
        violated_fields(office.checks.record_check_result(sloppy).await),
        [
            "conclusion",
            "findings[0].description",
            "findings[0].category",
            "findings[0].severity"
        ]
    );
    let mut stale = result(&check, Vec::new());
    stale.etag = "W/\"9\"".into();
    expect_code(
        office.checks.record_check_result(stale).await,
        Code::Aborted,
    );
    let mut missing = result(&check, Vec::new());
    missing.id = uuid::Uuid::now_v7().to_string();
    expect_code(
        office.checks.record_check_result(missing).await,
        Code::NotFound,
    );
    let mut viewer = office.client(Role::Viewer).await;
    expect_code(
        viewer.record_check_result(result(&check, Vec::new())).await,
        Code::PermissionDenied,
    );
    assert_eq!(office.get(&check.id).await, check, "still planned");

    // Three findings, two of which open problems in the ledger.
    let mut request = result(
        &check,
        vec![
            finding(
                &b1,
                "节日期间公务接待超标准",
                Some(ProblemSeverity::Significant),
            ),
            finding(&b2, "交叉检查学习笔记：个别党员笔记记录不全", None),
            finding(&b2, "公务用车使用登记不全", Some(ProblemSeverity::Minor)),
        ],
    );
    request.request_id = "result-1".into();
    let completed = office
        .checks
        .record_check_result(request.clone())
        .await
        .expect("record result")
        .into_inner()
        .check
        .expect("check");
    assert_eq!(completed.state, CheckState::Completed as i32);
    assert_eq!(completed.conclusion, "总体较好，发现问题已当场反馈");
    assert_ne!(completed.etag, check.etag);
    let problem_ids: Vec<&str> = completed
        .findings
        .iter()
        .map(|f| f.problem_id.as_str())
        .collect();
    assert_eq!(problem_ids.len(), 3);
    assert!(
        problem_ids[1].is_empty(),
        "the second finding opened nothing"
    );
    for id in [problem_ids[0], problem_ids[2]] {
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    }
    assert_ne!(problem_ids[0], problem_ids[2]);
    assert_eq!(
        completed.findings[2].severity,
        ProblemSeverity::Minor as i32
    );
    assert_eq!(office.get(&check.id).await, completed);

    // The problems are in the ledger, sourced from this check, in the finding's unit, which answers
    // for them under primary accountability (主体责任).
    let mut ledger = office
        .cluster
        .supervision()
        .rectifications(&office.cluster.tasks.token(Role::Viewer))
        .await;
    for (i, unit) in [(0, &b1), (2, &b2)] {
        let problem = ledger
            .get_problem(pb::GetProblemRequest {
                id: problem_ids[i].to_owned(),
            })
            .await
            .expect("problem")
            .into_inner()
            .problem
            .expect("problem");
        let sources: Vec<(i32, &str)> = problem
            .sources
            .iter()
            .map(|s| (s.source, s.reference.as_str()))
            .collect();
        assert_eq!(sources, [(ProblemSource::Check as i32, check.id.as_str())]);
        assert_eq!(problem.unit_id, unit.id);
        assert_eq!(problem.description, completed.findings[i].description);
        assert_eq!(
            (problem.category.as_str(), problem.severity),
            ("八项规定", completed.findings[i].severity)
        );
        assert_eq!(problem.state, ProblemState::Open as i32);
        assert_eq!(
            problem.responsibilities,
            [pb::Responsibility {
                unit_id: unit.id.clone(),
                person_id: String::new(),
                accountability: Accountability::Primary as i32,
            }]
        );
    }
    let from_checks = ledger
        .list_problems(pb::ListProblemsRequest {
            source: ProblemSource::Check as i32,
            ..Default::default()
        })
        .await
        .expect("problems")
        .into_inner()
        .problems;
    assert_eq!(from_checks.len(), 2);
    let mut audit = office
        .cluster
        .supervision()
        .audit(&office.cluster.tasks.token(Role::Discipline))
        .await;
    let recorded = audit
        .list_audit_events(ListAuditEventsRequest {
            filter: "method = \"/qinglian.supervision.v1.CheckService/RecordCheckResult\"".into(),
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_inner()
        .audit_events;
    let changes: Vec<(&str, i32)> = recorded
        .iter()
        .map(|e| (e.resource_type.as_str(), e.action))
        .collect();
    let (create, update) = (AuditAction::Create as i32, AuditAction::Update as i32);
    assert_eq!(
        changes,
        [
            ("qinglian.supervision.v1.Problem", create),
            ("qinglian.supervision.v1.Problem", create),
            ("qinglian.supervision.v1.Check", update)
        ],
        "the problems and the completed check are one mutation's changes"
    );

    // A retry returns the first result; recording again is refused.
    let replayed = office
        .checks
        .record_check_result(request)
        .await
        .expect("replay")
        .into_inner()
        .check
        .expect("check");
    assert_eq!(replayed, completed);
    let mut again = result(&completed, Vec::new());
    again.etag = String::new();
    expect_code(
        office.checks.record_check_result(again).await,
        Code::FailedPrecondition,
    );

    // A check that found nothing completes without findings.
    let quiet = office.create(office.holiday_check(&[&b2])).await;
    let clean = office
        .checks
        .record_check_result(result(&quiet, Vec::new()))
        .await
        .expect("no problems found")
        .into_inner()
        .check
        .expect("check");
    assert_eq!(clean.state, CheckState::Completed as i32);
    assert!(clean.findings.is_empty());
    office.stop().await;
}

qinglian_store::backend_tests!(results_complete_checks_and_open_problems);
