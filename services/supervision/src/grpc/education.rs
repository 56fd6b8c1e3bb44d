//! `qinglian.supervision.v1.EducationService`.

use qinglian_api::supervision::v1::{self as pb, education_service_server::EducationService};
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use qinglian_domain::directory::DirectoryPeer;

use super::{call_info, context, reach};
use crate::education::Education;
use crate::education::EducationFields;
use crate::error::SupervisionError;

/// Roles that record education activities.
const RECORDERS: &[Role] = &[Role::Admin, Role::Discipline, Role::Leader];

/// The education API.
#[derive(Clone, Debug)]
pub struct EducationApi {
    education: Education,
    directory: DirectoryPeer,
}

impl EducationApi {
    /// Serves `education`, callers' reach asked of `directory`.
    pub fn new(education: Education, directory: DirectoryPeer) -> Self {
        Self {
            education,
            directory,
        }
    }
}

#[tonic::async_trait]
impl EducationService for EducationApi {
    async fn record_education_activity(
        &self,
        request: Request<pb::RecordEducationActivityRequest>,
    ) -> Result<Response<pb::RecordEducationActivityResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(RECORDERS, "record education activities")?;
        let reach = reach(&self.directory, &caller).await?;
        let request = request.into_inner();
        let fields = EducationFields::parse(
            &request.education_activity.clone().unwrap_or_default(),
            self.education.today(),
        )
        .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let recorded = self.education.record(&reach, context, fields).await?;
        Ok(Response::new(pb::RecordEducationActivityResponse {
            education_activity: Some(pb::EducationActivity::from(&recorded)),
        }))
    }

    async fn get_education_activity(
        &self,
        request: Request<pb::GetEducationActivityRequest>,
    ) -> Result<Response<pb::GetEducationActivityResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let found = self.education.get(&reach, &request.get_ref().id).await?;
        Ok(Response::new(pb::GetEducationActivityResponse {
            education_activity: Some(pb::EducationActivity::from(&found)),
        }))
    }

    async fn list_education_activities(
        &self,
        request: Request<pb::ListEducationActivitiesRequest>,
    ) -> Result<Response<pb::ListEducationActivitiesResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let r = request.into_inner();
        let participant = (!r.participant_id.is_empty()).then_some(r.participant_id.as_str());
        let page = self
            .education
            .list(&reach, participant, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListEducationActivitiesResponse {
            education_activities: page.items.iter().map(pb::EducationActivity::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }
}
