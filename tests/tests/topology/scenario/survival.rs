//! What the supervision service acknowledged before it was restarted, read back afterwards: every
//! record unchanged, the lists complete, and a retried request answered with the first response
//! rather than a second record.

use qinglian_api::supervision::v1::talk_service_client::TalkServiceClient;
use qinglian_api::supervision::v1::{self as spb};
use qinglian_kit::auth::Role;

use super::Day;
use super::directory::Organisation;
use super::ledger::{Records, discipline, first_talk};
use qinglian_test_support::{Member, Processes};

/// The records as the service returned them.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    talks: Vec<spb::Talk>,
    tour: spb::InspectionTour,
    problems: Vec<spb::Problem>,
    measures: Vec<spb::Rectification>,
    progress: Vec<Vec<spb::RectificationProgress>>,
    listed: (usize, usize, usize, usize),
}

/// Reads every record of `records` and the lists that hold them.
pub async fn snapshot(cluster: &Processes, org: &Organisation, records: &Records) -> Snapshot {
    let token = cluster.token(&org.inspector, Role::Discipline, None);
    let mut talks = TalkServiceClient::new(cluster.authed(Member::Supervision, &token).await);
    let mut ledger = discipline(cluster, org).await;
    let mut snapshot = Snapshot {
        talks: Vec::new(),
        tour: ledger
            .get_tour(spb::GetTourRequest {
                id: records.tour.clone(),
            })
            .await
            .expect("get tour")
            .into_inner()
            .tour
            .expect("tour"),
        problems: Vec::new(),
        measures: Vec::new(),
        progress: Vec::new(),
        listed: (0, 0, 0, 0),
    };
    for id in &records.talks {
        let talk = talks
            .get_talk(spb::GetTalkRequest { id: id.clone() })
            .await
            .unwrap_or_else(|e| panic!("talk {id}: {e:?}"));
        snapshot.talks.push(talk.into_inner().talk.expect("talk"));
    }
    for id in &records.problems {
        let problem = ledger
            .get_problem(spb::GetProblemRequest { id: id.clone() })
            .await
            .unwrap_or_else(|e| panic!("problem {id}: {e:?}"));
        snapshot
            .problems
            .push(problem.into_inner().problem.expect("problem"));
    }
    for id in &records.measures {
        let measure = ledger
            .get_rectification(spb::GetRectificationRequest { id: id.clone() })
            .await
            .unwrap_or_else(|e| panic!("rectification {id}: {e:?}"));
        snapshot
            .measures
            .push(measure.into_inner().rectification.expect("rectification"));
        let progress = ledger
            .list_rectification_progress(spb::ListRectificationProgressRequest {
                rectification_id: id.clone(),
            })
            .await
            .expect("list progress")
            .into_inner();
        snapshot.progress.push(progress.progress);
    }
    let listed_talks = talks
        .list_talks(spb::ListTalksRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("list talks")
        .into_inner()
        .talks
        .len();
    let listed_tours = ledger
        .list_tours(spb::ListToursRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("list tours")
        .into_inner()
        .tours
        .len();
    let listed_problems = ledger
        .list_problems(spb::ListProblemsRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("list problems")
        .into_inner()
        .problems
        .len();
    let listed_measures = ledger
        .list_ledger(spb::ListLedgerRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("list ledger")
        .into_inner()
        .rectifications
        .len();
    snapshot.listed = (listed_talks, listed_tours, listed_problems, listed_measures);
    snapshot
}

/// Asserts that the service returns what it had acknowledged before the restart, the lists hold
/// exactly the records made, and a retried talk is the first one.
pub async fn assert_nothing_lost(
    cluster: &Processes,
    org: &Organisation,
    day: &Day,
    records: &Records,
    before: &Snapshot,
) {
    assert_eq!(
        before.listed,
        (
            records.talks.len(),
            1,
            records.problems.len(),
            records.measures.len()
        ),
        "lists before the restart"
    );
    assert!(
        before.progress.iter().all(|p| p.len() == 1),
        "{:?}",
        before.progress
    );
    let after = snapshot(cluster, org, records).await;
    assert_eq!(&after, before, "records changed across the restart");
    let token = cluster.token(&org.inspector, Role::Discipline, None);
    let replayed = TalkServiceClient::new(cluster.authed(Member::Supervision, &token).await)
        .record_talk(first_talk(org, day))
        .await
        .expect("retried talk")
        .into_inner()
        .talk
        .expect("talk");
    assert_eq!(
        replayed.id, records.talks[0],
        "a retry is answered, not repeated"
    );
    let again = snapshot(cluster, org, records).await;
    assert_eq!(again.listed, before.listed, "the retry added nothing");
}
