//! An opinion moves DRAFT → SIGNED → SENT → HANDLED → VOTED one step at a time; every other step is
//! refused naming the state, stale etags are ABORTED, and bad requests name their fields.

use qinglian_api::oversight::v1::{self as pb, OpinionState};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::{Client, Fixture, TODAY, refused_in_state, sign, stored};
use crate::api::common::{expect_code, violated_fields};

fn send(id: &str, etag: &str, deadline: &str) -> pb::SendOpinionRequest {
    pb::SendOpinionRequest {
        id: id.into(),
        handling_deadline: deadline.into(),
        etag: etag.into(),
        request_id: String::new(),
    }
}

fn report(id: &str, date: &str) -> pb::RecordHandlingReportRequest {
    pb::RecordHandlingReportRequest {
        id: id.into(),
        handling_report: "市政府已开通新区公交线路6条，停车设施专项规划已报批".into(),
        report_date: date.into(),
        request_id: String::new(),
    }
}

fn vote(id: &str, date: &str) -> pb::RecordSatisfactionVoteRequest {
    pb::RecordSatisfactionVoteRequest {
        id: id.into(),
        vote: Some(pb::SatisfactionVote {
            satisfied: 28,
            basically_satisfied: 4,
            unsatisfied: 1,
            vote_date: date.into(),
        }),
        request_id: String::new(),
    }
}

/// Drafts `opinion` through `client`.
async fn try_draft(
    client: &mut Client,
    opinion: pb::DeliberationOpinion,
) -> Result<tonic::Response<pb::DraftOpinionResponse>, tonic::Status> {
    client
        .draft_opinion(pb::DraftOpinionRequest {
            opinion: Some(opinion),
            request_id: String::new(),
        })
        .await
}

/// Every step that does not start from `state` is refused, naming it.
async fn other_steps_refused(leader: &mut Client, id: &str, state: OpinionState) {
    if state != OpinionState::Draft {
        refused_in_state(leader.sign_opinion(sign(id, "")).await, state);
    }
    if state != OpinionState::Signed {
        refused_in_state(leader.send_opinion(send(id, "", "")).await, state);
    }
    if state != OpinionState::Sent {
        let result = leader.record_handling_report(report(id, TODAY)).await;
        refused_in_state(result, state);
    }
    if state != OpinionState::Handled {
        let result = leader.record_satisfaction_vote(vote(id, TODAY)).await;
        refused_in_state(result, state);
    }
}

async fn an_opinion_goes_from_draft_to_vote_one_step_at_a_time(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut leader = f.client(Role::Leader).await;
    let draft = f.draft().await;
    assert_eq!(draft.state, OpinionState::Draft as i32);
    assert_eq!(draft.items.len(), 2);
    assert!(draft.items.iter().all(|i| i.ledger_problem_id.is_empty()));
    other_steps_refused(&mut leader, &draft.id, OpinionState::Draft).await;

    let stale = expect_code(
        leader.sign_opinion(sign(&draft.id, "W/\"9\"")).await,
        Code::Aborted,
    );
    assert!(!stale.message().is_empty());
    let signed = leader
        .sign_opinion(sign(&draft.id, &draft.etag))
        .await
        .expect("sign")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(signed.state, OpinionState::Signed as i32);
    assert_eq!(signed.signed_by, "test-leader");
    assert_ne!(signed.etag, draft.etag);
    other_steps_refused(&mut leader, &draft.id, OpinionState::Signed).await;

    expect_code(
        leader
            .send_opinion(send(&draft.id, &draft.etag, "2023-11-30"))
            .await,
        Code::Aborted,
    );
    assert!(f.congress_problems().await.is_empty(), "nothing filed");
    let sent = leader
        .send_opinion(send(&draft.id, &signed.etag, "2023-11-30"))
        .await
        .expect("send")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(sent.state, OpinionState::Sent as i32);
    assert_eq!(sent.sent_date, TODAY);
    assert_eq!(sent.handling_deadline, "2023-11-30");
    other_steps_refused(&mut leader, &draft.id, OpinionState::Sent).await;

    let early = leader
        .record_handling_report(report(&draft.id, "2023-08-31"))
        .await;
    assert_eq!(violated_fields(early), ["report_date"]);
    let future = leader
        .record_handling_report(report(&draft.id, "2023-09-02"))
        .await;
    assert_eq!(violated_fields(future), ["report_date"]);
    let mut clerk = f.client(Role::Clerk).await;
    let handled = clerk
        .record_handling_report(report(&draft.id, TODAY))
        .await
        .expect("report")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(handled.state, OpinionState::Handled as i32);
    assert_eq!(handled.handling_report_date, TODAY);
    other_steps_refused(&mut leader, &draft.id, OpinionState::Handled).await;

    let voted = clerk
        .record_satisfaction_vote(vote(&draft.id, TODAY))
        .await
        .expect("vote")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(voted.state, OpinionState::Voted as i32);
    let satisfaction = voted.satisfaction.clone().expect("vote");
    assert_eq!((satisfaction.satisfied, satisfaction.unsatisfied), (28, 1));
    assert_eq!(satisfaction.vote_date, TODAY);
    other_steps_refused(&mut leader, &draft.id, OpinionState::Voted).await;
    assert_eq!(stored(&mut leader, &draft.id).await, voted);

    let mut viewer = f.client(Role::Viewer).await;
    let listed = viewer
        .list_opinions(pb::ListOpinionsRequest {
            filter: format!(
                "state = OPINION_STATE_VOTED AND activity_id = \"{}\" AND sent_date = \"{TODAY}\"",
                f.activity
            ),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .opinions;
    assert_eq!(listed, [voted]);
    let by_sent_date = viewer
        .list_opinions(pb::ListOpinionsRequest {
            order_by: "sent_date".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(violated_fields(by_sent_date), ["order_by"]);
}

async fn bad_requests_name_their_fields_and_write_nothing(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut clerk = f.client(Role::Clerk).await;
    let no_items = f.opinion(&[]);
    assert_eq!(
        violated_fields(try_draft(&mut clerk, no_items).await),
        ["opinion.items"]
    );
    let half_item = f.opinion(&[("问题一", "建议一"), ("问题二", " ")]);
    assert_eq!(
        violated_fields(try_draft(&mut clerk, half_item).await),
        ["opinion.items[1].recommendation"]
    );
    let mut elsewhere = f.opinion(&[("问题", "建议")]);
    elsewhere.activity_id = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        violated_fields(try_draft(&mut clerk, elsewhere).await),
        ["opinion.activity_id"]
    );
    let mut nobody = f.opinion(&[("问题", "建议")]);
    nobody.addressee_unit_id = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        violated_fields(try_draft(&mut clerk, nobody).await),
        ["opinion.addressee_unit_id"]
    );
    let nothing = clerk
        .list_opinions(pb::ListOpinionsRequest::default())
        .await
        .expect("list")
        .into_inner()
        .opinions;
    assert!(nothing.is_empty(), "nothing written: {nothing:?}");

    let signed = f.signed().await;
    let mut leader = f.client(Role::Leader).await;
    let today = leader.send_opinion(send(&signed.id, "", TODAY)).await;
    assert_eq!(violated_fields(today), ["handling_deadline"]);
    let mut missing = pb::RecordSatisfactionVoteRequest {
        id: signed.id.clone(),
        vote: None,
        request_id: String::new(),
    };
    let no_vote = leader.record_satisfaction_vote(missing.clone()).await;
    assert_eq!(violated_fields(no_vote), ["vote"]);
    missing.vote = Some(pb::SatisfactionVote {
        vote_date: "2023-13-01".into(),
        ..Default::default()
    });
    let empty = leader.record_satisfaction_vote(missing).await;
    assert_eq!(violated_fields(empty), ["vote", "vote.vote_date"]);
    assert_eq!(
        stored(&mut leader, &signed.id).await.state,
        OpinionState::Signed as i32
    );
    assert!(f.congress_problems().await.is_empty(), "nothing filed");
}

qinglian_store::backend_tests!(
    an_opinion_goes_from_draft_to_vote_one_step_at_a_time,
    bad_requests_name_their_fields_and_write_nothing,
);
