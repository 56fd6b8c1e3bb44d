//! `qinglian.supervision.v1.CheckService`.

use qinglian_api::supervision::v1::{self as pb, check_service_server::CheckService};
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use qinglian_domain::directory::DirectoryPeer;

use super::{call_info, context, reach};
use crate::checks::Checks;
use crate::checks::{CheckFields, CheckResultFields};
use crate::error::SupervisionError;

/// Roles that create checks and record their results.
const INSPECTORS: &[Role] = &[Role::Admin, Role::Discipline];

/// The check API.
#[derive(Clone, Debug)]
pub struct CheckApi {
    checks: Checks,
    directory: DirectoryPeer,
}

impl CheckApi {
    /// Serves `checks`, callers' reach asked of `directory`.
    pub fn new(checks: Checks, directory: DirectoryPeer) -> Self {
        Self { checks, directory }
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
        let reach = reach(&self.directory, &caller).await?;
        let request = request.into_inner();
        let fields = CheckFields::parse(&request.check.clone().unwrap_or_default())
            .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.checks.create(&reach, context, fields).await?;
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
        let reach = reach(&self.directory, &caller).await?;
        let request = request.into_inner();
        let result = CheckResultFields::parse(&request).map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.checks.record_result(&reach, context, result).await?;
        Ok(Response::new(pb::RecordCheckResultResponse {
            check: Some(pb::Check::from(&record)),
        }))
    }

    async fn get_check(
        &self,
        request: Request<pb::GetCheckRequest>,
    ) -> Result<Response<pb::GetCheckResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let record = self.checks.get(&reach, &request.get_ref().id).await?;
        Ok(Response::new(pb::GetCheckResponse {
            check: Some(pb::Check::from(&record)),
        }))
    }

    async fn list_checks(
        &self,
        request: Request<pb::ListChecksRequest>,
    ) -> Result<Response<pb::ListChecksResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let r = request.into_inner();
        let target = (!r.target_unit_id.is_empty()).then_some(r.target_unit_id.as_str());
        let (records, next_page_token) = self
            .checks
            .list(
                &reach,
                target,
                &ListRequest::of(&r).selecting(&r.target_unit_id),
            )
            .await?;
        Ok(Response::new(pb::ListChecksResponse {
            checks: records.iter().map(pb::Check::from).collect(),
            next_page_token,
        }))
    }
}
