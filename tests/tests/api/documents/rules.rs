//! What filing review refuses before anything is written: malformed fields, days out of order or in
//! the future, and callers whose role may only read.

use qinglian_api::oversight::v1::{self as pb, ReviewVerdict};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::{Fixture, correct, document, file, filed, get, list, review, review_with};
use crate::api::common::{expect_code, violated_fields};

async fn fields_and_dates_are_checked_before_anything_is_written(db: TestDatabase) {
    use ReviewVerdict::{Compliant, NeedsCorrection};
    let f = Fixture::start(db).await;
    let mut c = f.client(Role::Clerk).await;
    let empty = file(&mut c, pb::NormativeDocument::default(), "").await;
    assert_eq!(
        violated_fields(empty),
        [
            "document.title",
            "document.issuing_body",
            "document.organisation_unit_id",
            "document.filing_date"
        ]
    );
    let mut bad = document(
        &f.committee,
        "关于加强城市管理的若干规定",
        "市人民政府",
        "2023-06-02",
    );
    bad.document_number = "号".repeat(101);
    let bad = file(&mut c, bad, "").await;
    assert_eq!(
        violated_fields(bad),
        [
            "document.title",
            "document.document_number",
            "document.filing_date"
        ]
    );

    let doc = filed(&mut c, &f.committee, "2023-05-20").await;
    let shapeless = review_with(&mut c, "nope", 0, "", "2023-05-32", "").await;
    assert_eq!(violated_fields(shapeless), ["id", "verdict", "review_date"]);
    let silent = review(&mut c, &doc.id, NeedsCorrection, " ", "2023-05-25").await;
    assert_eq!(violated_fields(silent), ["opinion"]);
    let early = review(&mut c, &doc.id, Compliant, "", "2023-05-19").await;
    assert_eq!(violated_fields(early), ["review_date"], "not before filing");
    let late = review(&mut c, &doc.id, Compliant, "", "2023-06-02").await;
    assert_eq!(violated_fields(late), ["review_date"], "not in the future");
    assert_eq!(
        get(&mut c, &doc.id).await.expect("get"),
        doc,
        "nothing was written"
    );
    review(&mut c, &doc.id, NeedsCorrection, "抵触", "2023-05-25")
        .await
        .expect("a review on a valid day");

    assert_eq!(
        violated_fields(correct(&mut c, &doc.id, "", "2023-05-26").await),
        ["correction"]
    );
    let early = correct(&mut c, &doc.id, "已修改", "2023-05-24").await;
    assert_eq!(
        violated_fields(early),
        ["correction_date"],
        "not before the review"
    );
    let late = correct(&mut c, &doc.id, "已修改", "2023-06-02").await;
    assert_eq!(
        violated_fields(late),
        ["correction_date"],
        "not in the future"
    );
    f.clock.advance(chrono::Duration::days(1));
    correct(&mut c, &doc.id, "已修改", "2023-06-02")
        .await
        .expect("tomorrow has come");
    assert_eq!(
        filed(&mut c, &f.committee, "2023-06-02").await.filing_date,
        "2023-06-02"
    );
}

async fn admin_leader_and_clerk_write_and_every_role_reads(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut clerk = f.client(Role::Clerk).await;
    let doc = filed(&mut clerk, &f.committee, "2023-05-20").await;
    for role in [Role::Viewer, Role::Discipline, Role::Service] {
        let mut c = f.client(role).await;
        let d = document(
            &f.committee,
            "《关于加强城市管理的若干规定》",
            "市人民政府",
            "2023-05-20",
        );
        expect_code(file(&mut c, d, "").await, Code::PermissionDenied);
        let reviewed = review(&mut c, &doc.id, ReviewVerdict::Compliant, "", "2023-05-21").await;
        expect_code(reviewed, Code::PermissionDenied);
        expect_code(
            correct(&mut c, &doc.id, "已修改", "2023-05-22").await,
            Code::PermissionDenied,
        );
    }
    for role in [Role::Admin, Role::Leader] {
        filed(&mut f.client(role).await, &f.committee, "2023-05-20").await;
    }
    for role in Role::ALL {
        let mut c = f.client(role).await;
        assert_eq!(get(&mut c, &doc.id).await.expect("get").id, doc.id);
        assert_eq!(
            list(&mut c, "", "", 0, "")
                .await
                .expect("list")
                .documents
                .len(),
            3
        );
    }
}

qinglian_store::backend_tests!(
    fields_and_dates_are_checked_before_anything_is_written,
    admin_leader_and_clerk_write_and_every_role_reads,
);
