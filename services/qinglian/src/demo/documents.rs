//! The filing review (备案审查) of the normative documents the city government filed in 2023: most
//! compliant, one needing correction and corrected, the last filed in December and reviewed next year.

use anyhow::Context;
use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_api::oversight::v1::{self as pb, ReviewVerdict};

use super::{Authed, Session, required, rid};

/// A document: title, issuing body, number, the day filed, and the day reviewed (empty while not).
type Filed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const DOCUMENTS: [Filed; 7] = [
    (
        "《市城市供水管理办法》",
        "市人民政府",
        "市政府令第3号",
        "2023-02-10",
        "2023-03-08",
    ),
    (
        "《市住房公积金缴存管理办法》",
        "市人民政府办公室",
        "市政办发〔2023〕4号",
        "2023-03-15",
        "2023-04-12",
    ),
    (
        "《市农村生活垃圾分类处理实施细则》",
        "市人民政府办公室",
        "市政办发〔2023〕11号",
        "2023-05-08",
        "2023-06-02",
    ),
    (
        "《市物业服务收费管理办法》",
        "市人民政府",
        "市政发〔2023〕9号",
        "2023-06-12",
        "2023-07-06",
    ),
    (
        "《市中小学校校外培训机构管理办法》",
        "市人民政府办公室",
        "市政办发〔2023〕18号",
        "2023-08-03",
        "2023-08-30",
    ),
    (
        "《市政府投资项目管理办法》",
        "市人民政府",
        "市政发〔2023〕14号",
        "2023-09-20",
        "2023-10-18",
    ),
    (
        "《市国有土地上房屋征收与补偿实施办法》",
        "市人民政府",
        "市政发〔2023〕21号",
        "2023-12-12",
        "",
    ),
];

/// The document that needs correction, its review opinion, and how and when it was corrected.
const CORRECTED: (&str, &str, &str, &str) = (
    "《市物业服务收费管理办法》",
    "第十五条对业主逾期缴费设定的违约金标准超出《省物业管理条例》规定，应予纠正",
    "市人民政府已修改第十五条，删除超出上位法规定的违约金标准",
    "2023-08-18",
);

/// Files, reviews and corrects the year's documents of the committee `organ` through `clerk` (the
/// research office).
pub async fn load(
    session: &Session,
    organ: &str,
    clerk: &mut OversightServiceClient<Authed>,
) -> anyhow::Result<()> {
    let (needs_correction, opinion, correction, corrected_on) = CORRECTED;
    for (n, (title, body, number, filed, reviewed)) in DOCUMENTS.into_iter().enumerate() {
        session.on(filed)?;
        let created = clerk
            .file_normative_document(pb::FileNormativeDocumentRequest {
                document: Some(pb::NormativeDocument {
                    title: title.to_owned(),
                    issuing_body: body.to_owned(),
                    document_number: number.to_owned(),
                    filing_date: filed.to_owned(),
                    organisation_unit_id: organ.to_owned(),
                    ..Default::default()
                }),
                request_id: rid(&format!("document-{n}")),
            })
            .await
            .with_context(|| format!("file {title}"))?;
        let id = required(created.into_inner().document, "document")?.id;
        if reviewed.is_empty() {
            continue;
        }
        session.on(reviewed)?;
        let wrong = title == needs_correction;
        clerk
            .review_normative_document(pb::ReviewNormativeDocumentRequest {
                id: id.clone(),
                verdict: if wrong {
                    ReviewVerdict::NeedsCorrection
                } else {
                    ReviewVerdict::Compliant
                } as i32,
                opinion: if wrong { opinion } else { "" }.to_owned(),
                review_date: reviewed.to_owned(),
                request_id: rid(&format!("document-{n}-review")),
            })
            .await
            .with_context(|| format!("review {title}"))?;
        if wrong {
            session.on(corrected_on)?;
            clerk
                .record_correction(pb::RecordCorrectionRequest {
                    id,
                    correction: correction.to_owned(),
                    correction_date: corrected_on.to_owned(),
                    request_id: rid(&format!("document-{n}-correction")),
                })
                .await
                .with_context(|| format!("record the correction of {title}"))?;
        }
    }
    Ok(())
}
