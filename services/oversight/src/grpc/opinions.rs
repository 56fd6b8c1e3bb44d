//! The opinions RPCs of `OversightService`: admin, leader and clerk draft and record what comes back;
//! only admin and leader sign and send; every role reads.

use qinglian_api::oversight::v1 as pb;
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{OversightApi, call_info, context};
use crate::conversions::opinions::{
    handling_deadline, new_handling_report, new_opinion, new_vote, sign_request,
};
use crate::error::OversightError;

/// Roles that draft opinions and record handling reports and votes.
const DRAFTERS: &[Role] = &[Role::Admin, Role::Leader, Role::Clerk];
/// Roles that sign and send opinions.
const SIGNERS: &[Role] = &[Role::Admin, Role::Leader];

/// DraftOpinion.
pub(super) async fn draft(
    api: &OversightApi,
    request: Request<pb::DraftOpinionRequest>,
) -> Result<Response<pb::DraftOpinionResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(DRAFTERS, "draft deliberation opinions")?;
    let request = request.into_inner();
    let new =
        new_opinion(&request.opinion.clone().unwrap_or_default()).map_err(OversightError::from)?;
    // The committee of the activity deliberated; an unknown activity is refused by the draft itself.
    let reach = api.reach(&caller).await?;
    if reach.is_scoped() {
        api.activities.get(&reach, &new.activity_id).await?;
    }
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api.opinions.draft(context, new).await?;
    Ok(Response::new(pb::DraftOpinionResponse {
        opinion: Some((&record).into()),
    }))
}

/// GetOpinion.
pub(super) async fn get(
    api: &OversightApi,
    request: Request<pb::GetOpinionRequest>,
) -> Result<Response<pb::GetOpinionResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let record = api.opinions.get(&reach, &request.get_ref().id).await?;
    Ok(Response::new(pb::GetOpinionResponse {
        opinion: Some((&record).into()),
    }))
}

/// ListOpinions.
pub(super) async fn list(
    api: &OversightApi,
    request: Request<pb::ListOpinionsRequest>,
) -> Result<Response<pb::ListOpinionsResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let r = request.into_inner();
    let (records, next_page_token) = api.opinions.list(&reach, &ListRequest::of(&r)).await?;
    Ok(Response::new(pb::ListOpinionsResponse {
        opinions: records.iter().map(Into::into).collect(),
        next_page_token,
    }))
}

/// SignOpinion.
pub(super) async fn sign(
    api: &OversightApi,
    request: Request<pb::SignOpinionRequest>,
) -> Result<Response<pb::SignOpinionResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(SIGNERS, "sign deliberation opinions")?;
    let request = request.into_inner();
    sign_request(&request).map_err(OversightError::from)?;
    api.require_opinion_scope(&caller, &request.id).await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api
        .opinions
        .sign(context, &request.id, &request.etag)
        .await?;
    Ok(Response::new(pb::SignOpinionResponse {
        opinion: Some((&record).into()),
    }))
}

/// SendOpinion.
pub(super) async fn send(
    api: &OversightApi,
    request: Request<pb::SendOpinionRequest>,
) -> Result<Response<pb::SendOpinionResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(SIGNERS, "send deliberation opinions")?;
    let request = request.into_inner();
    let deadline =
        handling_deadline(&request, api.opinions.today()).map_err(OversightError::from)?;
    api.require_opinion_scope(&caller, &request.id).await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api
        .opinions
        .send(context, &request.id, deadline, &request.etag)
        .await?;
    Ok(Response::new(pb::SendOpinionResponse {
        opinion: Some((&record).into()),
    }))
}

/// RecordHandlingReport.
pub(super) async fn record_handling_report(
    api: &OversightApi,
    request: Request<pb::RecordHandlingReportRequest>,
) -> Result<Response<pb::RecordHandlingReportResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(DRAFTERS, "record handling reports")?;
    let request = request.into_inner();
    let report =
        new_handling_report(&request, api.opinions.today()).map_err(OversightError::from)?;
    api.require_opinion_scope(&caller, &request.id).await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api
        .opinions
        .record_handling_report(context, &request.id, report)
        .await?;
    Ok(Response::new(pb::RecordHandlingReportResponse {
        opinion: Some((&record).into()),
    }))
}

/// RecordSatisfactionVote.
pub(super) async fn record_satisfaction_vote(
    api: &OversightApi,
    request: Request<pb::RecordSatisfactionVoteRequest>,
) -> Result<Response<pb::RecordSatisfactionVoteResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(DRAFTERS, "record satisfaction votes")?;
    let request = request.into_inner();
    let vote = new_vote(&request, api.opinions.today()).map_err(OversightError::from)?;
    api.require_opinion_scope(&caller, &request.id).await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api
        .opinions
        .record_satisfaction_vote(context, &request.id, vote)
        .await?;
    Ok(Response::new(pb::RecordSatisfactionVoteResponse {
        opinion: Some((&record).into()),
    }))
}
