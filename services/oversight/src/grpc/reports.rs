//! `qinglian.oversight.v1.ReportService`.

use qinglian_api::oversight::v1::{self as pb, ReportFormat, report_service_server::ReportService};
use qinglian_domain::validate::Violations;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::conversions::reports::report_message;
use crate::drafts;
use crate::error::OversightError;
use crate::reports::render::DEFAULT_TEMPLATE;
use crate::reports::{ReportOrder, Reports};

/// Longest draft LintReport reads, in characters.
const MAX_DRAFT: usize = 200_000;
/// The largest Word draft accepted, in bytes.
const MAX_DOCX_BYTES: usize = 4 << 20;

/// The report API; every role may generate, read and lint.
#[derive(Clone, Debug)]
pub struct ReportApi {
    reports: Reports,
}

impl ReportApi {
    /// Serves `reports`.
    pub fn new(reports: Reports) -> Self {
        Self { reports }
    }
}

fn check_year(v: &mut Violations, year: i32, required: bool) {
    if (required || year != 0) && !(1949..=9999).contains(&year) {
        v.add("year", "must be a calendar year from 1949");
    }
}

#[tonic::async_trait]
impl ReportService for ReportApi {
    async fn generate_annual_report(
        &self,
        request: Request<pb::GenerateAnnualReportRequest>,
    ) -> Result<Response<pb::GenerateAnnualReportResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("organisation_unit_id", &request.organisation_unit_id, true);
        check_year(&mut v, request.year, true);
        if ReportFormat::try_from(request.format).is_err() {
            v.add("format", "is not a known format");
        }
        v.finish().map_err(OversightError::from)?;
        self.reports
            .require_scope(&caller, &request.organisation_unit_id)
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let order = ReportOrder {
            organisation_unit_id: request.organisation_unit_id.clone(),
            year: request.year,
            format: if request.format == ReportFormat::Unspecified as i32 {
                ReportFormat::PlainText as i32
            } else {
                request.format
            },
            template_name: if request.template_name.is_empty() {
                DEFAULT_TEMPLATE.to_owned()
            } else {
                request.template_name.clone()
            },
            allow_partial: request.allow_partial,
        };
        let report = self.reports.generate(context, order).await?;
        Ok(Response::new(pb::GenerateAnnualReportResponse {
            report: Some(report_message(&report, true)),
        }))
    }

    async fn get_report(
        &self,
        request: Request<pb::GetReportRequest>,
    ) -> Result<Response<pb::GetReportResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let report = self.reports.get(&caller, &request.get_ref().id).await?;
        Ok(Response::new(pb::GetReportResponse {
            report: Some(report_message(&report, true)),
        }))
    }

    async fn list_reports(
        &self,
        request: Request<pb::ListReportsRequest>,
    ) -> Result<Response<pb::ListReportsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self.reports.list(&caller, &ListRequest::of(&r)).await?;
        Ok(Response::new(pb::ListReportsResponse {
            reports: page
                .items
                .iter()
                .map(|row| report_message(row, false))
                .collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn diff_reports(
        &self,
        request: Request<pb::DiffReportsRequest>,
    ) -> Result<Response<pb::DiffReportsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let mut v = Violations::new();
        v.id("base_id", &r.base_id, true);
        v.id("head_id", &r.head_id, true);
        v.finish().map_err(OversightError::from)?;
        let changes = self.reports.diff(&caller, &r.base_id, &r.head_id).await?;
        Ok(Response::new(pb::DiffReportsResponse { changes }))
    }

    async fn lint_report(
        &self,
        request: Request<pb::LintReportRequest>,
    ) -> Result<Response<pb::LintReportResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let mut v = Violations::new();
        let text = if r.docx.is_empty() {
            v.prose("text", &r.text, true, MAX_DRAFT);
            r.text
        } else {
            if !r.text.is_empty() {
                v.add("docx", "give either text or docx, not both");
            }
            let text = if r.docx.len() > MAX_DOCX_BYTES {
                v.add("docx", "must be at most 4 MiB");
                String::new()
            } else {
                // Parsed off the async threads; a document the reader cannot take (it panics on
                // some malformed files) is refused like any other unreadable one.
                let bytes = r.docx;
                tokio::task::spawn_blocking(move || drafts::docx_text(&bytes))
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default()
            };
            if text.trim().is_empty() && v.is_empty() {
                v.add("docx", "is not a Word document with text");
            }
            v.prose("docx", &text, false, MAX_DRAFT);
            text
        };
        v.id("organisation_unit_id", &r.organisation_unit_id, false);
        check_year(&mut v, r.year, false);
        v.finish().map_err(OversightError::from)?;
        if !r.organisation_unit_id.is_empty() {
            self.reports
                .require_scope(&caller, &r.organisation_unit_id)
                .await?;
        }
        let findings = self
            .reports
            .lint(&text, &r.organisation_unit_id, r.year, r.markdown)
            .await?;
        Ok(Response::new(pb::LintReportResponse {
            findings: findings.iter().map(pb::LintFinding::from).collect(),
        }))
    }
}
