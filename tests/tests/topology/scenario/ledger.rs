//! The supervision records of the year, by the discipline officer: integrity and reminder talks, an
//! inspection tour and the problems it and a self-examination found, two measures answering them with
//! progress and evidence; after the restart, the first measure's sign-off by someone other than its
//! owner.

use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::talk_service_client::TalkServiceClient;
use qinglian_api::supervision::v1::{
    self as spb, ProblemSource, ProblemState, RectificationState, TalkKind,
};
use qinglian_kit::auth::Role;
use qinglian_test_support::Authed;
use qinglian_test_support::records::{evidence, measure, pass, problem, tour};
use tonic::Code;

use super::Day;
use super::directory::Organisation;
use super::tally::Tally;
use qinglian_test_support::{Member, Processes};

/// The request id of the first talk, replayed after the restart.
pub const FIRST_TALK_REQUEST: &str = "topology-talk-0";

/// What the supervision service acknowledged (ids).
#[derive(Debug, Default)]
pub struct Records {
    /// The talks.
    pub talks: Vec<String>,
    /// The inspection tour.
    pub tour: String,
    /// The problems.
    pub problems: Vec<String>,
    /// The measures: the first is signed off after the restart, the second stays in progress.
    pub measures: Vec<String>,
}

/// The first talk's request, as sent (and replayed).
pub fn first_talk(org: &Organisation, day: &Day) -> spb::RecordTalkRequest {
    talk(
        TalkKind::Integrity,
        &org.owner,
        org,
        day,
        FIRST_TALK_REQUEST,
    )
}

fn talk(
    kind: TalkKind,
    subject: &str,
    org: &Organisation,
    day: &Day,
    request_id: &str,
) -> spb::RecordTalkRequest {
    spb::RecordTalkRequest {
        talk: Some(spb::Talk {
            kind: kind as i32,
            subject_person_id: subject.to_owned(),
            conducted_by_ids: vec![org.inspector.clone()],
            date: day.today.clone(),
            reason: "新任职廉政谈话".into(),
            ..Default::default()
        }),
        request_id: request_id.to_owned(),
    }
}

/// A ledger client for the discipline officer.
pub async fn discipline(
    cluster: &Processes,
    org: &Organisation,
) -> RectificationServiceClient<Authed> {
    let token = cluster.token(&org.inspector, Role::Discipline, None);
    RectificationServiceClient::new(cluster.authed(Member::Supervision, &token).await)
}

/// A ledger client for a measure's owner, a clerk of `unit`.
async fn owner(
    cluster: &Processes,
    person: &str,
    unit: &str,
) -> RectificationServiceClient<Authed> {
    let token = cluster.token(person, Role::Clerk, Some(unit));
    RectificationServiceClient::new(cluster.authed(Member::Supervision, &token).await)
}

/// Records the talks, the tour, the problems and the measures with their progress.
pub async fn record(
    cluster: &Processes,
    org: &Organisation,
    day: &Day,
    tally: &mut Tally,
) -> Records {
    let mut records = Records::default();
    let token = cluster.token(&org.inspector, Role::Discipline, None);
    let mut talks = TalkServiceClient::new(cluster.authed(Member::Supervision, &token).await);
    let requests = [
        first_talk(org, day),
        talk(
            TalkKind::Integrity,
            &org.committee_head,
            org,
            day,
            "topology-talk-1",
        ),
        talk(
            TalkKind::Reminder,
            &org.handler,
            org,
            day,
            "topology-talk-2",
        ),
    ];
    for request in requests {
        let kind = TalkKind::try_from(request.talk.as_ref().map_or(0, |t| t.kind)).expect("kind");
        let recorded = talks.record_talk(request).await.expect("record talk");
        records
            .talks
            .push(recorded.into_inner().talk.expect("talk").id);
        tally.one(format!("talks.{}", kind.as_str_name()));
        tally.one("talks.total");
    }

    let mut ledger = discipline(cluster, org).await;
    let mut this_year = tour(&org.organ);
    this_year.start_date = day.today.clone();
    this_year.end_date = day.today.clone();
    this_year.feedback_date = day.today.clone();
    records.tour = ledger
        .create_tour(spb::CreateTourRequest {
            tour: Some(this_year),
            request_id: "topology-tour".into(),
        })
        .await
        .expect("create tour")
        .into_inner()
        .tour
        .expect("tour")
        .id;
    tally.one("tours.total");
    let found = [
        (&org.office, ProblemSource::Tour, records.tour.clone()),
        (&org.committee, ProblemSource::Tour, records.tour.clone()),
        (
            &org.office,
            ProblemSource::SelfExamination,
            "自查自纠-1".to_owned(),
        ),
    ];
    for (unit, source, reference) in found {
        let created = ledger
            .create_problem(spb::CreateProblemRequest {
                problem: Some(problem(unit, source, &reference)),
                request_id: String::new(),
            })
            .await
            .expect("create problem")
            .into_inner()
            .problem
            .expect("problem");
        records.problems.push(created.id);
        tally.one(format!("problems.{}", source.as_str_name()));
        tally.one("problems.total");
    }

    let deadline = format!("{}-12-31", day.year);
    let answers = [
        (
            vec![records.problems[0].as_str(), records.problems[2].as_str()],
            &org.office,
            &org.owner,
        ),
        (
            vec![records.problems[1].as_str()],
            &org.committee,
            &org.committee_head,
        ),
    ];
    for (problems, unit, person) in answers {
        let created = ledger
            .create_rectification(spb::CreateRectificationRequest {
                rectification: Some(measure(&problems, unit, person, &deadline)),
                request_id: String::new(),
            })
            .await
            .expect("create rectification")
            .into_inner()
            .rectification
            .expect("rectification");
        owner(cluster, person, unit)
            .await
            .report_rectification_progress(spb::ReportRectificationProgressRequest {
                rectification_id: created.id.clone(),
                text: "制度已修订印发，用车登记台账建立".into(),
                percent: 100,
                evidence: vec![evidence()],
                request_id: String::new(),
            })
            .await
            .expect("report progress");
        records.measures.push(created.id);
    }
    records
}

/// The first measure's owner asks for sign-off; its owner may not give it even as a discipline
/// officer; the inspector does, which closes both its problems.
pub async fn sign_off(
    cluster: &Processes,
    org: &Organisation,
    records: &Records,
    tally: &mut Tally,
) {
    let id = &records.measures[0];
    owner(cluster, &org.owner, &org.office)
        .await
        .request_verification(spb::RequestVerificationRequest {
            rectification_id: id.clone(),
            ..Default::default()
        })
        .await
        .expect("request verification");
    let own = cluster.token(&org.owner, Role::Discipline, None);
    let refused = RectificationServiceClient::new(cluster.authed(Member::Supervision, &own).await)
        .verify_rectification(pass(id))
        .await
        .expect_err("the owner may not sign off their own measure");
    assert_eq!(refused.code(), Code::PermissionDenied, "{refused:?}");
    let verified = discipline(cluster, org)
        .await
        .verify_rectification(pass(id))
        .await
        .expect("verify")
        .into_inner();
    let signed_off = verified.rectification.expect("rectification");
    assert_eq!(signed_off.state, RectificationState::Verified as i32);
    assert_eq!(verified.problems.len(), 2);
    assert!(
        verified
            .problems
            .iter()
            .all(|p| p.state == ProblemState::Closed as i32)
    );
    tally.one("rectifications.completed");
    tally.one("rectifications.completed_on_time");
    tally.set("rectifications.on_time_rate", 100.0);
}
