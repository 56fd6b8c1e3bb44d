//! The standing committee's oversight activities and the year's oversight statistics, over real gRPC.

use std::collections::HashMap;

use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_api::oversight::v1::{self as pb, OversightKind, OversightSubject};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Cluster};
use tonic::Code;

use super::common::{create_unit, expect_code, violated_fields};
use super::tasks::at;

type Client = OversightServiceClient<Authed>;

fn activity(
    committee: &str,
    kind: OversightKind,
    title: &str,
    date: &str,
) -> pb::OversightActivity {
    pb::OversightActivity {
        kind: kind as i32,
        subject: OversightSubject::Government as i32,
        title: title.to_owned(),
        meeting: "常委会第十二次会议".into(),
        date: date.to_owned(),
        organisation_unit_id: committee.to_owned(),
        ..Default::default()
    }
}

async fn record(client: &mut Client, activity: pb::OversightActivity) -> pb::OversightActivity {
    client
        .record_oversight_activity(pb::RecordOversightActivityRequest {
            activity: Some(activity),
            request_id: String::new(),
        })
        .await
        .expect("record activity")
        .into_inner()
        .activity
        .expect("activity")
}

async fn inspection(client: &mut Client, committee: &str, laws: &[&str], date: &str) {
    let mut inspection = activity(
        committee,
        OversightKind::LawEnforcementInspection,
        "执法检查",
        date,
    );
    inspection.subject = OversightSubject::Unspecified as i32;
    inspection.laws_inspected = laws.iter().map(|l| (*l).to_owned()).collect();
    record(client, inspection).await;
}

async fn count_listed(client: &mut Client, filter: &str) -> usize {
    client
        .list_oversight_activities(pb::ListOversightActivitiesRequest {
            filter: filter.to_owned(),
            page_size: 1000,
            ..Default::default()
        })
        .await
        .expect("list activities")
        .into_inner()
        .activities
        .len()
}

async fn a_year_of_oversight_is_recorded_and_counted(db: TestDatabase) {
    let clock = Clock::fixed(at("2023-12-20T10:00:00+08:00"));
    // Activities and statistics never call the ledger, so the cluster has no supervision.
    let cluster = Cluster::on(db).clock(clock).oversight().start().await;
    let tasks = &cluster.tasks;
    let oversight = cluster.oversight();
    let mut d = tasks.admin_directory().await;
    let committee = create_unit(&mut d, UnitKind::Organ, "市人大常委会", None)
        .await
        .id;
    let mut clerk = oversight.oversight(&tasks.token(Role::Clerk)).await;

    // Validation names each field; nothing is stored.
    let mut bad = activity(
        &committee,
        OversightKind::LawEnforcementInspection,
        "",
        "2024-01-05",
    );
    bad.related_activity_id = "not an id!".into();
    assert_eq!(
        violated_fields(
            clerk
                .record_oversight_activity(pb::RecordOversightActivityRequest {
                    activity: Some(bad),
                    request_id: String::new(),
                })
                .await
        ),
        vec![
            "activity.title",
            "activity.date",
            "activity.laws_inspected",
            "activity.related_activity_id"
        ]
    );
    let mut unmarked = activity(
        &committee,
        OversightKind::LawEnforcementInspection,
        "执法检查",
        "2023-05-05",
    );
    unmarked.laws_inspected = vec!["义务教育法".into()];
    let mut stray_laws = activity(
        &committee,
        OversightKind::SpecialResearch,
        "专题调研",
        "2023-05-05",
    );
    stray_laws.laws_inspected = vec!["《中华人民共和国义务教育法》".into()];
    let mut unknown_unit = activity(
        "no-such-unit",
        OversightKind::SpecialResearch,
        "专题调研",
        "2023-05-05",
    );
    unknown_unit.subject = OversightSubject::Unspecified as i32;
    let mut unknown_related = activity(
        &committee,
        OversightKind::SpecialInquiry,
        "专题询问",
        "2023-05-05",
    );
    unknown_related.related_activity_id = "0190a0c0-0000-7000-8000-000000000000".into();
    for (activity, field) in [
        (unmarked, "activity.laws_inspected[0]"),
        (stray_laws, "activity.laws_inspected"),
        (unknown_unit, "activity.organisation_unit_id"),
        (unknown_related, "activity.related_activity_id"),
    ] {
        assert_eq!(
            violated_fields(
                clerk
                    .record_oversight_activity(pb::RecordOversightActivityRequest {
                        activity: Some(activity),
                        request_id: String::new(),
                    })
                    .await
            ),
            vec![field]
        );
    }
    for role in [Role::Viewer, Role::Discipline] {
        let mut other = oversight.oversight(&tasks.token(role)).await;
        expect_code(
            other
                .record_oversight_activity(pb::RecordOversightActivityRequest {
                    activity: Some(activity(
                        &committee,
                        OversightKind::WorkReport,
                        "报告",
                        "2023-03-01",
                    )),
                    request_id: String::new(),
                })
                .await,
            Code::PermissionDenied,
        );
    }
    assert_eq!(count_listed(&mut clerk, "").await, 0, "nothing stored");

    // The year: five reports heard, two inspections of five laws, research and two inquiries.
    let traffic = record(
        &mut clerk,
        activity(
            &committee,
            OversightKind::WorkReport,
            "市政府关于交通强市三年行动推进情况的报告",
            "2023-04-26",
        ),
    )
    .await;
    record(
        &mut clerk,
        activity(
            &committee,
            OversightKind::WorkReport,
            "市政府关于2023年市级预算绩效管理情况的报告",
            "2023-10-25",
        ),
    )
    .await;
    record(
        &mut clerk,
        activity(
            &committee,
            OversightKind::BudgetReview,
            "预算调整方案",
            "2023-08-29",
        ),
    )
    .await;
    record(
        &mut clerk,
        activity(
            &committee,
            OversightKind::FinalAccountsReview,
            "2022年市级决算",
            "2023-06-28",
        ),
    )
    .await;
    record(
        &mut clerk,
        activity(
            &committee,
            OversightKind::PlanReview,
            "“十四五”规划纲要实施情况中期评估报告",
            "2023-06-28",
        ),
    )
    .await;
    record(
        &mut clerk,
        activity(
            &committee,
            OversightKind::WorkReport,
            "2022年的报告",
            "2022-12-28",
        ),
    )
    .await;
    inspection(
        &mut clerk,
        &committee,
        &[
            "《中华人民共和国义务教育法》",
            "《中华人民共和国未成年人保护法》",
            "《市农村生活垃圾分类处理若干规定》",
        ],
        "2023-05-16",
    )
    .await;
    inspection(
        &mut clerk,
        &committee,
        &[
            "《省物业管理条例》",
            "《中华人民共和国乡村振兴促进法》",
            "《中华人民共和国义务教育法》",
        ],
        "2023-09-12",
    )
    .await;
    let mut research = activity(
        &committee,
        OversightKind::SpecialResearch,
        "区建设情况专题调研",
        "2023-07-10",
    );
    research.subject = OversightSubject::Unspecified as i32;
    record(&mut clerk, research).await;
    for date in ["2023-04-26", "2023-10-25"] {
        let mut inquiry = activity(
            &committee,
            OversightKind::SpecialInquiry,
            "重点工作及重大项目进展情况专题询问",
            date,
        );
        inquiry.related_activity_id = traffic.id.clone();
        let recorded = record(&mut clerk, inquiry).await;
        assert_eq!(recorded.related_activity_id, traffic.id);
    }
    let got = clerk
        .get_oversight_activity(pb::GetOversightActivityRequest {
            id: traffic.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .activity
        .expect("activity");
    assert_eq!(got, traffic);
    let first_page = clerk
        .list_oversight_activities(pb::ListOversightActivitiesRequest {
            page_size: 4,
            filter: "date >= \"2023-01-01\"".into(),
            ..Default::default()
        })
        .await
        .expect("page")
        .into_inner();
    assert_eq!(first_page.activities.len(), 4);
    assert_eq!(first_page.activities[0].date, "2023-04-26", "by date");

    let mut viewer = oversight.oversight(&tasks.token(Role::Viewer)).await;
    let statistics = viewer
        .get_oversight_statistics(pb::GetOversightStatisticsRequest {
            year: 2023,
            organisation_unit_id: committee.clone(),
        })
        .await
        .expect("statistics")
        .into_inner();
    assert_eq!(
        statistics.laws_inspected,
        vec![
            "《中华人民共和国义务教育法》",
            "《中华人民共和国未成年人保护法》",
            "《市农村生活垃圾分类处理若干规定》",
            "《省物业管理条例》",
            "《中华人民共和国乡村振兴促进法》",
        ]
    );
    let figures: HashMap<&str, (f64, &str)> = statistics
        .figures
        .iter()
        .map(|f| (f.key.as_str(), (f.value, f.unit_word.as_str())))
        .collect();
    for (key, expected) in [
        ("activities.reports", (5.0, "个")),
        ("activities.OVERSIGHT_KIND_WORK_REPORT", (2.0, "个")),
        (
            "activities.OVERSIGHT_KIND_LAW_ENFORCEMENT_INSPECTION",
            (2.0, "次"),
        ),
        ("activities.OVERSIGHT_KIND_SPECIAL_RESEARCH", (1.0, "次")),
        ("activities.OVERSIGHT_KIND_SPECIAL_INQUIRY", (2.0, "次")),
        (
            "activities.subject.OVERSIGHT_SUBJECT_GOVERNMENT",
            (7.0, "项"),
        ),
        ("laws.inspected", (5.0, "部")),
        ("documents.filed", (0.0, "件")),
        ("opinions.sent", (0.0, "件")),
    ] {
        assert_eq!(figures.get(key), Some(&expected), "{key}");
    }
    assert!(
        !figures.contains_key("opinions.satisfaction_rate"),
        "no vote, no rate"
    );
    // Each activity figure's filter lists exactly what it counted.
    for figure in &statistics.figures {
        let provenance = figure.provenance.clone().expect("provenance");
        if figure.key.starts_with("activities.") {
            assert_eq!(
                count_listed(&mut viewer, &provenance.filter).await as f64,
                figure.value,
                "{}",
                figure.key
            );
        }
    }
    expect_code(
        viewer
            .get_oversight_statistics(pb::GetOversightStatisticsRequest {
                year: 0,
                organisation_unit_id: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(a_year_of_oversight_is_recorded_and_counted);
