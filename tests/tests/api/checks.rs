//! Supervision checks (监督检查): created PLANNED against the directory, completed by recording their
//! result, findings opening problems in the rectification ledger, listed by kind, target and state.

mod creation;
mod listing;
mod results;

use qinglian_api::supervision::v1::check_service_client::CheckServiceClient;
use qinglian_api::supervision::v1::{self as pb, CheckFocus, CheckKind};
use qinglian_api::tasks::v1::{Person, Unit, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Cluster};

use super::common::{create_person, create_unit};

/// A check client.
pub type Checks = CheckServiceClient<Authed>;

/// 市人大机关 with two Party branches, and two inspectors of its discipline office, served by a
/// task-assignment service and a supervision service on the same backend.
pub struct Office {
    pub cluster: Cluster,
    /// A client with the discipline role.
    pub checks: Checks,
    pub organ: Unit,
    pub branch1: Unit,
    pub branch2: Unit,
    pub inspector1: Person,
    pub inspector2: Person,
}

impl Office {
    /// Starts both services on `db` and builds the organisation.
    pub async fn start(db: TestDatabase) -> Self {
        let cluster = Cluster::on(db).supervision().start().await;
        let tasks = &cluster.tasks;
        let mut directory = tasks.admin_directory().await;
        let organ = create_unit(&mut directory, UnitKind::Organ, "市人大机关", None).await;
        let branch1 = create_unit(
            &mut directory,
            UnitKind::PartyBranch,
            "机关第一党支部",
            Some(&organ.id),
        )
        .await;
        let branch2 = create_unit(
            &mut directory,
            UnitKind::PartyBranch,
            "机关第二党支部",
            Some(&organ.id),
        )
        .await;
        let inspector1 = create_person(&mut directory, "纪检组长", &organ.id, true).await;
        let inspector2 = create_person(&mut directory, "纪检干事", &organ.id, false).await;
        let checks = cluster
            .supervision()
            .checks(&tasks.token(Role::Discipline))
            .await;
        Self {
            cluster,
            checks,
            organ,
            branch1,
            branch2,
            inspector1,
            inspector2,
        }
    }

    /// A client of the check service for `role`.
    pub async fn client(&self, role: Role) -> Checks {
        self.cluster
            .supervision()
            .checks(&self.cluster.tasks.token(role))
            .await
    }

    /// A holiday check of `targets` organised by the organ, by the first inspector.
    pub fn holiday_check(&self, targets: &[&Unit]) -> pb::Check {
        pb::Check {
            kind: CheckKind::HolidayCheck as i32,
            title: "2023年中秋国庆节日期间作风建设专项检查".into(),
            focuses: vec![
                CheckFocus::SensitivePeriod as i32,
                CheckFocus::KeyArea as i32,
            ],
            focus_note: "行政后勤".into(),
            organising_unit_id: self.organ.id.clone(),
            target_unit_ids: targets.iter().map(|u| u.id.clone()).collect(),
            start_date: "2023-09-28".into(),
            end_date: "2023-10-06".into(),
            inspector_ids: vec![self.inspector1.id.clone()],
            ..Default::default()
        }
    }

    /// Creates `check` as the discipline role and returns it as stored.
    pub async fn create(&mut self, check: pb::Check) -> pb::Check {
        self.checks
            .create_check(pb::CreateCheckRequest {
                check: Some(check),
                request_id: String::new(),
            })
            .await
            .unwrap_or_else(|e| panic!("create check: {e:?}"))
            .into_inner()
            .check
            .unwrap_or_else(|| panic!("no check in response"))
    }

    /// The check `id` as stored.
    pub async fn get(&mut self, id: &str) -> pb::Check {
        self.checks
            .get_check(pb::GetCheckRequest { id: id.to_owned() })
            .await
            .unwrap_or_else(|e| panic!("get check: {e:?}"))
            .into_inner()
            .check
            .unwrap_or_else(|| panic!("no check in response"))
    }

    /// The ids of the checks listed by `request`, one page.
    pub async fn listed(&mut self, request: pb::ListChecksRequest) -> (Vec<String>, String) {
        let page = self
            .checks
            .list_checks(request)
            .await
            .unwrap_or_else(|e| panic!("list checks: {e:?}"))
            .into_inner();
        let ids = page.checks.into_iter().map(|c| c.id).collect();
        (ids, page.next_page_token)
    }

    /// Stops both services.
    pub async fn stop(self) {
        self.cluster.stop().await.expect("stop");
    }
}

/// A finding in `unit`; `severity` set opens a problem.
pub fn finding(
    unit: &Unit,
    description: &str,
    severity: Option<pb::ProblemSeverity>,
) -> pb::CheckFinding {
    pb::CheckFinding {
        description: description.to_owned(),
        unit_id: unit.id.clone(),
        open_problem: severity.is_some(),
        category: "八项规定".into(),
        severity: severity.map_or(0, |s| s as i32),
        problem_id: String::new(),
    }
}

/// A RecordCheckResult of `check` with `findings`, sent with its etag and no request id.
pub fn result(check: &pb::Check, findings: Vec<pb::CheckFinding>) -> pb::RecordCheckResultRequest {
    pb::RecordCheckResultRequest {
        id: check.id.clone(),
        conclusion: "总体较好，发现问题已当场反馈".into(),
        findings,
        etag: check.etag.clone(),
        request_id: String::new(),
    }
}
