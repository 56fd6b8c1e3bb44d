//! The standing committee's oversight work of the year, by its clerk and a leader: activities of
//! several kinds, then a deliberation opinion on the work report, signed and sent to the government,
//! whose items the oversight service files in the supervision service's ledger as problems.

use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_api::oversight::v1::{self as opb, OpinionState, OversightKind, OversightSubject};
use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::{self as spb, ProblemSource};
use qinglian_kit::auth::Role;

use super::Day;
use super::directory::Organisation;
use super::tally::Tally;
use qinglian_test_support::{Member, Processes};

/// The laws of the year's law-enforcement inspection.
const LAWS: [&str; 2] = ["《中华人民共和国预算法》", "《省物业管理条例》"];

/// What the oversight service acknowledged (ids).
#[derive(Debug)]
pub struct Oversight {
    /// The activities.
    pub activities: Vec<String>,
    /// The opinion sent.
    pub opinion: opb::DeliberationOpinion,
}

/// Records the activities and sends the opinion; counts them in `tally`, and the opinion's problems
/// in `government`, the tally of the government's report.
pub async fn record(
    cluster: &Processes,
    org: &Organisation,
    day: &Day,
    tally: &mut Tally,
    government: &mut Tally,
) -> Oversight {
    let clerk = cluster.token("topology-clerk", Role::Clerk, None);
    let mut clerk = OversightServiceClient::new(cluster.authed(Member::Oversight, &clerk).await);
    let government_subject = OversightSubject::Government;
    let kinds = [
        (
            OversightKind::WorkReport,
            "市政府关于优化营商环境工作情况的报告",
            government_subject,
        ),
        (
            OversightKind::BudgetReview,
            "市本级预算调整方案",
            government_subject,
        ),
        (
            OversightKind::AuditReport,
            "审计工作报告",
            government_subject,
        ),
        (
            OversightKind::SpecialInquiry,
            "重大项目推进情况专题询问",
            government_subject,
        ),
        (
            OversightKind::SpecialResearch,
            "基层法庭建设专题调研",
            OversightSubject::Court,
        ),
        (
            OversightKind::LawEnforcementInspection,
            "执法检查",
            OversightSubject::Unspecified,
        ),
    ];
    let mut activities = Vec::new();
    for (kind, title, subject) in kinds {
        let inspection = kind == OversightKind::LawEnforcementInspection;
        let recorded = clerk
            .record_oversight_activity(opb::RecordOversightActivityRequest {
                activity: Some(opb::OversightActivity {
                    kind: kind as i32,
                    subject: subject as i32,
                    title: title.into(),
                    meeting: "常委会会议".into(),
                    date: day.today.clone(),
                    laws_inspected: if inspection {
                        LAWS.iter().map(|l| (*l).to_owned()).collect()
                    } else {
                        Vec::new()
                    },
                    organisation_unit_id: org.organ.clone(),
                    ..Default::default()
                }),
                request_id: format!("topology-activity-{}", kind.as_str_name()),
            })
            .await
            .unwrap_or_else(|e| panic!("record {}: {e:?}", kind.as_str_name()))
            .into_inner()
            .activity
            .expect("activity");
        activities.push(recorded.id);
        tally.one(format!("activities.{}", kind.as_str_name()));
        if !matches!(
            kind,
            OversightKind::SpecialInquiry
                | OversightKind::SpecialResearch
                | OversightKind::LawEnforcementInspection
        ) {
            tally.one("activities.reports");
        }
        if subject != OversightSubject::Unspecified {
            tally.one(format!("activities.subject.{}", subject.as_str_name()));
        }
    }
    tally.set("laws.inspected", LAWS.len() as f64);

    let draft = clerk
        .draft_opinion(opb::DraftOpinionRequest {
            opinion: Some(opb::DeliberationOpinion {
                activity_id: activities[0].clone(),
                addressee_unit_id: org.government.clone(),
                overall_assessment: "报告客观全面，营商环境持续改善".into(),
                items: [
                    ("政务服务“一网通办”覆盖不足", "年内实现高频事项全程网办"),
                    ("涉企检查频次偏多", "建立涉企检查统筹机制"),
                ]
                .iter()
                .map(|(problem, recommendation)| opb::OpinionItem {
                    problem: (*problem).into(),
                    recommendation: (*recommendation).into(),
                    ..Default::default()
                })
                .collect(),
                ..Default::default()
            }),
            request_id: "topology-opinion".into(),
        })
        .await
        .expect("draft opinion")
        .into_inner()
        .opinion
        .expect("opinion");
    let leader = cluster.token(&org.leader, Role::Leader, None);
    let mut leader = OversightServiceClient::new(cluster.authed(Member::Oversight, &leader).await);
    leader
        .sign_opinion(opb::SignOpinionRequest {
            id: draft.id.clone(),
            etag: draft.etag,
            request_id: String::new(),
        })
        .await
        .expect("sign opinion");
    let sent = leader
        .send_opinion(opb::SendOpinionRequest {
            id: draft.id.clone(),
            request_id: "topology-send".into(),
            ..Default::default()
        })
        .await
        .expect("send opinion")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(sent.state, OpinionState::Sent as i32);
    // The opinion is the committee's: it counts in the organ's report, not in that of the
    // government it was sent to, whose report counts the problems it was given instead.
    tally.one("opinions.sent");
    government.set("opinions.sent", 0.0);
    for _ in &sent.items {
        government.one("problems.PROBLEM_SOURCE_PEOPLES_CONGRESS");
        government.one("problems.total");
    }
    Oversight {
        activities,
        opinion: sent,
    }
}

/// Asserts the activities and the opinion are kept, and every item of the opinion is a People's
/// Congress problem of the government in the supervision service's ledger.
pub async fn assert_present(cluster: &Processes, org: &Organisation, oversight: &Oversight) {
    let viewer = cluster.token("topology-viewer", Role::Viewer, None);
    let mut client = OversightServiceClient::new(cluster.authed(Member::Oversight, &viewer).await);
    for id in &oversight.activities {
        client
            .get_oversight_activity(opb::GetOversightActivityRequest { id: id.clone() })
            .await
            .unwrap_or_else(|e| panic!("activity {id} lost: {e:?}"));
    }
    let opinion = client
        .get_opinion(opb::GetOpinionRequest {
            id: oversight.opinion.id.clone(),
        })
        .await
        .expect("opinion kept")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(opinion, oversight.opinion);
    let mut ledger =
        RectificationServiceClient::new(cluster.authed(Member::Supervision, &viewer).await);
    let filed = ledger
        .list_problems(spb::ListProblemsRequest {
            page_size: 100,
            source: ProblemSource::PeoplesCongress as i32,
            ..Default::default()
        })
        .await
        .expect("list problems")
        .into_inner()
        .problems;
    assert_eq!(filed.len(), opinion.items.len(), "{filed:#?}");
    for item in &opinion.items {
        let problem = filed
            .iter()
            .find(|p| p.id == item.ledger_problem_id)
            .unwrap_or_else(|| panic!("item «{}» is not in the ledger", item.problem));
        assert_eq!(problem.unit_id, org.government);
        assert_eq!(problem.sources[0].reference, opinion.id);
        assert!(problem.description.contains(&item.problem));
    }
}
