//! Filing review of normative documents (备案审查) over real gRPC: filed, reviewed as compliant or
//! needing correction, corrected; illegal moves, field and date rules, roles, replays and listing.

use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_api::oversight::v1::{self as pb, ReviewVerdict};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Cluster};
use tonic::{Code, Status};
use tonic_types::StatusExt;

use super::common::{create_unit, expect_code, violated_fields};
use super::tasks::at;

mod lifecycle;
mod migration;
mod rules;

type Client = OversightServiceClient<Authed>;
type Reply = Result<pb::NormativeDocument, Status>;

/// The oversight service on a fixed clock at 2023-06-01, with the token issuer beside it.
struct Fixture {
    /// The directory and oversight; filing review calls no other peer, so there is no supervision.
    cluster: Cluster,
    /// The standing committee whose filing review the documents are in.
    committee: String,
    clock: Clock,
}

impl Fixture {
    async fn start(db: TestDatabase) -> Self {
        let clock = Clock::fixed(at("2023-06-01T09:00:00+08:00"));
        let cluster = Cluster::on(db)
            .clock(clock.clone())
            .oversight()
            .start()
            .await;
        let mut directory = cluster.tasks.admin_directory().await;
        let committee = create_unit(&mut directory, UnitKind::Organ, "市人大常委会", None)
            .await
            .id;
        Self {
            cluster,
            committee,
            clock,
        }
    }

    async fn client(&self, role: Role) -> Client {
        self.cluster
            .oversight()
            .oversight(&self.cluster.tasks.token(role))
            .await
    }
}

fn document(
    committee: &str,
    title: &str,
    issuing_body: &str,
    filing_date: &str,
) -> pb::NormativeDocument {
    pb::NormativeDocument {
        organisation_unit_id: committee.into(),
        title: title.into(),
        issuing_body: issuing_body.into(),
        document_number: "市政发〔2023〕5号".into(),
        filing_date: filing_date.into(),
        ..Default::default()
    }
}

async fn file(client: &mut Client, document: pb::NormativeDocument, request_id: &str) -> Reply {
    let request = pb::FileNormativeDocumentRequest {
        document: Some(document),
        request_id: request_id.into(),
    };
    Ok(client
        .file_normative_document(request)
        .await?
        .into_inner()
        .document
        .expect("document"))
}

async fn filed(client: &mut Client, committee: &str, filing_date: &str) -> pb::NormativeDocument {
    let d = document(
        committee,
        "《关于加强城市管理的若干规定》",
        "市人民政府",
        filing_date,
    );
    file(client, d, "").await.expect("file")
}

async fn review(
    client: &mut Client,
    id: &str,
    verdict: ReviewVerdict,
    opinion: &str,
    review_date: &str,
) -> Reply {
    review_with(client, id, verdict as i32, opinion, review_date, "").await
}

async fn review_with(
    client: &mut Client,
    id: &str,
    verdict: i32,
    opinion: &str,
    review_date: &str,
    request_id: &str,
) -> Reply {
    let request = pb::ReviewNormativeDocumentRequest {
        id: id.into(),
        verdict,
        opinion: opinion.into(),
        review_date: review_date.into(),
        request_id: request_id.into(),
    };
    Ok(client
        .review_normative_document(request)
        .await?
        .into_inner()
        .document
        .expect("document"))
}

async fn correct(client: &mut Client, id: &str, correction: &str, correction_date: &str) -> Reply {
    let request = pb::RecordCorrectionRequest {
        id: id.into(),
        correction: correction.into(),
        correction_date: correction_date.into(),
        request_id: String::new(),
    };
    Ok(client
        .record_correction(request)
        .await?
        .into_inner()
        .document
        .expect("document"))
}

async fn get(client: &mut Client, id: &str) -> Reply {
    let request = pb::GetNormativeDocumentRequest { id: id.into() };
    Ok(client
        .get_normative_document(request)
        .await?
        .into_inner()
        .document
        .expect("document"))
}

async fn list(
    client: &mut Client,
    filter: &str,
    order_by: &str,
    size: i32,
    token: &str,
) -> Result<pb::ListNormativeDocumentsResponse, Status> {
    let request = pb::ListNormativeDocumentsRequest {
        page_size: size,
        page_token: token.into(),
        filter: filter.into(),
        order_by: order_by.into(),
    };
    Ok(client.list_normative_documents(request).await?.into_inner())
}

/// Asserts an illegal transition: FAILED_PRECONDITION with reason DOCUMENT_STATE naming `state`.
fn refused_in(result: Reply, state: pb::DocumentState) {
    let status = expect_code(result, Code::FailedPrecondition);
    let reason = status
        .get_error_details()
        .error_info()
        .map(|i| i.reason.clone());
    assert_eq!(reason.as_deref(), Some("DOCUMENT_STATE"));
    assert!(
        status.message().contains(state.as_str_name()),
        "{}",
        status.message()
    );
}

async fn documents_are_listed_by_state_and_filing_date_page_by_page(db: TestDatabase) {
    use ReviewVerdict::{Compliant, NeedsCorrection};
    let f = Fixture::start(db).await;
    let mut c = f.client(Role::Clerk).await;
    let mut ids = Vec::new();
    for month in 1..=5 {
        let body = if month % 2 == 0 {
            "市教育局"
        } else {
            "市人民政府"
        };
        let title = format!("《第{month}号文件》");
        let d = document(&f.committee, &title, body, &format!("2023-0{month}-10"));
        ids.push(file(&mut c, d, "").await.expect("file").id);
    }
    review(&mut c, &ids[1], NeedsCorrection, "抵触", "2023-03-01")
        .await
        .expect("review");
    review(&mut c, &ids[2], Compliant, "", "2023-04-01")
        .await
        .expect("review");
    review(&mut c, &ids[3], NeedsCorrection, "抵触", "2023-05-01")
        .await
        .expect("review");
    let dates = |page: &pb::ListNormativeDocumentsResponse| -> Vec<String> {
        page.documents
            .iter()
            .map(|d| d.filing_date.clone())
            .collect()
    };

    let range = r#"filing_date >= "2023-02-01" AND filing_date <= "2023-04-30""#;
    let first = list(&mut c, range, "", 2, "").await.expect("page 1");
    assert_eq!(dates(&first), ["2023-02-10", "2023-03-10"]);
    let second = list(&mut c, range, "", 2, &first.next_page_token)
        .await
        .expect("page 2");
    assert_eq!(
        (dates(&second), second.next_page_token.as_str()),
        (vec!["2023-04-10".to_owned()], "")
    );
    let mixed = list(&mut c, "", "", 2, &first.next_page_token).await;
    assert_eq!(violated_fields(mixed), ["page_token"]);

    let state = "state = DOCUMENT_STATE_NEEDS_CORRECTION";
    let needs = list(&mut c, state, "filing_date desc", 0, "")
        .await
        .expect("by state");
    assert_eq!(dates(&needs), ["2023-04-10", "2023-02-10"]);
    let recent = list(&mut c, r#"review_date >= "2023-04-01""#, "", 0, "")
        .await
        .expect("reviewed");
    assert_eq!(dates(&recent), ["2023-03-10", "2023-04-10"]);
    let education = list(&mut c, r#"issuing_body = "市教育局""#, "create_time", 0, "").await;
    assert_eq!(
        dates(&education.expect("by body")),
        ["2023-02-10", "2023-04-10"]
    );
    let titled = list(&mut c, r#"title : "第5号""#, "", 0, "")
        .await
        .expect("by title");
    assert_eq!(dates(&titled), ["2023-05-10"]);
    assert_eq!(
        violated_fields(list(&mut c, "opinion = \"x\"", "", 0, "").await),
        ["filter"]
    );
    assert_eq!(
        violated_fields(list(&mut c, "", "review_date", 0, "").await),
        ["order_by"]
    );
}

qinglian_store::backend_tests!(documents_are_listed_by_state_and_filing_date_page_by_page);
