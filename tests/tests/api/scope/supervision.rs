//! The supervision service: a token scoped to another organisation can neither write nor read the
//! bureau's talks, checks, education, rules, tours, problems, measures and warnings, its lists show
//! none of them, its figures are refused, and the audit log is unchanged by every refused call. A token
//! scoped to a department sees that department's records only and works inside it.

use qinglian_api::supervision::v1::{self as pb, ProblemSource};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;

use super::super::common::create_unit;
use super::super::education::film;
use super::super::rectifications::{Fixture, evidence, measure, pass, problem, tour};
use super::super::regulations::create as create_regulation;
use super::super::talks::talk;
use super::{
    assert_denied, assert_empty, audit_events, code, deployment_wide, every_rpc_is_named, listed,
};

/// A routine check organised by `organiser` of `target`.
fn check(organiser: &str, target: &str, inspector: &str) -> pb::Check {
    pb::Check {
        kind: pb::CheckKind::RoutineSpotCheck as i32,
        title: "公务用车使用情况抽查".into(),
        organising_unit_id: organiser.to_owned(),
        target_unit_ids: vec![target.to_owned()],
        start_date: "2023-05-02".into(),
        end_date: "2023-05-05".into(),
        inspector_ids: vec![inspector.to_owned()],
        ..Default::default()
    }
}

async fn a_scoped_token_reaches_no_record_of_another_organisation(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut directory = f.tasks().admin_directory().await;
    let other = create_unit(&mut directory, UnitKind::Organ, "市审计局", None)
        .await
        .id;

    // The bureau's records, made by unscoped tokens.
    let discipline = f.tasks().token_for(&f.inspector, Role::Discipline, None);
    let mut talks = f.supervision().talks(&discipline).await;
    let recorded_talk = talks
        .record_talk(pb::RecordTalkRequest {
            talk: Some(talk(&f.owner, &f.inspector)),
            request_id: String::new(),
        })
        .await
        .expect("talk")
        .into_inner()
        .talk
        .expect("talk");
    let mut checks = f.supervision().checks(&discipline).await;
    let planned = checks
        .create_check(pb::CreateCheckRequest {
            check: Some(check(&f.organ, &f.office, &f.inspector)),
            request_id: String::new(),
        })
        .await
        .expect("check")
        .into_inner()
        .check
        .expect("check");
    let mut education = f.supervision().education(&discipline).await;
    let activity = education
        .record_education_activity(pb::RecordEducationActivityRequest {
            education_activity: Some(film(&f.organ, &[&f.owner])),
            request_id: String::new(),
        })
        .await
        .expect("education")
        .into_inner()
        .education_activity
        .expect("education");
    let mut regulations = f.supervision().regulations(&discipline).await;
    let regulation = regulations
        .create_regulation(create_regulation(&f.organ, "《机关财务管理办法》"))
        .await
        .expect("rule")
        .into_inner()
        .regulation
        .expect("rule");
    let inspection = f.tour().await;
    let found = f
        .problem(&f.office, ProblemSource::Tour, &inspection.id)
        .await;
    let rectification = f
        .measure(&[&found.id], &f.office, &f.owner, "2023-06-10")
        .await;
    let mut admin_ledger = f
        .supervision()
        .rectifications(&f.tasks().token(Role::Admin))
        .await;
    admin_ledger
        .run_ledger_sweep(pb::RunLedgerSweepRequest {})
        .await
        .expect("sweep");
    let warning = admin_ledger
        .list_rectification_escalations(pb::ListRectificationEscalationsRequest::default())
        .await
        .expect("warnings")
        .into_inner()
        .escalations
        .pop()
        .expect("the measure due in nine days is warned of");
    let extension = f
        .as_person(&f.owner, Role::Clerk)
        .await
        .request_rectification_extension(pb::RequestRectificationExtensionRequest {
            rectification_id: rectification.id.clone(),
            requested_deadline: "2023-07-31".into(),
            reason: "需协调财政资金".into(),
            request_id: String::new(),
        })
        .await
        .expect("extension")
        .into_inner()
        .extension
        .expect("extension");
    let before =
        audit_events(&mut f.supervision().audit(&f.tasks().token(Role::Admin)).await).await;

    // Tokens scoped to the other organisation, in roles that may otherwise do each thing.
    let outsider = f
        .tasks()
        .token_for(&f.inspector, Role::Discipline, Some(&other));
    let outside_admin = f.tasks().token_for("admin", Role::Admin, Some(&other));
    let mut talks = f.supervision().talks(&outsider).await;
    let mut checks = f.supervision().checks(&outsider).await;
    let mut education = f.supervision().education(&outsider).await;
    let mut regulations = f.supervision().regulations(&outsider).await;
    let mut ledger = f.supervision().rectifications(&outsider).await;
    let mut ledger_admin = f.supervision().rectifications(&outside_admin).await;
    let mut statistics = f.supervision().statistics(&outsider).await;
    let denied = [
        (
            "RecordTalk",
            code(
                talks
                    .record_talk(pb::RecordTalkRequest {
                        talk: Some(talk(&f.owner, &f.inspector)),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetTalk",
            code(
                talks
                    .get_talk(pb::GetTalkRequest {
                        id: recorded_talk.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetTalk (of no record)",
            code(
                talks
                    .get_talk(pb::GetTalkRequest {
                        id: uuid::Uuid::now_v7().to_string(),
                    })
                    .await,
            ),
        ),
        (
            "AddTalkFollowUp",
            code(
                talks
                    .add_talk_follow_up(pb::AddTalkFollowUpRequest {
                        id: recorded_talk.id.clone(),
                        follow_up: "已整改".into(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "CreateCheck",
            code(
                checks
                    .create_check(pb::CreateCheckRequest {
                        check: Some(check(&f.organ, &f.office, &f.inspector)),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "CreateCheck (targeting the bureau from outside)",
            code(
                checks
                    .create_check(pb::CreateCheckRequest {
                        check: Some(check(&other, &f.office, &f.inspector)),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "RecordCheckResult",
            code(
                checks
                    .record_check_result(pb::RecordCheckResultRequest {
                        id: planned.id.clone(),
                        conclusion: "总体较好".into(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "GetCheck",
            code(
                checks
                    .get_check(pb::GetCheckRequest {
                        id: planned.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "RecordEducationActivity",
            code(
                education
                    .record_education_activity(pb::RecordEducationActivityRequest {
                        education_activity: Some(film(&f.organ, &[])),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetEducationActivity",
            code(
                education
                    .get_education_activity(pb::GetEducationActivityRequest {
                        id: activity.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "CreateRegulation",
            code(
                regulations
                    .create_regulation(create_regulation(&f.organ, "《机关财务管理办法》"))
                    .await,
            ),
        ),
        (
            "ReviseRegulation",
            code(
                regulations
                    .revise_regulation(pb::ReviseRegulationRequest {
                        id: regulation.id.clone(),
                        change_summary: "增加公务接待条款".into(),
                        effective_date: "2023-05-01".into(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "GetRegulation",
            code(
                regulations
                    .get_regulation(pb::GetRegulationRequest {
                        id: regulation.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "CreateTour",
            code(
                ledger
                    .create_tour(pb::CreateTourRequest {
                        tour: Some(tour(&f.organ)),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetTour",
            code(
                ledger
                    .get_tour(pb::GetTourRequest {
                        id: inspection.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "CreateProblem",
            code(
                ledger
                    .create_problem(pb::CreateProblemRequest {
                        problem: Some(problem(&f.office, ProblemSource::Tour, &inspection.id)),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "LinkProblemSource",
            code(
                ledger
                    .link_problem_source(pb::LinkProblemSourceRequest {
                        problem_id: found.id.clone(),
                        source: ProblemSource::SelfExamination as i32,
                        reference: "自查".into(),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetProblem",
            code(
                ledger
                    .get_problem(pb::GetProblemRequest {
                        id: found.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "CreateRectification",
            code(
                ledger
                    .create_rectification(pb::CreateRectificationRequest {
                        rectification: Some(measure(
                            &[&found.id],
                            &f.office,
                            &f.owner,
                            "2023-08-31",
                        )),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "CreateRectification (of the bureau's problem, owned outside)",
            code(
                ledger
                    .create_rectification(pb::CreateRectificationRequest {
                        rectification: Some(measure(&[&found.id], &other, &f.owner, "2023-08-31")),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetRectification",
            code(
                ledger
                    .get_rectification(pb::GetRectificationRequest {
                        id: rectification.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "ReportRectificationProgress",
            code(
                ledger
                    .report_rectification_progress(pb::ReportRectificationProgressRequest {
                        rectification_id: rectification.id.clone(),
                        text: "已完成台账".into(),
                        percent: 50,
                        evidence: vec![evidence()],
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "ListRectificationProgress",
            code(
                ledger
                    .list_rectification_progress(pb::ListRectificationProgressRequest {
                        rectification_id: rectification.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "RequestVerification",
            code(
                ledger
                    .request_verification(pb::RequestVerificationRequest {
                        rectification_id: rectification.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "VerifyRectification",
            code(ledger.verify_rectification(pass(&rectification.id)).await),
        ),
        (
            "RequestRectificationExtension",
            code(
                ledger
                    .request_rectification_extension(pb::RequestRectificationExtensionRequest {
                        rectification_id: rectification.id.clone(),
                        requested_deadline: "2023-07-31".into(),
                        reason: "需协调财政资金".into(),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "DecideRectificationExtension",
            code(
                ledger
                    .decide_rectification_extension(pb::DecideRectificationExtensionRequest {
                        id: extension.id.clone(),
                        approve: true,
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "RecordRecheck",
            code(
                ledger
                    .record_recheck(pb::RecordRecheckRequest {
                        rectification_id: rectification.id.clone(),
                        recheck_date: "2023-06-01".into(),
                        recurred: true,
                        finding: "问题复发".into(),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetLedgerStatistics",
            code(
                ledger
                    .get_ledger_statistics(pb::GetLedgerStatisticsRequest {
                        tour_id: String::new(),
                        unit_id: f.office.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetLedgerStatistics (of the whole ledger)",
            code(
                ledger
                    .get_ledger_statistics(pb::GetLedgerStatisticsRequest::default())
                    .await,
            ),
        ),
        (
            "RunLedgerSweep",
            code(
                ledger_admin
                    .run_ledger_sweep(pb::RunLedgerSweepRequest {})
                    .await,
            ),
        ),
        (
            "AcknowledgeRectificationEscalation",
            code(
                ledger_admin
                    .acknowledge_rectification_escalation(
                        pb::AcknowledgeRectificationEscalationRequest {
                            id: warning.id.clone(),
                            request_id: String::new(),
                        },
                    )
                    .await,
            ),
        ),
        (
            "GetSupervisionStatistics",
            code(
                statistics
                    .get_supervision_statistics(pb::GetSupervisionStatisticsRequest {
                        unit_id: f.organ.clone(),
                        year: 2023,
                    })
                    .await,
            ),
        ),
    ];
    let lists = [
        (
            "ListTalks",
            listed(
                talks.list_talks(pb::ListTalksRequest::default()).await,
                |r| r.talks.len(),
            ),
        ),
        (
            "ListChecks",
            listed(
                checks.list_checks(pb::ListChecksRequest::default()).await,
                |r| r.checks.len(),
            ),
        ),
        (
            "ListChecks (targeting the bureau's office)",
            listed(
                checks
                    .list_checks(pb::ListChecksRequest {
                        target_unit_id: f.office.clone(),
                        ..Default::default()
                    })
                    .await,
                |r| r.checks.len(),
            ),
        ),
        (
            "ListEducationActivities",
            listed(
                education
                    .list_education_activities(pb::ListEducationActivitiesRequest::default())
                    .await,
                |r| r.education_activities.len(),
            ),
        ),
        (
            "ListRegulations",
            listed(
                regulations
                    .list_regulations(pb::ListRegulationsRequest::default())
                    .await,
                |r| r.regulations.len(),
            ),
        ),
        (
            "ListRegulationRevisions",
            listed(
                regulations
                    .list_regulation_revisions(pb::ListRegulationRevisionsRequest::default())
                    .await,
                |r| r.revisions.len(),
            ),
        ),
        (
            "ListTours",
            listed(
                ledger.list_tours(pb::ListToursRequest::default()).await,
                |r| r.tours.len(),
            ),
        ),
        (
            "ListProblems",
            listed(
                ledger
                    .list_problems(pb::ListProblemsRequest::default())
                    .await,
                |r| r.problems.len(),
            ),
        ),
        (
            "ListLedger",
            listed(
                ledger.list_ledger(pb::ListLedgerRequest::default()).await,
                |r| r.rectifications.len(),
            ),
        ),
        (
            "ListRectificationEscalations",
            listed(
                ledger_admin
                    .list_rectification_escalations(
                        pb::ListRectificationEscalationsRequest::default(),
                    )
                    .await,
                |r| r.escalations.len(),
            ),
        ),
    ];
    let common = deployment_wide(f.supervision().addr, &outside_admin).await;
    assert_denied(&denied);
    assert_denied(&common);
    assert_empty(&lists);
    let named: Vec<&str> = denied
        .iter()
        .chain(&common)
        .map(|(rpc, _)| *rpc)
        .chain(lists.iter().map(|(rpc, _)| *rpc))
        .collect();
    every_rpc_is_named(
        &[
            "qinglian.supervision.v1.TalkService",
            "qinglian.supervision.v1.CheckService",
            "qinglian.supervision.v1.EducationService",
            "qinglian.supervision.v1.RegulationService",
            "qinglian.supervision.v1.RectificationService",
            "qinglian.supervision.v1.StatisticsService",
            "qinglian.common.v1.AuditService",
            "qinglian.common.v1.EventService",
        ],
        &named,
    );
    assert_eq!(
        audit_events(&mut f.supervision().audit(&f.tasks().token(Role::Admin)).await).await,
        before,
        "a refused call wrote to the log"
    );

    // A token scoped to the office works inside it and sees its records, not the finance section's.
    let office_token = f
        .tasks()
        .token_for(&f.inspector, Role::Discipline, Some(&f.office));
    let finance_problem = f
        .problem(&f.finance, ProblemSource::Tour, &inspection.id)
        .await;
    let mut office_ledger = f.supervision().rectifications(&office_token).await;
    let problems: Vec<String> = office_ledger
        .list_problems(pb::ListProblemsRequest::default())
        .await
        .expect("office problems")
        .into_inner()
        .problems
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(problems, vec![found.id.clone()]);
    assert_eq!(
        code(
            office_ledger
                .get_problem(pb::GetProblemRequest {
                    id: finance_problem.id.clone(),
                })
                .await
        ),
        tonic::Code::PermissionDenied
    );
    office_ledger
        .report_rectification_progress(pb::ReportRectificationProgressRequest {
            rectification_id: rectification.id.clone(),
            text: "已建立用车登记台账".into(),
            percent: 60,
            evidence: vec![evidence()],
            request_id: String::new(),
        })
        .await
        .expect("progress inside the scope");
    let mut office_talks = f.supervision().talks(&office_token).await;
    office_talks
        .record_talk(pb::RecordTalkRequest {
            talk: Some(talk(&f.owner, &f.inspector)),
            request_id: String::new(),
        })
        .await
        .expect("a talk with a person of the office");
    let seen = office_talks
        .list_talks(pb::ListTalksRequest::default())
        .await
        .expect("office talks")
        .into_inner()
        .talks;
    assert_eq!(seen.len(), 2, "both talks with the office's person");
    f.supervision()
        .statistics(&office_token)
        .await
        .get_supervision_statistics(pb::GetSupervisionStatisticsRequest {
            unit_id: f.office.clone(),
            year: 2023,
        })
        .await
        .expect("the office's own figures");
}

qinglian_store::backend_tests!(a_scoped_token_reaches_no_record_of_another_organisation);
