//! `qinglian.supervision.v1.CheckService`.

use qinglian_api::supervision::v1::{self as pb, check_service_server::CheckService};
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::checks::Checks;
use crate::conversions::{CheckFields, CheckResultFields};
use crate::error::SupervisionError;

/// Roles that create checks and record their results.
const INSPECTORS: &[Role] = &[Role::Admin, Role::Discipline];

/// The check API.
#[derive(Clone, Debug)]
pub struct CheckApi {
    checks: Checks,
}

impl CheckApi {
    /// Serves `checks`.
    pub fn new(checks: Checks) -> Self {
        Self { checks }
    }
}

#[tonic::async_trait]
impl CheckService for CheckApi {
    async fn create_check(
        &self,
        request: Request<pb::CreateCheckRequest>,
    ) -> Result<Response<pb::CreateCheckResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(INSPECTORS, "create checks")?;
        let request = request.into_inner();
        let fields = CheckFields::parse(&request.check.clone().unwrap_or_default())
            .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.checks.create(context, fields).await?;
        Ok(Response::new(pb::CreateCheckResponse {
            check: Some(pb::Check::from(&record)),
        }))
    }

    async fn record_check_result(
        &self,
        request: Request<pb::RecordCheckResultRequest>,
    ) -> Result<Response<pb::RecordCheckResultResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(INSPECTORS, "record check results")?;
        let request = request.into_inner();
        let result = CheckResultFields::parse(&request).map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.checks.record_result(context, result).await?;
        Ok(Response::new(pb::RecordCheckResultResponse {
            check: Some(pb::Check::from(&record)),
        }))
    }

    async fn get_check(
        &self,
        request: Request<pb::GetCheckRequest>,
    ) -> Result<Response<pb::GetCheckResponse>, Status> {
        call_info(&request)?;
        let record = self.checks.get(&request.get_ref().id).await?;
        Ok(Response::new(pb::GetCheckResponse {
            check: Some(pb::Check::from(&record)),
        }))
    }

    async fn list_checks(
        &self,
        request: Request<pb::ListChecksRequest>,
    ) -> Result<Response<pb::ListChecksResponse>, Status> {
        call_info(&request)?;
        let r = request.into_inner();
        let target = (!r.target_unit_id.is_empty()).then_some(r.target_unit_id.as_str());
        let (records, next_page_token) = self
            .checks
            .list(
                target,
                &ListRequest {
                    page_size: r.page_size,
                    page_token: &r.page_token,
                    filter: &r.filter,
                    order_by: &r.order_by,
                    selection: &r.target_unit_id,
                },
            )
            .await?;
        Ok(Response::new(pb::ListChecksResponse {
            checks: records.iter().map(pb::Check::from).collect(),
            next_page_token,
        }))
    }
}
