//! Who may do what with an opinion (clerks draft, leaders sign and send, everyone reads), request ids
//! that replay the first response instead of doing the work twice, and reading page by page.

use qinglian_api::oversight::v1 as pb;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::{Fixture, sign, stored};
use crate::api::common::expect_code;

async fn only_leaders_sign_and_send_and_everyone_reads(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut viewer = f.client(Role::Viewer).await;
    let refused = viewer
        .draft_opinion(pb::DraftOpinionRequest {
            opinion: Some(f.opinion(&[("问题", "建议")])),
            request_id: String::new(),
        })
        .await;
    expect_code(refused, Code::PermissionDenied);
    let draft = f.draft().await;
    let mut clerk = f.client(Role::Clerk).await;
    expect_code(
        clerk.sign_opinion(sign(&draft.id, "")).await,
        Code::PermissionDenied,
    );
    let signed = f.signed().await;
    expect_code(
        clerk
            .send_opinion(pb::SendOpinionRequest {
                id: signed.id.clone(),
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    for role in [Role::Viewer, Role::Discipline, Role::Service] {
        let mut reader = f.client(role).await;
        assert_eq!(stored(&mut reader, &draft.id).await, draft);
    }
    let mut admin = f.client(Role::Admin).await;
    let signed_by_admin = admin
        .sign_opinion(sign(&draft.id, ""))
        .await
        .expect("admin signs")
        .into_inner()
        .opinion
        .expect("opinion");
    assert_eq!(signed_by_admin.signed_by, "test-admin");
}

async fn a_repeated_request_id_returns_the_first_response(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut clerk = f.client(Role::Clerk).await;
    let request = pb::DraftOpinionRequest {
        opinion: Some(f.opinion(&[("问题", "建议")])),
        request_id: "draft-1".into(),
    };
    let first = clerk.draft_opinion(request.clone()).await.expect("draft");
    let again = clerk.draft_opinion(request).await.expect("replayed");
    assert_eq!(first.into_inner(), again.into_inner());

    let mut leader = f.client(Role::Leader).await;
    let draft = f.draft().await;
    let mut signing = sign(&draft.id, &draft.etag);
    signing.request_id = "sign-1".into();
    let first = leader.sign_opinion(signing.clone()).await.expect("sign");
    let again = leader
        .sign_opinion(signing)
        .await
        .expect("replayed, not refused");
    assert_eq!(first.into_inner(), again.into_inner());
    let listed = clerk
        .list_opinions(pb::ListOpinionsRequest::default())
        .await
        .expect("list")
        .into_inner()
        .opinions;
    assert_eq!(listed.len(), 2, "one opinion per request id");
}

async fn opinions_are_read_page_by_page(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let first = f.draft().await;
    let second = f.signed().await;
    let mut viewer = f.client(Role::Viewer).await;
    let page = |token: String| pb::ListOpinionsRequest {
        page_size: 1,
        page_token: token,
        filter: format!("addressee_unit_id = \"{}\"", f.government),
        order_by: "create_time desc".into(),
    };
    let one = viewer
        .list_opinions(page(String::new()))
        .await
        .expect("first page")
        .into_inner();
    assert_eq!(one.opinions, std::slice::from_ref(&second));
    let two = viewer
        .list_opinions(page(one.next_page_token))
        .await
        .expect("second page")
        .into_inner();
    assert_eq!(two.opinions, [first]);
    assert!(two.next_page_token.is_empty());
    let signed = viewer
        .list_opinions(pb::ListOpinionsRequest {
            filter: "state = OPINION_STATE_SIGNED".into(),
            ..Default::default()
        })
        .await
        .expect("signed")
        .into_inner()
        .opinions;
    assert_eq!(signed, [second]);
    let unknown = viewer
        .get_opinion(pb::GetOpinionRequest {
            id: uuid::Uuid::now_v7().to_string(),
        })
        .await;
    expect_code(unknown, Code::NotFound);
}

qinglian_store::backend_tests!(
    only_leaders_sign_and_send_and_everyone_reads,
    a_repeated_request_id_returns_the_first_response,
    opinions_are_read_page_by_page,
);
