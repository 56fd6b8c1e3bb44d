//! `qinglian.supervision.v1.RegulationService`.

use qinglian_api::supervision::v1::{self as pb, regulation_service_server::RegulationService};
use qinglian_domain::validate::Violations;
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use qinglian_domain::directory::DirectoryPeer;

use super::{call_info, context, reach};
use crate::error::SupervisionError;
use crate::regulations::{Regulations, Version};

/// Roles that create and revise regulations.
const EDITORS: &[Role] = &[Role::Admin, Role::Discipline];

/// The regulation API.
#[derive(Clone, Debug)]
pub struct RegulationApi {
    regulations: Regulations,
    directory: DirectoryPeer,
}

impl RegulationApi {
    /// Serves `regulations`, callers' reach asked of `directory`.
    pub fn new(regulations: Regulations, directory: DirectoryPeer) -> Self {
        Self {
            regulations,
            directory,
        }
    }
}

#[tonic::async_trait]
impl RegulationService for RegulationApi {
    async fn create_regulation(
        &self,
        request: Request<pb::CreateRegulationRequest>,
    ) -> Result<Response<pb::CreateRegulationResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(EDITORS, "create regulations")?;
        let reach = reach(&self.directory, &caller).await?;
        let request = request.into_inner();
        let regulation = request.regulation.clone().unwrap_or_default();
        let mut v = Violations::new();
        v.text("regulation.title", &regulation.title, true, 200);
        v.id(
            "regulation.issuing_unit_id",
            &regulation.issuing_unit_id,
            true,
        );
        v.prose("change_summary", &request.change_summary, true, 2000);
        let effective = v.date("effective_date", &request.effective_date, true);
        v.id("rectification_id", &request.rectification_id, false);
        v.finish().map_err(SupervisionError::from)?;
        let effective =
            effective.ok_or_else(|| SupervisionError::invalid("effective_date", "is required"))?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self
            .regulations
            .create(
                &reach,
                context,
                regulation.title.trim().to_owned(),
                regulation.issuing_unit_id.clone(),
                Version {
                    summary: request.change_summary.trim().to_owned(),
                    effective,
                    answers: request.rectification_id.clone(),
                },
            )
            .await?;
        Ok(Response::new(pb::CreateRegulationResponse {
            regulation: Some(pb::Regulation::from(&record)),
        }))
    }

    async fn revise_regulation(
        &self,
        request: Request<pb::ReviseRegulationRequest>,
    ) -> Result<Response<pb::ReviseRegulationResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(EDITORS, "revise regulations")?;
        let reach = reach(&self.directory, &caller).await?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("id", &request.id, true);
        v.prose("change_summary", &request.change_summary, true, 2000);
        let effective = v.date("effective_date", &request.effective_date, true);
        v.id("rectification_id", &request.rectification_id, false);
        v.finish().map_err(SupervisionError::from)?;
        let effective =
            effective.ok_or_else(|| SupervisionError::invalid("effective_date", "is required"))?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self
            .regulations
            .revise(
                &reach,
                context,
                &request.id,
                Version {
                    summary: request.change_summary.trim().to_owned(),
                    effective,
                    answers: request.rectification_id.clone(),
                },
                &request.etag,
            )
            .await?;
        Ok(Response::new(pb::ReviseRegulationResponse {
            regulation: Some(pb::Regulation::from(&record)),
        }))
    }

    async fn get_regulation(
        &self,
        request: Request<pb::GetRegulationRequest>,
    ) -> Result<Response<pb::GetRegulationResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let record = self.regulations.get(&reach, &request.get_ref().id).await?;
        Ok(Response::new(pb::GetRegulationResponse {
            regulation: Some(pb::Regulation::from(&record)),
        }))
    }

    async fn list_regulations(
        &self,
        request: Request<pb::ListRegulationsRequest>,
    ) -> Result<Response<pb::ListRegulationsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let r = request.into_inner();
        let (records, next_page_token) =
            self.regulations.list(&reach, &ListRequest::of(&r)).await?;
        Ok(Response::new(pb::ListRegulationsResponse {
            regulations: records.iter().map(pb::Regulation::from).collect(),
            next_page_token,
        }))
    }

    async fn list_regulation_revisions(
        &self,
        request: Request<pb::ListRegulationRevisionsRequest>,
    ) -> Result<Response<pb::ListRegulationRevisionsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let r = request.into_inner();
        let (revisions, next_page_token) = self
            .regulations
            .list_revisions(&reach, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListRegulationRevisionsResponse {
            revisions: revisions.iter().map(pb::RegulationRevision::from).collect(),
            next_page_token,
        }))
    }
}
