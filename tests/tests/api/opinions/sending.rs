//! Sending an opinion files its items in the supervision service's rectification ledger as People's
//! Congress problems; while that service is down the opinion stays signed, and the same request
//! completes it later without filing any item twice.

use qinglian_api::common::v1::Accountability;
use qinglian_api::oversight::v1::{self as pb, OpinionState};
use qinglian_api::supervision::v1::{
    CreateProblemRequest, GetProblemRequest, ListProblemsRequest, Problem, ProblemSeverity,
    ProblemSource, ProblemSourceRef, Responsibility,
};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Member;
use tonic::Code;
use tonic_types::StatusExt;

use super::{Fixture, TODAY, stored};
use crate::api::common::expect_code;

fn send(id: &str, request_id: &str) -> pb::SendOpinionRequest {
    pb::SendOpinionRequest {
        id: id.into(),
        handling_deadline: String::new(),
        etag: String::new(),
        request_id: request_id.into(),
    }
}

async fn a_sent_opinion_puts_its_items_in_the_ledger(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let signed = f.signed().await;
    let mut leader = f.client(Role::Leader).await;
    let sent = leader
        .send_opinion(send(&signed.id, ""))
        .await
        .expect("send")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(sent.state, OpinionState::Sent as i32);
    assert_eq!(
        sent.handling_deadline, "2023-10-31",
        "60 days after today by default"
    );

    let problems = f.congress_problems().await;
    assert_eq!(problems.len(), sent.items.len());
    let mut ledger = f
        .cluster
        .supervision()
        .rectifications(&f.cluster.tasks.token(Role::Viewer))
        .await;
    for item in &sent.items {
        let problem = ledger
            .get_problem(GetProblemRequest {
                id: item.ledger_problem_id.clone(),
            })
            .await
            .expect("the item's problem is in the ledger")
            .into_inner()
            .problem
            .expect("problem");
        assert_eq!(problem.sources.len(), 1);
        assert_eq!(
            problem.sources[0].source,
            ProblemSource::PeoplesCongress as i32
        );
        assert_eq!(problem.sources[0].reference, sent.id);
        assert_eq!(problem.unit_id, f.government);
        assert!(problem.description.contains(&item.problem));
        assert!(problem.description.contains(&item.recommendation));
        assert_eq!(problem.category, "人大审议意见");
        assert_eq!(problem.severity, ProblemSeverity::Significant as i32);
        assert_eq!(problem.found_date, TODAY);
        assert_eq!(problem.responsibilities.len(), 1);
        assert_eq!(problem.responsibilities[0].unit_id, f.government);
        assert_eq!(
            problem.responsibilities[0].accountability,
            Accountability::Primary as i32
        );
        assert!(problems.iter().any(|p| p.id == problem.id));
    }
    assert_ne!(
        sent.items[0].ledger_problem_id,
        sent.items[1].ledger_problem_id
    );
}

async fn sending_while_the_ledger_is_down_keeps_the_opinion_signed(db: TestDatabase) {
    let mut f = Fixture::start(db).await;
    let signed = f.signed().await;
    let mut leader = f.client(Role::Leader).await;
    f.cluster.stop_server(Member::Supervision).await;

    let started = std::time::Instant::now();
    let status = expect_code(
        leader.send_opinion(send(&signed.id, "send-1")).await,
        Code::Unavailable,
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "fails cleanly, never hangs"
    );
    let details = status.get_error_details();
    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(
        info.metadata.get("peer").map(String::as_str),
        Some("supervision")
    );
    assert!(status.message().contains("supervision"), "{status:?}");
    let still = stored(&mut leader, &signed.id).await;
    assert_eq!(still, signed, "still signed, nothing changed");

    f.cluster.restart_server(Member::Supervision).await;
    let sent = leader
        .send_opinion(send(&signed.id, "send-1"))
        .await
        .expect("the same request completes")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(sent.state, OpinionState::Sent as i32);
    let problems = f.congress_problems().await;
    assert_eq!(problems.len(), 2, "every item filed once: {problems:?}");
    let mut filed: Vec<&str> = problems.iter().map(|p| p.id.as_str()).collect();
    let mut items: Vec<&str> = sent
        .items
        .iter()
        .map(|i| i.ledger_problem_id.as_str())
        .collect();
    filed.sort_unstable();
    items.sort_unstable();
    assert_eq!(filed, items);

    // The request again returns its first response, even with the ledger down; another request is
    // refused because the opinion is sent.
    let again = leader
        .send_opinion(send(&signed.id, "send-1"))
        .await
        .expect("replayed")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(again, sent);
    f.cluster.stop_server(Member::Supervision).await;
    let replayed = leader
        .send_opinion(send(&signed.id, "send-1"))
        .await
        .expect("replayed without the ledger")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(replayed, sent);
    f.cluster.restart_server(Member::Supervision).await;
    let other = leader.send_opinion(send(&signed.id, "send-2")).await;
    expect_code(other, Code::FailedPrecondition);
    assert_eq!(f.congress_problems().await.len(), 2, "nothing filed twice");
}

/// A send that filed an item and then failed, retried after the ledger's idempotency retention: the
/// item's request id is forgotten, so the ledger would take its filing for a new problem. The opinion
/// service finds the problem already filed for the opinion and takes it instead.
async fn a_retry_after_the_ledger_forgot_its_request_ids_files_no_item_twice(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let signed = f.signed().await;
    let first = &signed.items[0];
    let mut ledger = f
        .cluster
        .supervision()
        .rectifications(&f.cluster.tasks.token(Role::Service))
        .await;
    let filed_earlier = ledger
        .create_problem(CreateProblemRequest {
            problem: Some(Problem {
                sources: vec![ProblemSourceRef {
                    source: ProblemSource::PeoplesCongress as i32,
                    reference: signed.id.clone(),
                    link_time: None,
                }],
                unit_id: f.government.clone(),
                description: format!("{}（建议：{}）", first.problem, first.recommendation),
                category: "人大审议意见".into(),
                severity: ProblemSeverity::Significant as i32,
                responsibilities: vec![Responsibility {
                    unit_id: f.government.clone(),
                    person_id: String::new(),
                    accountability: Accountability::Primary as i32,
                }],
                ..Default::default()
            }),
            request_id: "a-request-id-the-ledger-no-longer-knows".into(),
        })
        .await
        .expect("filed by the failed attempt")
        .into_inner()
        .problem
        .expect("problem");

    let sent = f
        .client(Role::Leader)
        .await
        .send_opinion(send(&signed.id, "the-retry"))
        .await
        .expect("send")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(sent.state, OpinionState::Sent as i32);
    assert_eq!(
        sent.items[0].ledger_problem_id, filed_earlier.id,
        "the item takes the problem filed before"
    );
    let problems = f.congress_problems().await;
    assert_eq!(problems.len(), 2, "each item once: {problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.id == sent.items[1].ledger_problem_id)
    );
    for (reference, expected) in [(signed.id.as_str(), 2), ("another-opinion", 0)] {
        let listed = ledger
            .list_problems(ListProblemsRequest {
                source: ProblemSource::PeoplesCongress as i32,
                source_reference: reference.to_owned(),
                ..Default::default()
            })
            .await
            .expect("list by source reference")
            .into_inner()
            .problems;
        assert_eq!(listed.len(), expected, "{reference}");
    }
}

qinglian_store::backend_tests!(
    a_sent_opinion_puts_its_items_in_the_ledger,
    sending_while_the_ledger_is_down_keeps_the_opinion_signed,
    a_retry_after_the_ledger_forgot_its_request_ids_files_no_item_twice,
);
