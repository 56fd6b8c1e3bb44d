//! `qinglian.supervision.v1.EducationService`.

use qinglian_api::supervision::v1::{self as pb, education_service_server::EducationService};
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::conversions::{EducationFields, education_activity};
use crate::education::Education;
use crate::error::SupervisionError;

/// Roles that record education activities.
const RECORDERS: &[Role] = &[Role::Admin, Role::Discipline, Role::Leader];

/// The education API.
#[derive(Clone, Debug)]
pub struct EducationApi {
    education: Education,
}

impl EducationApi {
    /// Serves `education`.
    pub fn new(education: Education) -> Self {
        Self { education }
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
        let request = request.into_inner();
        let fields = EducationFields::parse(
            &request.education_activity.clone().unwrap_or_default(),
            self.education.today(),
        )
        .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let recorded = self.education.record(context, fields).await?;
        Ok(Response::new(pb::RecordEducationActivityResponse {
            education_activity: Some(education_activity(&recorded)),
        }))
    }

    async fn get_education_activity(
        &self,
        request: Request<pb::GetEducationActivityRequest>,
    ) -> Result<Response<pb::GetEducationActivityResponse>, Status> {
        call_info(&request)?;
        let found = self.education.get(&request.get_ref().id).await?;
        Ok(Response::new(pb::GetEducationActivityResponse {
            education_activity: Some(education_activity(&found)),
        }))
    }

    async fn list_education_activities(
        &self,
        request: Request<pb::ListEducationActivitiesRequest>,
    ) -> Result<Response<pb::ListEducationActivitiesResponse>, Status> {
        call_info(&request)?;
        let r = request.into_inner();
        let participant = (!r.participant_id.is_empty()).then_some(r.participant_id.as_str());
        let page = self
            .education
            .list(
                participant,
                &ListRequest {
                    page_size: r.page_size,
                    page_token: &r.page_token,
                    filter: &r.filter,
                    order_by: &r.order_by,
                    selection: "",
                },
            )
            .await?;
        Ok(Response::new(pb::ListEducationActivitiesResponse {
            education_activities: page.items.iter().map(education_activity).collect(),
            next_page_token: page.next_page_token,
        }))
    }
}
