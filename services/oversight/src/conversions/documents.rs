//! The edge between protobuf and the domain for the filing review of normative documents: every
//! violation of a request is named before anything is read or written.

use chrono::NaiveDate;
use qinglian_api::oversight::v1::{self as pb, ReviewVerdict};
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;

use super::is_book_title;
use qinglian_store::{etag, time};

use crate::documents::{CorrectionFields, DocumentFields, ReviewFields};
use crate::entities::normative_document;

/// Validates a document to file; `today` bounds its filing date.
pub fn document_fields(
    document: &pb::NormativeDocument,
    today: NaiveDate,
) -> Result<DocumentFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.text("document.title", &document.title, true, 300);
    if !document.title.trim().is_empty() && !is_book_title(document.title.trim()) {
        v.add(
            "document.title",
            "must be a title in book-title marks, e.g. 《关于加强城市管理的若干规定》",
        );
    }
    v.text("document.issuing_body", &document.issuing_body, true, 200);
    v.text(
        "document.document_number",
        &document.document_number,
        false,
        100,
    );
    v.id(
        "document.organisation_unit_id",
        &document.organisation_unit_id,
        true,
    );
    let filing_date = v.past_date("document.filing_date", &document.filing_date, true, today);
    v.finish()?;
    Ok(DocumentFields {
        title: document.title.trim().to_owned(),
        issuing_body: document.issuing_body.trim().to_owned(),
        document_number: document.document_number.trim().to_owned(),
        organisation_unit_id: document.organisation_unit_id.clone(),
        filing_date: filing_date.unwrap_or(today),
    })
}

/// Validates a review; `today` bounds its date. Whether it follows the filing is checked against the
/// stored document.
pub fn review_fields(
    request: &pb::ReviewNormativeDocumentRequest,
    today: NaiveDate,
) -> Result<ReviewFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("id", &request.id, true);
    let verdict = ReviewVerdict::try_from(request.verdict).unwrap_or(ReviewVerdict::Unspecified);
    v.enumeration(
        "verdict",
        request.verdict,
        verdict != ReviewVerdict::Unspecified,
    );
    let needs_correction = verdict == ReviewVerdict::NeedsCorrection;
    if needs_correction && request.opinion.trim().is_empty() {
        v.add("opinion", "is required when a correction is needed");
    } else {
        v.prose("opinion", &request.opinion, false, 5000);
    }
    let review_date = v.past_date("review_date", &request.review_date, true, today);
    v.finish()?;
    Ok(ReviewFields {
        compliant: verdict == ReviewVerdict::Compliant,
        opinion: request.opinion.trim().to_owned(),
        review_date: review_date.unwrap_or(today),
    })
}

/// Validates a correction; `today` bounds its date. Whether it follows the review is checked against
/// the stored document.
pub fn correction_fields(
    request: &pb::RecordCorrectionRequest,
    today: NaiveDate,
) -> Result<CorrectionFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("id", &request.id, true);
    v.prose("correction", &request.correction, true, 5000);
    let correction_date = v.past_date("correction_date", &request.correction_date, true, today);
    v.finish()?;
    Ok(CorrectionFields {
        correction: request.correction.trim().to_owned(),
        correction_date: correction_date.unwrap_or(today),
    })
}

impl From<&normative_document::Model> for pb::NormativeDocument {
    fn from(row: &normative_document::Model) -> Self {
        let day = |date: Option<NaiveDate>| {
            date.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        Self {
            id: row.id.clone(),
            title: row.title.clone(),
            organisation_unit_id: row.organisation_unit_id.clone(),
            issuing_body: row.issuing_body.clone(),
            document_number: row.document_number.clone(),
            filing_date: day(Some(row.filing_date)),
            state: row.state,
            review_opinion: row.review_opinion.clone(),
            review_date: day(row.review_date),
            correction: row.correction.clone(),
            correction_date: day(row.correction_date),
            create_time: Some(time::to_proto(row.create_time)),
            update_time: Some(time::to_proto(row.update_time)),
            etag: etag::etag(row.version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 6, 1).expect("date")
    }

    fn fields<T: std::fmt::Debug>(result: Result<T, Vec<FieldViolation>>) -> Vec<String> {
        result
            .expect_err("refused")
            .into_iter()
            .map(|f| f.field)
            .collect()
    }

    #[test]
    fn a_document_has_a_book_title_a_body_and_a_past_filing_date() {
        let mut document = pb::NormativeDocument {
            title: " 《关于加强城市管理的若干规定》 ".into(),
            issuing_body: "市人民政府".into(),
            document_number: "市政发〔2023〕5号".into(),
            filing_date: "2023-05-20".into(),
            organisation_unit_id: uuid::Uuid::now_v7().to_string(),
            ..Default::default()
        };
        let parsed = document_fields(&document, today()).expect("valid");
        assert_eq!(parsed.title, "《关于加强城市管理的若干规定》");
        document.title = "关于加强城市管理的若干规定".into();
        document.issuing_body = String::new();
        document.filing_date = "2023-06-02".into();
        assert_eq!(
            fields(document_fields(&document, today())),
            [
                "document.title",
                "document.issuing_body",
                "document.filing_date"
            ]
        );
    }

    #[test]
    fn a_correction_needs_an_opinion_and_reviews_need_a_verdict() {
        let id = uuid::Uuid::now_v7().to_string();
        let mut review = pb::ReviewNormativeDocumentRequest {
            id: id.clone(),
            verdict: ReviewVerdict::Compliant as i32,
            review_date: "2023-06-01".into(),
            ..Default::default()
        };
        assert!(review_fields(&review, today()).expect("valid").compliant);
        review.verdict = ReviewVerdict::NeedsCorrection as i32;
        assert_eq!(fields(review_fields(&review, today())), ["opinion"]);
        review.verdict = 0;
        review.review_date = "2023-06-31".into();
        assert_eq!(
            fields(review_fields(&review, today())),
            ["verdict", "review_date"]
        );
        let correction = pb::RecordCorrectionRequest {
            id,
            correction: " ".into(),
            correction_date: "2023-07-01".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(correction_fields(&correction, today())),
            ["correction", "correction_date"]
        );
    }
}
