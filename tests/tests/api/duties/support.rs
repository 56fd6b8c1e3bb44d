//! A small organisation, rule builders and call helpers shared by the duty tests.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use qinglian_api::tasks::v1::{self as pb, UnitKind, get_duty_compliance_request as gc};
use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Cluster};
use tonic::Status;

pub use super::builders::{
    evidence, fulfilment, pair, person_subject, quota, recurrence, rule, unit_subject,
};
use crate::api::common::{Directory, create_person, create_unit};

/// A duty client.
pub type Duties = pb::duty_service_client::DutyServiceClient<Authed>;

/// 市民政局 with two Party branches and an office, two leaders each linked to one branch, and 市财政局
/// with a branch of its own (outside every rule of 市民政局).
pub struct Org {
    pub cluster: Cluster,
    pub clock: Clock,
    pub directory: Directory,
    pub duties: Duties,
    pub organ: pb::Unit,
    pub office: pb::Unit,
    pub branch1: pb::Unit,
    pub branch2: pb::Unit,
    pub other_organ: pb::Unit,
    pub other_branch: pb::Unit,
    pub leader1: pb::Person,
    pub leader2: pb::Person,
    pub cadre: pb::Person,
}

/// 08:00 UTC on `date` (YYYY-MM-DD).
pub fn morning(date: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{date}T08:00:00Z"))
        .expect("time")
        .to_utc()
}

/// The date of YYYY-MM-DD text.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

impl Org {
    /// Starts the service with its clock on `today` and builds the organisation.
    pub async fn start(db: TestDatabase, today: &str) -> Self {
        let clock = Clock::fixed(morning(today));
        let cluster = Cluster::on(db).clock(clock.clone()).start().await;
        let mut directory = cluster.tasks.admin_directory().await;
        let duties = cluster
            .tasks
            .duties(&cluster.tasks.token(Role::Admin))
            .await;
        let organ = create_unit(&mut directory, UnitKind::Organ, "市民政局", None).await;
        let office = create_unit(
            &mut directory,
            UnitKind::Department,
            "办公室",
            Some(&organ.id),
        )
        .await;
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
        let other_organ = create_unit(&mut directory, UnitKind::Organ, "市财政局", None).await;
        let other_branch = create_unit(
            &mut directory,
            UnitKind::PartyBranch,
            "财政局机关党支部",
            Some(&other_organ.id),
        )
        .await;
        let leader1 = create_person(&mut directory, "李局长", &organ.id, true).await;
        let leader2 = create_person(&mut directory, "王副局长", &organ.id, true).await;
        let cadre = create_person(&mut directory, "张干事", &office.id, false).await;
        create_person(&mut directory, "赵局长", &other_organ.id, true).await;
        let org = Self {
            cluster,
            clock,
            directory,
            duties,
            organ,
            office,
            branch1,
            branch2,
            other_organ,
            other_branch,
            leader1,
            leader2,
            cadre,
        };
        org.link(&org.leader1, &org.branch1).await;
        org.link(&org.leader2, &org.branch2).await;
        org
    }

    /// Links `leader` to `branch` (挂点联系).
    pub async fn link(&self, leader: &pb::Person, branch: &pb::Unit) {
        self.directory
            .clone()
            .create_liaison_link(pb::CreateLiaisonLinkRequest {
                liaison_link: Some(pb::LiaisonLink {
                    leader_id: leader.id.clone(),
                    branch_id: branch.id.clone(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("liaison link");
    }

    /// Moves the service clock to `today`.
    pub fn set_today(&self, today: &str) {
        self.clock.set(morning(today));
    }

    /// A duty client acting as `person` with `role` (the token's subject is the person's id).
    pub async fn duties_as(&self, person: &pb::Person, role: Role, unit: Option<&str>) -> Duties {
        let (secret, _) =
            load_or_create_key(&self.cluster.tasks.settings.auth.key_file).expect("key");
        let keys = TokenKeys::from_secret(&secret, &self.cluster.tasks.settings.auth.issuer)
            .expect("keys");
        let token = keys
            .issue(&person.id, role, unit, Duration::from_secs(3600))
            .expect("token");
        self.cluster.tasks.duties(&token).await
    }

    /// A duty client for `role`, scoped to `unit` when given.
    pub async fn duties_for(&self, role: Role, unit: Option<&str>) -> Duties {
        self.cluster
            .tasks
            .duties(&self.cluster.tasks.scoped_token(role, unit))
            .await
    }
}

/// Creates `rule`.
pub async fn create_rule(duties: &mut Duties, rule: pb::DutyRule) -> pb::DutyRule {
    duties
        .create_duty_rule(pb::CreateDutyRuleRequest {
            duty_rule: Some(rule),
            request_id: String::new(),
        })
        .await
        .unwrap_or_else(|e| panic!("create rule: {e:?}"))
        .into_inner()
        .duty_rule
        .expect("rule")
}

/// Records an event by `subject` on `date`.
pub async fn record(
    duties: &mut Duties,
    rule_id: &str,
    subject: pb::DutySubject,
    date: &str,
) -> Result<pb::Fulfilment, Status> {
    duties
        .record_fulfilment(fulfilment(rule_id, subject, date))
        .await
        .map(|r| r.into_inner().fulfilment.expect("fulfilment"))
}

/// The compliance of one rule over `year`, as of `as_of` (empty: today).
pub async fn rule_year(
    duties: &mut Duties,
    rule_id: &str,
    year: i32,
    as_of: &str,
) -> pb::GetDutyComplianceResponse {
    compliance(
        duties,
        gc::Target::RuleId(rule_id.to_owned()),
        gc::Span::Year(year),
        as_of,
    )
    .await
}

/// The compliance of `target` over `span`, as of `as_of` (empty: today).
pub async fn compliance(
    duties: &mut Duties,
    target: gc::Target,
    span: gc::Span,
    as_of: &str,
) -> pb::GetDutyComplianceResponse {
    duties
        .get_duty_compliance(pb::GetDutyComplianceRequest {
            target: Some(target),
            span: Some(span),
            as_of_date: as_of.to_owned(),
        })
        .await
        .unwrap_or_else(|e| panic!("compliance: {e:?}"))
        .into_inner()
}

/// (period start, subject person, subject unit, expected, delivered, state) of each entry.
pub type Row = (String, String, String, i32, i32, pb::DutyComplianceState);

/// The entries as comparable rows.
pub fn rows(entries: &[pb::DutyComplianceEntry]) -> Vec<Row> {
    entries
        .iter()
        .map(|e| {
            let subject = e.subject.clone().unwrap_or_default();
            (
                e.period_start_date.clone(),
                subject.person_id,
                subject.unit_id,
                e.expected,
                e.delivered,
                e.state(),
            )
        })
        .collect()
}
