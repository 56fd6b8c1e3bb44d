//! The rectification ledger replayed day by day: the events of [`super::tours`] and
//! [`super::measures`] (tours, problems with their responsibility lists, measures, progress with
//! evidence, extensions, sign-off, re-checks) sorted by their day and recorded in that order, each by
//! whoever takes it: the discipline officer records and signs off, the owner of a measure reports and
//! asks for sign-off.

use std::collections::HashMap;

use anyhow::Context;
use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::{self as pb, ProblemSource, Verdict};
use qinglian_kit::auth::Role;

use super::supervision::Found;
use super::{Authed, Organisation, Session, evidence, required, rid};

type Client = RectificationServiceClient<Authed>;

/// What happened in the ledger; records are named by keys, resolved to ids as they are created.
pub enum Event {
    /// An inspection tour arrives.
    Tour(&'static str, pb::InspectionTour),
    /// A problem is recorded from its first source (a tour key, or the reference itself).
    Problem(&'static str, ProblemSource, &'static str, pb::Problem),
    /// A further tour finds a problem already recorded.
    Link(&'static str, &'static str),
    /// A measure answers problems; its owner is the measure's responsible person.
    Measure(&'static str, &'static [&'static str], pb::Rectification),
    /// The owner reports progress, percent and the file that proves it.
    Progress(&'static str, i32, &'static str, &'static str),
    /// The owner asks for a later deadline, which the discipline officer approves.
    Extend(&'static str, &'static str, &'static str),
    /// The owner asks for sign-off.
    Request(&'static str),
    /// The discipline officer decides: pass or fail, why, and the file checked.
    Verify(&'static str, Verdict, &'static str, &'static str),
    /// The discipline officer's re-check (回头看) of a signed-off measure.
    Recheck(&'static str, &'static str),
}

/// The ledger's measures that revised regulations answer, by id.
#[derive(Clone, Debug)]
pub struct Ledger {
    /// The measure on official vehicles (《机关公务用车管理办法》).
    pub vehicles: String,
    /// The measure on financial reimbursement (《机关财务管理办法》).
    pub finance: String,
}

/// Records the year's ledger in the order it happened.
pub async fn load(session: &Session, org: &Organisation, found: &Found) -> anyhow::Result<Ledger> {
    let mut events = super::tours::feedback(org);
    events.extend(super::rectifications::course(org));
    events.sort_by_key(|(day, _)| *day);
    let discipline = session.caller(&org.discipline, Role::Discipline, None)?;
    let mut replay = Replay {
        session,
        discipline: RectificationServiceClient::with_interceptor(session.supervision(), discipline),
        ids: HashMap::from([
            ("check-vehicles", found.holiday_vehicles.clone()),
            ("check-procurement", found.procurement.clone()),
            ("check-notes", found.study_notes.clone()),
        ]),
        owners: HashMap::new(),
    };
    for (n, (day, event)) in events.into_iter().enumerate() {
        session.on(day)?;
        replay
            .record(n, event)
            .await
            .with_context(|| format!("ledger event of {day}"))?;
    }
    Ok(Ledger {
        vehicles: replay.id("vehicles")?,
        finance: replay.id("finance")?,
    })
}

/// The replay's state: the ids of the records made so far and the owners of the measures.
struct Replay<'a> {
    session: &'a Session,
    discipline: Client,
    ids: HashMap<&'static str, String>,
    owners: HashMap<&'static str, Client>,
}

impl Replay<'_> {
    fn id(&self, key: &str) -> anyhow::Result<String> {
        self.ids
            .get(key)
            .cloned()
            .with_context(|| format!("no ledger record {key} yet"))
    }

    /// The owner of measure `key`, acting within its responsible unit.
    fn owner(&mut self, key: &str) -> anyhow::Result<&mut Client> {
        self.owners
            .get_mut(key)
            .with_context(|| format!("no measure {key} yet"))
    }

    async fn record(&mut self, n: usize, event: Event) -> anyhow::Result<()> {
        let request_id = rid(&format!("ledger-{n}"));
        match event {
            Event::Tour(key, tour) => {
                let created = self
                    .discipline
                    .create_tour(pb::CreateTourRequest {
                        tour: Some(tour),
                        request_id,
                    })
                    .await?;
                self.ids
                    .insert(key, required(created.into_inner().tour, "tour")?.id);
            }
            Event::Problem(key, source, reference, mut problem) => {
                let reference = self
                    .ids
                    .get(reference)
                    .cloned()
                    .unwrap_or_else(|| reference.to_owned());
                problem.sources = vec![pb::ProblemSourceRef {
                    source: source as i32,
                    reference,
                    link_time: None,
                }];
                let created = self
                    .discipline
                    .create_problem(pb::CreateProblemRequest {
                        problem: Some(problem),
                        request_id,
                    })
                    .await?;
                self.ids
                    .insert(key, required(created.into_inner().problem, "problem")?.id);
            }
            Event::Link(problem, tour) => {
                let request = pb::LinkProblemSourceRequest {
                    problem_id: self.id(problem)?,
                    source: ProblemSource::Tour as i32,
                    reference: self.id(tour)?,
                    request_id,
                };
                self.discipline.link_problem_source(request).await?;
            }
            Event::Measure(key, problems, mut measure) => {
                measure.problem_ids = problems
                    .iter()
                    .map(|p| self.id(p))
                    .collect::<Result<_, _>>()?;
                let owner = self.session.caller(
                    &measure.responsible_person_id,
                    Role::Clerk,
                    Some(&measure.responsible_unit_id),
                )?;
                let created = self
                    .discipline
                    .create_rectification(pb::CreateRectificationRequest {
                        rectification: Some(measure),
                        request_id,
                    })
                    .await?;
                let id = required(created.into_inner().rectification, "rectification")?.id;
                self.ids.insert(key, id);
                let client =
                    RectificationServiceClient::with_interceptor(self.session.supervision(), owner);
                self.owners.insert(key, client);
            }
            Event::Progress(key, percent, text, file) => {
                let day = self.session.today();
                let request = pb::ReportRectificationProgressRequest {
                    rectification_id: self.id(key)?,
                    text: text.to_owned(),
                    percent,
                    evidence: vec![evidence(file, &day)],
                    request_id,
                };
                self.owner(key)?
                    .report_rectification_progress(request)
                    .await?;
            }
            Event::Extend(key, deadline, reason) => {
                let request = pb::RequestRectificationExtensionRequest {
                    rectification_id: self.id(key)?,
                    requested_deadline: deadline.to_owned(),
                    reason: reason.to_owned(),
                    request_id: request_id.clone(),
                };
                let asked = self
                    .owner(key)?
                    .request_rectification_extension(request)
                    .await?;
                let extension = required(asked.into_inner().extension, "extension")?;
                let decision = pb::DecideRectificationExtensionRequest {
                    id: extension.id,
                    approve: true,
                    reason: "同意延期，与巡视反馈问题一并整改".to_owned(),
                    request_id: format!("{request_id}-decision"),
                };
                self.discipline
                    .decide_rectification_extension(decision)
                    .await?;
            }
            Event::Request(key) => {
                let request = pb::RequestVerificationRequest {
                    rectification_id: self.id(key)?,
                    etag: String::new(),
                    request_id,
                };
                self.owner(key)?.request_verification(request).await?;
            }
            Event::Verify(key, verdict, reason, file) => {
                let day = self.session.today();
                let request = pb::VerifyRectificationRequest {
                    rectification_id: self.id(key)?,
                    verdict: verdict as i32,
                    evidence_checked: vec![evidence(file, &day)],
                    reason: reason.to_owned(),
                    etag: String::new(),
                    request_id,
                };
                self.discipline.verify_rectification(request).await?;
            }
            Event::Recheck(key, finding) => {
                let request = pb::RecordRecheckRequest {
                    rectification_id: self.id(key)?,
                    recheck_date: self.session.today(),
                    recurred: false,
                    finding: finding.to_owned(),
                    request_id,
                };
                self.discipline.record_recheck(request).await?;
            }
        }
        Ok(())
    }
}
