//! The annual report generated from the three services' records: the reference structure with real
//! numbers, every figure returned with provenance, no lint finding on it, versions and their diff, and
//! peer-down behaviour.

mod random;

use std::collections::HashMap;

use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{self as opb, OversightKind, OversightSubject, ReportFormat};
use qinglian_api::supervision::v1::{self as spb, EducationKind, ProblemSource, TalkKind};
use qinglian_api::tasks::v1 as tpb;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Member, TestOversight};
use tonic::Code;

use super::common::expect_code;
use super::rectifications::Fixture;
use super::tasks::create_plan;

/// A year of records in all three services for the fixture's organ.
async fn record_a_year(f: &Fixture, oversight: &TestOversight) {
    let admin = f.tasks().token(Role::Admin);
    let mut plans = f.tasks().tasks(&admin).await;
    let plan = create_plan(&mut plans, &f.organ, 2023).await;
    plans
        .create_task(tpb::CreateTaskRequest {
            task: Some(tpb::Task {
                plan_id: plan.id.clone(),
                code: "1".into(),
                title: "落实“第一议题”制度".into(),
                category: "政治建设".into(),
                lead_unit_id: f.office.clone(),
                responsible_leader_id: f.inspector.clone(),
                handler_id: f.owner.clone(),
                due_date: "2023-12-31".into(),
                accountabilities: vec![qinglian_api::common::v1::Accountability::Direct as i32],
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("task");

    let discipline = f.tasks().token(Role::Discipline);
    let mut talks = f.supervision().talks(&discipline).await;
    for subject in [&f.owner, &f.other_owner] {
        talks
            .record_talk(spb::RecordTalkRequest {
                talk: Some(spb::Talk {
                    kind: TalkKind::Reminder as i32,
                    subject_person_id: subject.clone(),
                    conducted_by_ids: vec![f.inspector.clone()],
                    date: "2023-03-02".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("talk");
    }
    f.supervision()
        .education(&discipline)
        .await
        .record_education_activity(spb::RecordEducationActivityRequest {
            education_activity: Some(spb::EducationActivity {
                kind: EducationKind::WarningFilm as i32,
                title: "《廉》".into(),
                date: "2023-04-12".into(),
                organising_unit_id: f.organ.clone(),
                head_count: 40,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("education");
    let tour = f.tour().await;
    let problem = f.problem(&f.office, ProblemSource::Tour, &tour.id).await;
    let measure = f
        .measure(&[&problem.id], &f.office, &f.owner, "2023-06-30")
        .await;
    f.sign_off(&measure).await;

    let mut clerk = oversight.oversight(&f.tasks().token(Role::Clerk)).await;
    let activity = |kind: OversightKind, title: &str, laws: &[&str]| opb::OversightActivity {
        kind: kind as i32,
        subject: if laws.is_empty() {
            OversightSubject::Government as i32
        } else {
            OversightSubject::Unspecified as i32
        },
        title: title.to_owned(),
        date: "2023-04-26".into(),
        laws_inspected: laws.iter().map(|l| (*l).to_owned()).collect(),
        organisation_unit_id: f.organ.clone(),
        ..Default::default()
    };
    for record in [
        activity(
            OversightKind::WorkReport,
            "交通强市三年行动推进情况的报告",
            &[],
        ),
        activity(OversightKind::BudgetReview, "预算调整方案", &[]),
        activity(
            OversightKind::SpecialInquiry,
            "重大项目进展情况专题询问",
            &[],
        ),
        activity(
            OversightKind::LawEnforcementInspection,
            "执法检查",
            &["《中华人民共和国义务教育法》", "《省物业管理条例》"],
        ),
    ] {
        clerk
            .record_oversight_activity(opb::RecordOversightActivityRequest {
                activity: Some(record),
                request_id: String::new(),
            })
            .await
            .expect("activity");
    }
}

async fn generate(
    reports: &mut ReportServiceClient<Authed>,
    organ: &str,
    format: ReportFormat,
    allow_partial: bool,
) -> Result<opb::AnnualReport, tonic::Status> {
    reports
        .generate_annual_report(opb::GenerateAnnualReportRequest {
            organisation_unit_id: organ.to_owned(),
            year: 2023,
            format: format as i32,
            allow_partial,
            ..Default::default()
        })
        .await
        .map(|r| r.into_inner().report.expect("report"))
}

async fn the_report_is_written_from_the_records_and_checks_clean(db: TestDatabase) {
    let mut f = Fixture::with_oversight(db).await;
    let oversight = f.oversight();
    record_a_year(&f, oversight).await;
    let organ = f.organ.clone();
    let viewer = f.tasks().token(Role::Viewer);
    let mut reports = ReportServiceClient::with_interceptor(
        qinglian_test_support::channel(oversight.addr).await,
        qinglian_test_support::bearer(&viewer),
    );
    let report = generate(&mut reports, &organ, ReportFormat::PlainText, false)
        .await
        .expect("generate");
    let text = &report.text;
    assert_eq!(report.version, 1);
    assert_eq!(report.organisation_name, "市财政局");
    assert!(report.missing_sections.is_empty());
    for expected in [
        "市财政局2023年度党风廉政建设和反腐败工作情况报告",
        "认真抓好《2023年全面从严治党主要任务分工方案》任务落实，分解任务1项，已完成0项",
        "一、聚焦政治统领，提高政治站位，确保永葆忠诚本色",
        "组织开展警示教育和廉政教育活动1次，参与40人次，其中警示教育片1次；组织全体干部职工收看《廉》等专题警示教育片",
        "二、聚焦预防为主，筑牢思想堤坝，不断擦亮清廉底色",
        "全年开展各类谈话2人次，其中提醒谈话2人次。",
        "积极配合省委第八巡视组巡视巡察工作，对照问题清单、责任清单和整改工作台账，梳理问题1个，整改销号1项，按期整改率100%。",
        "三、聚焦职能职责，强化人大监督，增强反腐败斗争合力",
        "一年来，常委会共听取审议2个“一府一委两院”专项工作报告和预决算审查监督报告，检查2部法律法规实施情况，结合相关报告开展了1次专题询问。",
        "对《中华人民共和国义务教育法》《省物业管理条例》等法律法规实施情况开展执法检查",
        "下一步，市财政局将",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    // Sentences without data are left out, never filled.
    for absent in ["专题调研", "备案审查", "0次", "0个", "0部", "*", "监督检查"] {
        assert!(!text.contains(absent), "«{absent}» in:\n{text}");
    }
    // Every figure comes with its provenance; the text's numbers are figures.
    let figures: HashMap<&str, f64> = report
        .figures
        .iter()
        .map(|f| (f.key.as_str(), f.value))
        .collect();
    assert_eq!(figures.get("talks.total"), Some(&2.0));
    assert_eq!(figures.get("activities.reports"), Some(&2.0));
    assert_eq!(figures.get("laws.inspected"), Some(&2.0));
    assert_eq!(figures.get("tasks.total"), Some(&1.0));
    assert!(report.figures.iter().all(|f| {
        f.provenance
            .as_ref()
            .is_some_and(|p| !p.service.is_empty() && !p.statistic.is_empty())
    }));

    // The service's own report passes its lint, checked against the records.
    let findings = reports
        .lint_report(opb::LintReportRequest {
            text: text.clone(),
            organisation_unit_id: f.organ.clone(),
            year: 2023,
            ..Default::default()
        })
        .await
        .expect("lint")
        .into_inner()
        .findings;
    assert!(findings.is_empty(), "{findings:#?}\n{text}");
    let markdown = generate(&mut reports, &organ, ReportFormat::Markdown, false)
        .await
        .expect("markdown");
    assert!(markdown.text.starts_with("# 市财政局2023年度"));
    assert!(markdown.text.contains("\n## 二、聚焦预防为主"));
    assert_eq!(markdown.version, 2);

    // A wrong number in a draft is caught against the records.
    let draft = text.replace("开展了1次专题询问", "开展了3次专题询问");
    let findings = reports
        .lint_report(opb::LintReportRequest {
            text: draft,
            organisation_unit_id: f.organ.clone(),
            year: 2023,
            ..Default::default()
        })
        .await
        .expect("lint")
        .into_inner()
        .findings;
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].kind, opb::FindingKind::NumberMismatch as i32);
    assert_eq!(findings[0].recorded_value, Some(1.0));

    // The same draft as a Word document, one paragraph a line.
    let mut docx = std::io::Cursor::new(Vec::new());
    draft_text_lines(&text.replace("开展了1次专题询问", "开展了3次专题询问"))
        .into_iter()
        .fold(docx_rs::Docx::new(), |document, line| {
            document.add_paragraph(
                docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(line)),
            )
        })
        .build()
        .pack(&mut docx)
        .expect("pack");
    let docx = docx.into_inner();
    let from_word = reports
        .lint_report(opb::LintReportRequest {
            docx: docx.clone(),
            organisation_unit_id: f.organ.clone(),
            year: 2023,
            ..Default::default()
        })
        .await
        .expect("lint docx")
        .into_inner()
        .findings;
    assert_eq!(from_word, findings);
    let both = reports
        .lint_report(opb::LintReportRequest {
            text: "草稿".into(),
            docx,
            ..Default::default()
        })
        .await;
    assert_eq!(super::common::violated_fields(both), ["docx"]);
    let not_word = reports
        .lint_report(opb::LintReportRequest {
            docx: b"PK\x03\x04 no document".to_vec(),
            ..Default::default()
        })
        .await;
    assert_eq!(super::common::violated_fields(not_word), ["docx"]);

    // New records, a new version, and the figures that changed.
    f.supervision()
        .talks(&f.tasks().token(Role::Discipline))
        .await
        .record_talk(spb::RecordTalkRequest {
            talk: Some(spb::Talk {
                kind: TalkKind::Integrity as i32,
                subject_person_id: f.owner.clone(),
                conducted_by_ids: vec![f.inspector.clone()],
                date: "2023-05-20".into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("talk");
    let third = generate(&mut reports, &organ, ReportFormat::PlainText, false)
        .await
        .expect("again");
    assert_eq!(third.version, 3);
    let changes = reports
        .diff_reports(opb::DiffReportsRequest {
            base_id: report.id.clone(),
            head_id: third.id.clone(),
        })
        .await
        .expect("diff")
        .into_inner()
        .changes;
    let changed: Vec<(&str, Option<f64>, Option<f64>)> = changes
        .iter()
        .map(|c| (c.key.as_str(), c.base_value, c.head_value))
        .collect();
    assert_eq!(
        changed,
        vec![
            ("talks.TALK_KIND_INTEGRITY", None, Some(1.0)),
            ("talks.total", Some(2.0), Some(3.0)),
        ]
    );
    let stored = reports
        .get_report(opb::GetReportRequest {
            id: report.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .report
        .expect("report");
    assert_eq!(stored, report);
    let listed = reports
        .list_reports(opb::ListReportsRequest {
            filter: "year = 2023".into(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .reports;
    assert_eq!(listed.len(), 3);
    assert!(
        listed
            .iter()
            .all(|r| r.text.is_empty() && r.figures.is_empty())
    );

    // A peer down: refused naming it, or a partial report that says what is missing.
    f.cluster.stop_server(Member::Supervision).await;
    let status = expect_code(
        generate(&mut reports, &organ, ReportFormat::PlainText, false).await,
        Code::Unavailable,
    );
    assert!(status.message().contains("supervision"), "{status:?}");
    let partial = generate(&mut reports, &organ, ReportFormat::PlainText, true)
        .await
        .expect("partial");
    assert_eq!(partial.missing_sections, vec!["supervision"]);
    assert!(partial.text.contains("监督记录数据暂缺"));
    assert!(!partial.text.contains("开展各类谈话"), "{}", partial.text);
    assert!(partial.text.contains("开展了1次专题询问"));
    f.stop().await;
}

qinglian_store::backend_tests!(the_report_is_written_from_the_records_and_checks_clean);

/// The lines of a text, as the paragraphs of a Word document.
fn draft_text_lines(text: &str) -> Vec<&str> {
    text.trim_end_matches('\n').split('\n').collect()
}
