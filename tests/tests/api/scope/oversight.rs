//! The oversight service: writes about another organisation's committee are PERMISSION_DENIED and
//! change nothing, and so are reads of its activities, opinions, documents, figures, reports and lint
//! checks; lists show none of them.

use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{self as opb, OversightKind, ReviewVerdict};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;

use super::super::common::create_unit;
use super::super::opinions::one_item_opinion;
use super::super::rectifications::Fixture;
use super::{assert_denied, assert_empty, code, every_rpc_is_named, listed};

async fn a_scoped_token_acts_only_inside_its_unit(db: TestDatabase) {
    let f = Fixture::with_oversight(db).await;
    let oversight = f.oversight();
    let mut directory = f.tasks().admin_directory().await;
    let other = create_unit(&mut directory, UnitKind::Organ, "市审计局", None)
        .await
        .id;
    let committee = f.organ.clone();

    // Records of the committee, made by an unscoped administrator.
    let mut admin = oversight.oversight(&f.tasks().token(Role::Admin)).await;
    let activity = admin
        .record_oversight_activity(opb::RecordOversightActivityRequest {
            activity: Some(opb::OversightActivity {
                kind: OversightKind::WorkReport as i32,
                title: "听取审议专项工作报告".into(),
                date: "2023-03-01".into(),
                organisation_unit_id: committee.clone(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("activity")
        .into_inner()
        .activity
        .expect("activity");
    let opinion = admin
        .draft_opinion(opb::DraftOpinionRequest {
            opinion: Some(one_item_opinion(&activity.id, &committee)),
            request_id: String::new(),
        })
        .await
        .expect("draft")
        .into_inner()
        .opinion
        .expect("opinion");
    let document = admin
        .file_normative_document(opb::FileNormativeDocumentRequest {
            document: Some(opb::NormativeDocument {
                title: "《规定》".into(),
                issuing_body: "市人民政府".into(),
                filing_date: "2023-03-01".into(),
                organisation_unit_id: committee.clone(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("file")
        .into_inner()
        .document
        .expect("document");

    // Callers scoped to another unit.
    let outsider = |role| f.tasks().token_for(&f.owner, role, Some(&other));
    let mut clerk = oversight.oversight(&outsider(Role::Clerk)).await;
    let mut leader = oversight.oversight(&outsider(Role::Leader)).await;
    let mut reports = ReportServiceClient::with_interceptor(
        qinglian_test_support::channel(oversight.addr).await,
        qinglian_test_support::bearer(&outsider(Role::Viewer)),
    );
    let denied = [
        (
            "RecordOversightActivity",
            code(
                clerk
                    .record_oversight_activity(opb::RecordOversightActivityRequest {
                        activity: Some(opb::OversightActivity {
                            organisation_unit_id: committee.clone(),
                            ..activity.clone()
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "DraftOpinion",
            code(
                clerk
                    .draft_opinion(opb::DraftOpinionRequest {
                        opinion: Some(opb::DeliberationOpinion {
                            activity_id: activity.id.clone(),
                            ..opinion.clone()
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "SignOpinion",
            code(
                leader
                    .sign_opinion(opb::SignOpinionRequest {
                        id: opinion.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "SendOpinion",
            code(
                leader
                    .send_opinion(opb::SendOpinionRequest {
                        id: opinion.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "RecordHandlingReport",
            code(
                clerk
                    .record_handling_report(opb::RecordHandlingReportRequest {
                        id: opinion.id.clone(),
                        handling_report: "已整改".into(),
                        report_date: "2023-06-01".into(),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "RecordSatisfactionVote",
            code(
                clerk
                    .record_satisfaction_vote(opb::RecordSatisfactionVoteRequest {
                        id: opinion.id.clone(),
                        vote: Some(opb::SatisfactionVote {
                            satisfied: 3,
                            basically_satisfied: 1,
                            unsatisfied: 0,
                            vote_date: "2023-06-01".into(),
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "FileNormativeDocument",
            code(
                clerk
                    .file_normative_document(opb::FileNormativeDocumentRequest {
                        document: Some(document.clone()),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "ReviewNormativeDocument",
            code(
                clerk
                    .review_normative_document(opb::ReviewNormativeDocumentRequest {
                        id: document.id.clone(),
                        verdict: ReviewVerdict::Compliant as i32,
                        review_date: "2023-06-01".into(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "RecordCorrection",
            code(
                clerk
                    .record_correction(opb::RecordCorrectionRequest {
                        id: document.id.clone(),
                        correction: "已修改".into(),
                        correction_date: "2023-06-01".into(),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetOversightStatistics",
            code(
                clerk
                    .get_oversight_statistics(opb::GetOversightStatisticsRequest {
                        year: 2023,
                        organisation_unit_id: committee.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetOversightStatistics (of every committee)",
            code(
                clerk
                    .get_oversight_statistics(opb::GetOversightStatisticsRequest {
                        year: 2023,
                        organisation_unit_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GenerateAnnualReport",
            code(
                reports
                    .generate_annual_report(opb::GenerateAnnualReportRequest {
                        organisation_unit_id: committee.clone(),
                        year: 2023,
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "LintReport",
            code(
                reports
                    .lint_report(opb::LintReportRequest {
                        text: "开展2次专题询问。".into(),
                        organisation_unit_id: committee.clone(),
                        year: 2023,
                        ..Default::default()
                    })
                    .await,
            ),
        ),
    ];
    let mut viewer = oversight.oversight(&outsider(Role::Viewer)).await;
    let reads = [
        (
            "GetOversightActivity",
            code(
                viewer
                    .get_oversight_activity(opb::GetOversightActivityRequest {
                        id: activity.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetOpinion",
            code(
                viewer
                    .get_opinion(opb::GetOpinionRequest {
                        id: opinion.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetNormativeDocument",
            code(
                viewer
                    .get_normative_document(opb::GetNormativeDocumentRequest {
                        id: document.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetOpinion (of no record)",
            code(
                viewer
                    .get_opinion(opb::GetOpinionRequest {
                        id: uuid::Uuid::now_v7().to_string(),
                    })
                    .await,
            ),
        ),
    ];
    let lists = [
        (
            "ListOversightActivities",
            listed(
                viewer
                    .list_oversight_activities(opb::ListOversightActivitiesRequest::default())
                    .await,
                |r| r.activities.len(),
            ),
        ),
        (
            "ListOpinions",
            listed(
                viewer
                    .list_opinions(opb::ListOpinionsRequest::default())
                    .await,
                |r| r.opinions.len(),
            ),
        ),
        (
            "ListNormativeDocuments",
            listed(
                viewer
                    .list_normative_documents(opb::ListNormativeDocumentsRequest::default())
                    .await,
                |r| r.documents.len(),
            ),
        ),
    ];
    assert_denied(&denied);
    assert_denied(&reads);
    assert_empty(&lists);

    // The committee's stored reports are out of the outsider's reach too.
    let mut admin_reports = ReportServiceClient::with_interceptor(
        qinglian_test_support::channel(oversight.addr).await,
        qinglian_test_support::bearer(&f.tasks().token(Role::Admin)),
    );
    let report = admin_reports
        .generate_annual_report(opb::GenerateAnnualReportRequest {
            organisation_unit_id: committee.clone(),
            year: 2023,
            ..Default::default()
        })
        .await
        .expect("generate")
        .into_inner()
        .report
        .expect("report");
    let report_reads = [
        (
            "GetReport",
            code(
                reports
                    .get_report(opb::GetReportRequest {
                        id: report.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "DiffReports",
            code(
                reports
                    .diff_reports(opb::DiffReportsRequest {
                        base_id: report.id.clone(),
                        head_id: report.id.clone(),
                    })
                    .await,
            ),
        ),
    ];
    assert_denied(&report_reads);
    let report_lists = [(
        "ListReports",
        listed(
            reports
                .list_reports(opb::ListReportsRequest::default())
                .await,
            |r| r.reports.len(),
        ),
    )];
    assert_empty(&report_lists);
    let all = admin_reports
        .list_reports(opb::ListReportsRequest::default())
        .await
        .expect("list")
        .into_inner()
        .reports;
    assert_eq!(all.len(), 1);
    let named: Vec<&str> = denied
        .iter()
        .chain(&reads)
        .chain(&report_reads)
        .map(|(rpc, _)| *rpc)
        .chain(lists.iter().chain(&report_lists).map(|(rpc, _)| *rpc))
        .collect();
    every_rpc_is_named(
        &[
            "qinglian.oversight.v1.OversightService",
            "qinglian.oversight.v1.ReportService",
        ],
        &named,
    );

    // Nothing changed.
    let stored = admin
        .get_opinion(opb::GetOpinionRequest {
            id: opinion.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(stored.etag, opinion.etag);
    let activities = admin
        .list_oversight_activities(opb::ListOversightActivitiesRequest::default())
        .await
        .expect("list")
        .into_inner()
        .activities;
    assert_eq!(activities.len(), 1);

    // Inside its own unit a scoped clerk works as before.
    let mut own = oversight
        .oversight(&f.tasks().token_for(&f.owner, Role::Clerk, Some(&other)))
        .await;
    own.record_oversight_activity(opb::RecordOversightActivityRequest {
        activity: Some(opb::OversightActivity {
            organisation_unit_id: other.clone(),
            ..activity.clone()
        }),
        request_id: String::new(),
    })
    .await
    .expect("inside its scope");
    let mut below = oversight
        .oversight(&f.tasks().token_for(&f.owner, Role::Clerk, Some(&committee)))
        .await;
    below
        .record_oversight_activity(opb::RecordOversightActivityRequest {
            activity: Some(opb::OversightActivity {
                organisation_unit_id: f.office.clone(),
                ..activity.clone()
            }),
            request_id: String::new(),
        })
        .await
        .expect("a unit below its scope");
    f.stop().await;
}

qinglian_store::backend_tests!(a_scoped_token_acts_only_inside_its_unit);
