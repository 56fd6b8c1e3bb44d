//! `qinglian.supervision.v1.RectificationService`: tours and the rectification ledger, each RPC handed
//! to the adapter module of its part.

mod ledger;
mod measures;
mod problems;
mod signoff;
mod tours;

use qinglian_api::supervision::v1::{
    self as pb, rectification_service_server::RectificationService,
};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_domain::validate::Violations;
use qinglian_kit::auth::{Caller, Reach, Role};
use tonic::{Request, Response, Status};

use crate::conversions::ledger as convert;
use crate::error::SupervisionError;
use crate::ledger::Ledger;
use crate::ledger::records::{ProblemRecord, RectificationRecord};

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
    directory: DirectoryPeer,
}

impl RectificationApi {
    /// Serves `ledger`, callers' reach asked of `directory`.
    pub fn new(ledger: Ledger, directory: DirectoryPeer) -> Self {
        Self { ledger, directory }
    }

    /// The units `caller` reaches.
    async fn reach(&self, caller: &Caller) -> Result<Reach, SupervisionError> {
        super::reach(&self.directory, caller).await
    }

    /// A measure as returned, judged on the service's today.
    fn measure(&self, record: &RectificationRecord) -> pb::Rectification {
        convert::rectification(record, self.ledger.today())
    }
}

/// Problems as returned.
fn problems(records: &[ProblemRecord]) -> Vec<pb::Problem> {
    records.iter().map(pb::Problem::from).collect()
}

/// INVALID_ARGUMENT unless `id` is present and shaped like an id.
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
        tours::create_tour(self, request).await
    }

    async fn get_tour(
        &self,
        request: Request<pb::GetTourRequest>,
    ) -> Result<Response<pb::GetTourResponse>, Status> {
        tours::get_tour(self, request).await
    }

    async fn list_tours(
        &self,
        request: Request<pb::ListToursRequest>,
    ) -> Result<Response<pb::ListToursResponse>, Status> {
        tours::list_tours(self, request).await
    }

    async fn create_problem(
        &self,
        request: Request<pb::CreateProblemRequest>,
    ) -> Result<Response<pb::CreateProblemResponse>, Status> {
        problems::create_problem(self, request).await
    }

    async fn link_problem_source(
        &self,
        request: Request<pb::LinkProblemSourceRequest>,
    ) -> Result<Response<pb::LinkProblemSourceResponse>, Status> {
        problems::link_problem_source(self, request).await
    }

    async fn get_problem(
        &self,
        request: Request<pb::GetProblemRequest>,
    ) -> Result<Response<pb::GetProblemResponse>, Status> {
        problems::get_problem(self, request).await
    }

    async fn list_problems(
        &self,
        request: Request<pb::ListProblemsRequest>,
    ) -> Result<Response<pb::ListProblemsResponse>, Status> {
        problems::list_problems(self, request).await
    }

    async fn create_rectification(
        &self,
        request: Request<pb::CreateRectificationRequest>,
    ) -> Result<Response<pb::CreateRectificationResponse>, Status> {
        measures::create_rectification(self, request).await
    }

    async fn get_rectification(
        &self,
        request: Request<pb::GetRectificationRequest>,
    ) -> Result<Response<pb::GetRectificationResponse>, Status> {
        measures::get_rectification(self, request).await
    }

    async fn report_rectification_progress(
        &self,
        request: Request<pb::ReportRectificationProgressRequest>,
    ) -> Result<Response<pb::ReportRectificationProgressResponse>, Status> {
        measures::report_rectification_progress(self, request).await
    }

    async fn list_rectification_progress(
        &self,
        request: Request<pb::ListRectificationProgressRequest>,
    ) -> Result<Response<pb::ListRectificationProgressResponse>, Status> {
        measures::list_rectification_progress(self, request).await
    }

    async fn request_verification(
        &self,
        request: Request<pb::RequestVerificationRequest>,
    ) -> Result<Response<pb::RequestVerificationResponse>, Status> {
        signoff::request_verification(self, request).await
    }

    async fn verify_rectification(
        &self,
        request: Request<pb::VerifyRectificationRequest>,
    ) -> Result<Response<pb::VerifyRectificationResponse>, Status> {
        signoff::verify_rectification(self, request).await
    }

    async fn request_rectification_extension(
        &self,
        request: Request<pb::RequestRectificationExtensionRequest>,
    ) -> Result<Response<pb::RequestRectificationExtensionResponse>, Status> {
        measures::request_rectification_extension(self, request).await
    }

    async fn decide_rectification_extension(
        &self,
        request: Request<pb::DecideRectificationExtensionRequest>,
    ) -> Result<Response<pb::DecideRectificationExtensionResponse>, Status> {
        measures::decide_rectification_extension(self, request).await
    }

    async fn record_recheck(
        &self,
        request: Request<pb::RecordRecheckRequest>,
    ) -> Result<Response<pb::RecordRecheckResponse>, Status> {
        signoff::record_recheck(self, request).await
    }

    async fn list_ledger(
        &self,
        request: Request<pb::ListLedgerRequest>,
    ) -> Result<Response<pb::ListLedgerResponse>, Status> {
        ledger::list_ledger(self, request).await
    }

    async fn get_ledger_statistics(
        &self,
        request: Request<pb::GetLedgerStatisticsRequest>,
    ) -> Result<Response<pb::GetLedgerStatisticsResponse>, Status> {
        ledger::get_ledger_statistics(self, request).await
    }

    async fn run_ledger_sweep(
        &self,
        request: Request<pb::RunLedgerSweepRequest>,
    ) -> Result<Response<pb::RunLedgerSweepResponse>, Status> {
        ledger::run_ledger_sweep(self, request).await
    }

    async fn list_rectification_escalations(
        &self,
        request: Request<pb::ListRectificationEscalationsRequest>,
    ) -> Result<Response<pb::ListRectificationEscalationsResponse>, Status> {
        ledger::list_rectification_escalations(self, request).await
    }

    async fn acknowledge_rectification_escalation(
        &self,
        request: Request<pb::AcknowledgeRectificationEscalationRequest>,
    ) -> Result<Response<pb::AcknowledgeRectificationEscalationResponse>, Status> {
        ledger::acknowledge_rectification_escalation(self, request).await
    }
}
