//! `qinglian.supervision.v1.RectificationService`: tours and the rectification ledger.

use qinglian_api::supervision::v1::{
    self as pb, rectification_service_server::RectificationService,
};
use qinglian_kit::auth::Role;
use qinglian_kit::validate::Violations;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::conversions::ledger as convert;
use crate::error::SupervisionError;
use crate::ledger::Ledger;
use crate::ledger::listing::LedgerSelection;
use crate::ledger::records::{ProblemRecord, RectificationRecord};
use crate::ledger::statistics::LedgerScope;

/// Roles that record tours.
const TOUR_RECORDERS: &[Role] = &[Role::Admin, Role::Discipline];
/// Roles that record problems: also services, e.g. oversight sending a deliberation opinion's items.
const PROBLEM_RECORDERS: &[Role] = &[Role::Admin, Role::Discipline, Role::Service];
/// Roles that set measures.
const MEASURE_SETTERS: &[Role] = &[Role::Admin, Role::Discipline, Role::Leader];
/// Roles that carry measures out: progress, verification and extension requests.
const WORKERS: &[Role] = &[Role::Admin, Role::Discipline, Role::Leader, Role::Clerk];
/// Roles that verify: the discipline body only.
const VERIFIERS: &[Role] = &[Role::Discipline];
/// Roles that decide extensions and record re-checks.
const SUPERVISORS: &[Role] = &[Role::Admin, Role::Discipline];

/// The rectification API.
#[derive(Clone, Debug)]
pub struct RectificationApi {
    ledger: Ledger,
}

impl RectificationApi {
    /// Serves `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        Self { ledger }
    }

    fn measure(&self, record: &RectificationRecord) -> pb::Rectification {
        convert::rectification(record, self.ledger.today())
    }
}

fn problems(records: &[ProblemRecord]) -> Vec<pb::Problem> {
    records.iter().map(pb::Problem::from).collect()
}

fn required_id(field: &str, id: &str) -> Result<(), SupervisionError> {
    let mut v = Violations::new();
    v.id(field, id, true);
    Ok(v.finish()?)
}

#[tonic::async_trait]
impl RectificationService for RectificationApi {
    async fn create_tour(
        &self,
        request: Request<pb::CreateTourRequest>,
    ) -> Result<Response<pb::CreateTourResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(TOUR_RECORDERS, "record inspection tours")?;
        let request = request.into_inner();
        let fields = convert::tour_fields(&request.tour.clone().unwrap_or_default())
            .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let tour = self.ledger.create_tour(context, fields).await?;
        Ok(Response::new(pb::CreateTourResponse {
            tour: Some((&tour).into()),
        }))
    }

    async fn get_tour(
        &self,
        request: Request<pb::GetTourRequest>,
    ) -> Result<Response<pb::GetTourResponse>, Status> {
        call_info(&request)?;
        let tour = self.ledger.tour(&request.get_ref().id).await?;
        Ok(Response::new(pb::GetTourResponse {
            tour: Some((&tour).into()),
        }))
    }

    async fn list_tours(
        &self,
        request: Request<pb::ListToursRequest>,
    ) -> Result<Response<pb::ListToursResponse>, Status> {
        call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .ledger
            .list_tours(&ListRequest {
                page_size: r.page_size,
                page_token: &r.page_token,
                filter: &r.filter,
                order_by: &r.order_by,
                selection: "",
            })
            .await?;
        Ok(Response::new(pb::ListToursResponse {
            tours: page.items.iter().map(Into::into).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn create_problem(
        &self,
        request: Request<pb::CreateProblemRequest>,
    ) -> Result<Response<pb::CreateProblemResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(PROBLEM_RECORDERS, "record problems")?;
        let request = request.into_inner();
        let new = convert::new_problem(
            &request.problem.clone().unwrap_or_default(),
            self.ledger.today(),
        )
        .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.ledger.create_problem(context, new).await?;
        Ok(Response::new(pb::CreateProblemResponse {
            problem: Some((&record).into()),
        }))
    }

    async fn link_problem_source(
        &self,
        request: Request<pb::LinkProblemSourceRequest>,
    ) -> Result<Response<pb::LinkProblemSourceResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(PROBLEM_RECORDERS, "link problem sources")?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("problem_id", &request.problem_id, true);
        convert::check_source(&mut v, "", request.source, &request.reference);
        v.finish().map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self
            .ledger
            .link_source(
                context,
                &request.problem_id,
                request.source,
                request.reference.trim().to_owned(),
            )
            .await?;
        Ok(Response::new(pb::LinkProblemSourceResponse {
            problem: Some((&record).into()),
        }))
    }

    async fn get_problem(
        &self,
        request: Request<pb::GetProblemRequest>,
    ) -> Result<Response<pb::GetProblemResponse>, Status> {
        call_info(&request)?;
        let record = self.ledger.problem(&request.get_ref().id).await?;
        Ok(Response::new(pb::GetProblemResponse {
            problem: Some((&record).into()),
        }))
    }

    async fn list_problems(
        &self,
        request: Request<pb::ListProblemsRequest>,
    ) -> Result<Response<pb::ListProblemsResponse>, Status> {
        call_info(&request)?;
        let r = request.into_inner();
        let selection = format!("tour_id={};source={}", r.tour_id, r.source);
        let (records, next_page_token) = self
            .ledger
            .list_problems(
                &ListRequest {
                    page_size: r.page_size,
                    page_token: &r.page_token,
                    filter: &r.filter,
                    order_by: &r.order_by,
                    selection: &selection,
                },
                &r.tour_id,
                r.source,
            )
            .await?;
        Ok(Response::new(pb::ListProblemsResponse {
            problems: problems(&records),
            next_page_token,
        }))
    }

    async fn create_rectification(
        &self,
        request: Request<pb::CreateRectificationRequest>,
    ) -> Result<Response<pb::CreateRectificationResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(MEASURE_SETTERS, "set rectification measures")?;
        let request = request.into_inner();
        let new = convert::new_rectification(
            &request.rectification.clone().unwrap_or_default(),
            self.ledger.today(),
        )
        .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.ledger.create_rectification(context, new).await?;
        Ok(Response::new(pb::CreateRectificationResponse {
            rectification: Some(self.measure(&record)),
        }))
    }

    async fn get_rectification(
        &self,
        request: Request<pb::GetRectificationRequest>,
    ) -> Result<Response<pb::GetRectificationResponse>, Status> {
        call_info(&request)?;
        let record = self.ledger.rectification(&request.get_ref().id).await?;
        Ok(Response::new(pb::GetRectificationResponse {
            rectification: Some(self.measure(&record)),
        }))
    }

    async fn report_rectification_progress(
        &self,
        request: Request<pb::ReportRectificationProgressRequest>,
    ) -> Result<Response<pb::ReportRectificationProgressResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(WORKERS, "report rectification progress")?;
        let request = request.into_inner();
        let new = convert::new_progress(&request).map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let (progress, record) = self
            .ledger
            .report_progress(context, &request.rectification_id, new)
            .await?;
        Ok(Response::new(pb::ReportRectificationProgressResponse {
            progress: Some((&progress).into()),
            rectification: Some(self.measure(&record)),
        }))
    }

    async fn list_rectification_progress(
        &self,
        request: Request<pb::ListRectificationProgressRequest>,
    ) -> Result<Response<pb::ListRectificationProgressResponse>, Status> {
        call_info(&request)?;
        let id = &request.get_ref().rectification_id;
        required_id("rectification_id", id)?;
        let reports = self.ledger.progress(id).await?;
        Ok(Response::new(pb::ListRectificationProgressResponse {
            progress: reports.iter().map(Into::into).collect(),
        }))
    }

    async fn request_verification(
        &self,
        request: Request<pb::RequestVerificationRequest>,
    ) -> Result<Response<pb::RequestVerificationResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(WORKERS, "request verification")?;
        let request = request.into_inner();
        required_id("rectification_id", &request.rectification_id)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self
            .ledger
            .request_verification(context, &request.rectification_id, &request.etag)
            .await?;
        Ok(Response::new(pb::RequestVerificationResponse {
            rectification: Some(self.measure(&record)),
        }))
    }

    async fn verify_rectification(
        &self,
        request: Request<pb::VerifyRectificationRequest>,
    ) -> Result<Response<pb::VerifyRectificationResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(VERIFIERS, "verify rectifications")?;
        let request = request.into_inner();
        let new = convert::new_verdict(&request).map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let (record, answered) = self
            .ledger
            .verify(
                &caller,
                context,
                &request.rectification_id,
                new,
                &request.etag,
            )
            .await?;
        Ok(Response::new(pb::VerifyRectificationResponse {
            rectification: Some(self.measure(&record)),
            problems: problems(&answered),
        }))
    }

    async fn request_rectification_extension(
        &self,
        request: Request<pb::RequestRectificationExtensionRequest>,
    ) -> Result<Response<pb::RequestRectificationExtensionResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(WORKERS, "request extensions")?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("rectification_id", &request.rectification_id, true);
        let requested = v.date("requested_deadline", &request.requested_deadline, true);
        v.text("reason", &request.reason, true, 2000);
        v.finish().map_err(SupervisionError::from)?;
        let requested = requested
            .ok_or_else(|| SupervisionError::invalid("requested_deadline", "is required"))?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let extension = self
            .ledger
            .request_extension(
                context,
                &request.rectification_id,
                requested,
                request.reason.trim().to_owned(),
            )
            .await?;
        Ok(Response::new(pb::RequestRectificationExtensionResponse {
            extension: Some((&extension).into()),
        }))
    }

    async fn decide_rectification_extension(
        &self,
        request: Request<pb::DecideRectificationExtensionRequest>,
    ) -> Result<Response<pb::DecideRectificationExtensionResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(SUPERVISORS, "decide extensions")?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("id", &request.id, true);
        v.text("reason", &request.reason, !request.approve, 2000);
        v.finish().map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let (extension, record) = self
            .ledger
            .decide_extension(
                context,
                &request.id,
                request.approve,
                request.reason.trim().to_owned(),
            )
            .await?;
        Ok(Response::new(pb::DecideRectificationExtensionResponse {
            extension: Some((&extension).into()),
            rectification: Some(self.measure(&record)),
        }))
    }

    async fn record_recheck(
        &self,
        request: Request<pb::RecordRecheckRequest>,
    ) -> Result<Response<pb::RecordRecheckResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(SUPERVISORS, "record re-checks")?;
        let request = request.into_inner();
        let new =
            convert::new_recheck(&request, self.ledger.today()).map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let (recheck, record, answered) = self
            .ledger
            .record_recheck(context, &request.rectification_id, new)
            .await?;
        Ok(Response::new(pb::RecordRecheckResponse {
            recheck: Some((&recheck).into()),
            rectification: Some(self.measure(&record)),
            problems: problems(&answered),
        }))
    }

    async fn list_ledger(
        &self,
        request: Request<pb::ListLedgerRequest>,
    ) -> Result<Response<pb::ListLedgerResponse>, Status> {
        call_info(&request)?;
        let r = request.into_inner();
        let selection = format!(
            "tour_id={};source={};overdue_only={}",
            r.tour_id, r.source, r.overdue_only
        );
        let (records, next_page_token) = self
            .ledger
            .list_ledger(
                &ListRequest {
                    page_size: r.page_size,
                    page_token: &r.page_token,
                    filter: &r.filter,
                    order_by: &r.order_by,
                    selection: &selection,
                },
                &LedgerSelection {
                    tour_id: r.tour_id.clone(),
                    source: r.source,
                    overdue_only: r.overdue_only,
                },
            )
            .await?;
        Ok(Response::new(pb::ListLedgerResponse {
            rectifications: records.iter().map(|m| self.measure(m)).collect(),
            next_page_token,
        }))
    }

    async fn get_ledger_statistics(
        &self,
        request: Request<pb::GetLedgerStatisticsRequest>,
    ) -> Result<Response<pb::GetLedgerStatisticsResponse>, Status> {
        call_info(&request)?;
        let r = request.into_inner();
        let (rows, total, today) = self
            .ledger
            .statistics(&LedgerScope {
                tour_id: r.tour_id,
                unit_id: r.unit_id,
            })
            .await?;
        Ok(Response::new(pb::GetLedgerStatisticsResponse {
            rows,
            total: Some(total),
            as_of_date: today.format("%Y-%m-%d").to_string(),
        }))
    }

    async fn run_ledger_sweep(
        &self,
        request: Request<pb::RunLedgerSweepRequest>,
    ) -> Result<Response<pb::RunLedgerSweepResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        caller.require(&[Role::Admin], "run the ledger sweep")?;
        let outcome = self.ledger.sweep(&caller).await?;
        Ok(Response::new(pb::RunLedgerSweepResponse {
            rectifications_examined: i64::try_from(outcome.examined).unwrap_or(i64::MAX),
            escalations_raised: i64::try_from(outcome.raised).unwrap_or(i64::MAX),
            as_of_date: outcome.as_of.format("%Y-%m-%d").to_string(),
        }))
    }

    async fn list_rectification_escalations(
        &self,
        request: Request<pb::ListRectificationEscalationsRequest>,
    ) -> Result<Response<pb::ListRectificationEscalationsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .ledger
            .list_escalations(
                &caller,
                &r.recipient_id,
                &ListRequest {
                    page_size: r.page_size,
                    page_token: &r.page_token,
                    filter: &r.filter,
                    order_by: &r.order_by,
                    selection: &r.recipient_id,
                },
            )
            .await?;
        Ok(Response::new(pb::ListRectificationEscalationsResponse {
            escalations: page.items.iter().map(Into::into).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn acknowledge_rectification_escalation(
        &self,
        request: Request<pb::AcknowledgeRectificationEscalationRequest>,
    ) -> Result<Response<pb::AcknowledgeRectificationEscalationResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        required_id("id", &request.id)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let escalation = self
            .ledger
            .acknowledge_escalation(&caller, context, &request.id)
            .await?;
        Ok(Response::new(
            pb::AcknowledgeRectificationEscalationResponse {
                escalation: Some((&escalation).into()),
            },
        ))
    }
}
