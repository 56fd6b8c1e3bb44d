//! The filing-review path over real gRPC: filed, reviewed, corrected, replayed, and every move the
//! states do not allow.

use qinglian_api::oversight::v1::{self as pb, ReviewVerdict};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::{Fixture, correct, document, file, filed, get, list, refused_in, review, review_with};
use crate::api::common::{expect_code, violated_fields};

async fn documents_are_filed_reviewed_and_corrected(db: TestDatabase) {
    use pb::DocumentState as S;
    let f = Fixture::start(db).await;
    let mut clerk = f.client(Role::Clerk).await;
    let rules = document(
        &f.committee,
        "《关于加强城市管理的若干规定》",
        "市人民政府",
        "2023-05-20",
    );
    let first = file(&mut clerk, rules.clone(), "file-1")
        .await
        .expect("file");
    assert_eq!(first.state, S::Filed as i32);
    assert_eq!(
        (first.filing_date.as_str(), first.review_date.as_str()),
        ("2023-05-20", "")
    );
    let again = file(&mut clerk, rules, "file-1").await.expect("replay");
    assert_eq!(again, first, "a replayed filing returns the first response");
    let other = document(&f.committee, "《另一份文件》", "市人民政府", "2023-05-20");
    let reused = file(&mut clerk, other, "file-1").await;
    assert_eq!(violated_fields(reused), ["request_id"]);
    let all = list(&mut clerk, "", "", 0, "").await.expect("list");
    assert_eq!(all.documents.len(), 1, "the replay filed nothing");

    let mut leader = f.client(Role::Leader).await;
    let opinion = "第五条增设行政许可，与上位法相抵触";
    let needs = ReviewVerdict::NeedsCorrection as i32;
    let reviewed = review_with(
        &mut leader,
        &first.id,
        needs,
        opinion,
        "2023-05-25",
        "review-1",
    )
    .await
    .expect("review");
    assert_eq!(reviewed.state, S::NeedsCorrection as i32);
    assert_eq!(
        (
            reviewed.review_opinion.as_str(),
            reviewed.review_date.as_str()
        ),
        (opinion, "2023-05-25")
    );
    assert_ne!(reviewed.etag, first.etag);

    let mut admin = f.client(Role::Admin).await;
    let corrected = correct(&mut admin, &first.id, "已删除第五条", "2023-05-31")
        .await
        .expect("correct");
    assert_eq!(corrected.state, S::Corrected as i32);
    assert_eq!(
        (
            corrected.correction.as_str(),
            corrected.correction_date.as_str()
        ),
        ("已删除第五条", "2023-05-31")
    );
    let replayed = review_with(
        &mut leader,
        &first.id,
        needs,
        opinion,
        "2023-05-25",
        "review-1",
    )
    .await;
    assert_eq!(
        replayed.expect("replay"),
        reviewed,
        "the first response, not a refusal"
    );
    let mut viewer = f.client(Role::Viewer).await;
    assert_eq!(get(&mut viewer, &first.id).await.expect("get"), corrected);

    let second = filed(&mut clerk, &f.committee, "2023-05-21").await;
    let compliant = review(
        &mut leader,
        &second.id,
        ReviewVerdict::Compliant,
        "",
        "2023-05-21",
    )
    .await;
    let compliant = compliant.expect("compliant");
    assert_eq!(
        (compliant.state, compliant.review_opinion.as_str()),
        (S::Compliant as i32, "")
    );
}

async fn illegal_transitions_are_refused_naming_the_current_state(db: TestDatabase) {
    use ReviewVerdict::{Compliant, NeedsCorrection};
    use pb::DocumentState as S;
    let f = Fixture::start(db).await;
    let mut c = f.client(Role::Clerk).await;
    let fixed = "2023-05-30";
    let doc = filed(&mut c, &f.committee, "2023-05-20").await;
    refused_in(correct(&mut c, &doc.id, "已修改", fixed).await, S::Filed);
    review(&mut c, &doc.id, Compliant, "", fixed)
        .await
        .expect("review");
    refused_in(
        review(&mut c, &doc.id, NeedsCorrection, "抵触", fixed).await,
        S::Compliant,
    );
    refused_in(
        correct(&mut c, &doc.id, "已修改", fixed).await,
        S::Compliant,
    );

    let doc = filed(&mut c, &f.committee, "2023-05-20").await;
    review(&mut c, &doc.id, NeedsCorrection, "抵触", fixed)
        .await
        .expect("review");
    refused_in(
        review(&mut c, &doc.id, Compliant, "", fixed).await,
        S::NeedsCorrection,
    );
    correct(&mut c, &doc.id, "已修改", fixed)
        .await
        .expect("correct");
    refused_in(
        review(&mut c, &doc.id, Compliant, "", fixed).await,
        S::Corrected,
    );
    refused_in(
        correct(&mut c, &doc.id, "再次修改", fixed).await,
        S::Corrected,
    );

    let unknown = uuid::Uuid::now_v7().to_string();
    expect_code(
        review(&mut c, &unknown, Compliant, "", fixed).await,
        Code::NotFound,
    );
    expect_code(get(&mut c, &unknown).await, Code::NotFound);
}

qinglian_store::backend_tests!(
    documents_are_filed_reviewed_and_corrected,
    illegal_transitions_are_refused_naming_the_current_state,
);
