//! The activity RPCs of `OversightService`.

use qinglian_api::oversight::v1 as pb;
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{OversightApi, call_info, context};
use crate::conversions::activity_fields;
use crate::error::OversightError;

/// Roles that record activities.
pub(super) const RECORDERS: &[Role] = &[Role::Admin, Role::Leader, Role::Clerk];

/// RecordOversightActivity.
pub(super) async fn record(
    api: &OversightApi,
    request: Request<pb::RecordOversightActivityRequest>,
) -> Result<Response<pb::RecordOversightActivityResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(RECORDERS, "record oversight activities")?;
    let request = request.into_inner();
    let fields = activity_fields(
        &request.activity.clone().unwrap_or_default(),
        api.activities.today(),
    )
    .map_err(OversightError::from)?;
    api.require_scope(&caller, &fields.organisation_unit_id)
        .await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api.activities.record(context, fields).await?;
    Ok(Response::new(pb::RecordOversightActivityResponse {
        activity: Some((&record).into()),
    }))
}

/// GetOversightActivity.
pub(super) async fn get(
    api: &OversightApi,
    request: Request<pb::GetOversightActivityRequest>,
) -> Result<Response<pb::GetOversightActivityResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let record = api.activities.get(&reach, &request.get_ref().id).await?;
    Ok(Response::new(pb::GetOversightActivityResponse {
        activity: Some((&record).into()),
    }))
}

/// ListOversightActivities.
pub(super) async fn list(
    api: &OversightApi,
    request: Request<pb::ListOversightActivitiesRequest>,
) -> Result<Response<pb::ListOversightActivitiesResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let r = request.into_inner();
    let (records, next_page_token) = api.activities.list(&reach, &ListRequest::of(&r)).await?;
    Ok(Response::new(pb::ListOversightActivitiesResponse {
        activities: records.iter().map(Into::into).collect(),
        next_page_token,
    }))
}
