//! The rectification ledger over real gRPC: tours, problems from several sources, measures, sign-off
//! by someone other than the owner, re-checks, extensions, the ledger and its statistics.

mod ledger;
mod signoff;
mod warnings;

use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::{self as pb, ProblemSource};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{
    Authed, Cluster, ClusterBuilder, TestOversight, TestSupervision, TestTasks,
};

pub use qinglian_test_support::records::{evidence, measure, pass, problem, tour};

use super::common::{create_person, create_unit};
use super::tasks::at;

/// A ledger client.
pub type Client = RectificationServiceClient<Authed>;

/// Both services (and, from [`Fixture::with_oversight`], oversight too) on a fixed clock, and the
/// people of a bureau under inspection.
pub struct Fixture {
    pub cluster: Cluster,
    pub clock: Clock,
    pub organ: String,
    pub office: String,
    pub finance: String,
    pub owner: String,
    pub other_owner: String,
    pub inspector: String,
    pub second_inspector: String,
}

impl Fixture {
    /// Starts both services with the clock at 2023-06-01.
    pub async fn start(db: TestDatabase) -> Self {
        Self::of(db, ClusterBuilder::supervision).await
    }

    /// Starts the three services with the clock at 2023-06-01.
    pub async fn with_oversight(db: TestDatabase) -> Self {
        Self::of(db, |cluster| cluster.supervision().oversight()).await
    }

    async fn of(db: TestDatabase, members: impl FnOnce(ClusterBuilder) -> ClusterBuilder) -> Self {
        let clock = Clock::fixed(at("2023-06-01T09:00:00+08:00"));
        let cluster = members(Cluster::on(db).clock(clock.clone())).start().await;
        let mut d = cluster.tasks.admin_directory().await;
        let organ = create_unit(&mut d, UnitKind::Organ, "市财政局", None).await;
        let office = create_unit(&mut d, UnitKind::Department, "办公室", Some(&organ.id)).await;
        let finance = create_unit(&mut d, UnitKind::Department, "财务科", Some(&organ.id)).await;
        let owner = create_person(&mut d, "办公室主任", &office.id, false).await;
        let other_owner = create_person(&mut d, "财务科长", &finance.id, false).await;
        let inspector = create_person(&mut d, "纪检组长", &organ.id, true).await;
        let second_inspector = create_person(&mut d, "纪检干事", &organ.id, false).await;
        Self {
            cluster,
            clock,
            organ: organ.id,
            office: office.id,
            finance: finance.id,
            owner: owner.id,
            other_owner: other_owner.id,
            inspector: inspector.id,
            second_inspector: second_inspector.id,
        }
    }

    /// The directory, and the key every token is signed with.
    pub fn tasks(&self) -> &TestTasks {
        &self.cluster.tasks
    }

    /// The rectification ledger.
    pub fn supervision(&self) -> &TestSupervision {
        self.cluster.supervision()
    }

    /// Oversight reporting; only in a fixture started [`Fixture::with_oversight`].
    pub fn oversight(&self) -> &TestOversight {
        self.cluster.oversight()
    }

    /// Stops every service, dependants first.
    pub async fn stop(self) {
        self.cluster.stop().await.expect("stop");
    }

    /// A ledger client for `person` holding `role`.
    pub async fn as_person(&self, person: &str, role: Role) -> Client {
        self.supervision()
            .rectifications(&self.tasks().token_for(person, role, None))
            .await
    }

    /// A ledger client for the discipline body (the inspector).
    pub async fn discipline(&self) -> Client {
        self.as_person(&self.inspector, Role::Discipline).await
    }

    /// Records the provincial tour of the reference report.
    pub async fn tour(&self) -> pb::InspectionTour {
        self.discipline()
            .await
            .create_tour(pb::CreateTourRequest {
                tour: Some(tour(&self.organ)),
                request_id: String::new(),
            })
            .await
            .expect("create tour")
            .into_inner()
            .tour
            .expect("tour")
    }

    /// Records a problem in `unit` found by `source` with `reference`.
    pub async fn problem(&self, unit: &str, source: ProblemSource, reference: &str) -> pb::Problem {
        self.discipline()
            .await
            .create_problem(pb::CreateProblemRequest {
                problem: Some(problem(unit, source, reference)),
                request_id: String::new(),
            })
            .await
            .expect("create problem")
            .into_inner()
            .problem
            .expect("problem")
    }

    /// Records a measure answering `problems`, owned by `owner` in `unit`.
    pub async fn measure(
        &self,
        problems: &[&str],
        unit: &str,
        owner: &str,
        deadline: &str,
    ) -> pb::Rectification {
        self.discipline()
            .await
            .create_rectification(pb::CreateRectificationRequest {
                rectification: Some(measure(problems, unit, owner, deadline)),
                request_id: String::new(),
            })
            .await
            .expect("create rectification")
            .into_inner()
            .rectification
            .expect("rectification")
    }

    /// Has `measure` requested by its owner and passed by the inspector; returns the problems.
    pub async fn sign_off(&self, measure: &pb::Rectification) -> Vec<pb::Problem> {
        self.as_person(&measure.responsible_person_id, Role::Clerk)
            .await
            .request_verification(pb::RequestVerificationRequest {
                rectification_id: measure.id.clone(),
                ..Default::default()
            })
            .await
            .expect("request verification");
        self.discipline()
            .await
            .verify_rectification(pass(&measure.id))
            .await
            .expect("verify")
            .into_inner()
            .problems
    }
}
