//! Deliberation opinions over real gRPC, with the three services running: the lifecycle from draft to
//! satisfaction vote, validation and roles, and the items of a sent opinion in the supervision
//! service's rectification ledger, also when that service is down for a while.

mod access;
mod lifecycle;
mod sending;

use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_api::oversight::v1::{self as pb, OversightKind, OversightSubject};
use qinglian_api::supervision::v1::{ListProblemsRequest, Problem, ProblemSource};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Cluster};
use tonic::{Code, Status};

use super::common::{create_unit, expect_code};
use super::tasks::at;

/// An oversight client.
pub type Client = OversightServiceClient<Authed>;

/// The day every service of the fixture takes for today.
pub const TODAY: &str = "2023-09-01";

/// The three services on one fixed clock, a standing committee, the government it oversees, and a
/// work report the committee deliberated.
pub struct Fixture {
    /// The directory (and the key every token is signed with), the rectification ledger (which can
    /// be stopped and restarted on the same database), and oversight, the service under test.
    pub cluster: Cluster,
    /// 市人民政府, the addressee of the fixture's opinions.
    pub government: String,
    /// The work report the opinions deliberate.
    pub activity: String,
}

impl Fixture {
    /// Starts the services with the clock on [`TODAY`] and records the deliberated report.
    pub async fn start(db: TestDatabase) -> Self {
        let clock = Clock::fixed(at("2023-09-01T09:00:00+08:00"));
        let cluster = Cluster::on(db)
            .clock(clock)
            .supervision()
            .oversight()
            .start()
            .await;
        let (tasks, oversight) = (&cluster.tasks, cluster.oversight());
        assert_ne!(
            cluster.supervision().db.url,
            oversight.db.url,
            "two databases"
        );
        let mut directory = tasks.admin_directory().await;
        let committee = create_unit(&mut directory, UnitKind::Organ, "市人大常委会", None).await;
        let government = create_unit(&mut directory, UnitKind::Organ, "市人民政府", None).await;
        let mut clerk = oversight.oversight(&tasks.token(Role::Clerk)).await;
        let activity = clerk
            .record_oversight_activity(pb::RecordOversightActivityRequest {
                activity: Some(pb::OversightActivity {
                    kind: OversightKind::WorkReport as i32,
                    subject: OversightSubject::Government as i32,
                    title: "市政府关于交通强市三年行动推进情况的报告".into(),
                    meeting: "常委会第十二次会议".into(),
                    date: "2023-08-29".into(),
                    organisation_unit_id: committee.id,
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("record activity")
            .into_inner()
            .activity
            .expect("activity");
        Self {
            cluster,
            government: government.id,
            activity: activity.id,
        }
    }

    /// An oversight client for `role`.
    pub async fn client(&self, role: Role) -> Client {
        self.cluster
            .oversight()
            .oversight(&self.cluster.tasks.token(role))
            .await
    }

    /// An opinion on the fixture's report to the government with `items` (problem, recommendation).
    pub fn opinion(&self, items: &[(&str, &str)]) -> pb::DeliberationOpinion {
        pb::DeliberationOpinion {
            activity_id: self.activity.clone(),
            addressee_unit_id: self.government.clone(),
            overall_assessment: "报告客观全面，交通强市建设取得阶段性成效".into(),
            items: items
                .iter()
                .map(|(problem, recommendation)| pb::OpinionItem {
                    problem: (*problem).into(),
                    recommendation: (*recommendation).into(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Drafts a two-item opinion as a clerk.
    pub async fn draft(&self) -> pb::DeliberationOpinion {
        let opinion = self.opinion(&[
            (
                "公交线网覆盖不足，新区居民出行不便",
                "优化公交线网布局，年内开通新区线路",
            ),
            ("停车设施规划滞后", "编制停车设施专项规划并明确时间表"),
        ]);
        self.client(Role::Clerk)
            .await
            .draft_opinion(pb::DraftOpinionRequest {
                opinion: Some(opinion),
                request_id: String::new(),
            })
            .await
            .expect("draft")
            .into_inner()
            .opinion
            .expect("opinion")
    }

    /// Drafts and signs an opinion (as a leader).
    pub async fn signed(&self) -> pb::DeliberationOpinion {
        let draft = self.draft().await;
        self.client(Role::Leader)
            .await
            .sign_opinion(pb::SignOpinionRequest {
                id: draft.id,
                etag: draft.etag,
                request_id: String::new(),
            })
            .await
            .expect("sign")
            .into_inner()
            .opinion
            .expect("opinion")
    }

    /// The ledger's problems that come from People's Congress opinions.
    pub async fn congress_problems(&self) -> Vec<Problem> {
        self.cluster
            .supervision()
            .rectifications(&self.cluster.tasks.token(Role::Viewer))
            .await
            .list_problems(ListProblemsRequest {
                page_size: 100,
                source: ProblemSource::PeoplesCongress as i32,
                ..Default::default()
            })
            .await
            .expect("list problems")
            .into_inner()
            .problems
    }
}

/// A one-item opinion on `activity_id` addressed to `addressee`.
pub fn one_item_opinion(activity_id: &str, addressee: &str) -> pb::DeliberationOpinion {
    pb::DeliberationOpinion {
        activity_id: activity_id.to_owned(),
        addressee_unit_id: addressee.to_owned(),
        overall_assessment: "报告客观全面".into(),
        items: vec![pb::OpinionItem {
            problem: "监督力度不足".into(),
            recommendation: "加强跟踪监督".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// A request to sign `id`, checking `etag` when not empty.
pub fn sign(id: &str, etag: &str) -> pb::SignOpinionRequest {
    pb::SignOpinionRequest {
        id: id.into(),
        etag: etag.into(),
        request_id: String::new(),
    }
}

/// Asserts `result` was refused because the opinion is in `state`, naming it.
pub fn refused_in_state<T: std::fmt::Debug>(result: Result<T, Status>, state: pb::OpinionState) {
    let status = expect_code(result, Code::FailedPrecondition);
    assert!(
        status.message().contains(state.as_str_name()),
        "names the state {}: {}",
        state.as_str_name(),
        status.message()
    );
}

/// The opinion as stored now.
pub async fn stored(client: &mut Client, id: &str) -> pb::DeliberationOpinion {
    client
        .get_opinion(pb::GetOpinionRequest { id: id.to_owned() })
        .await
        .expect("get")
        .into_inner()
        .opinion
        .expect("opinion")
}
