//! RectificationService: Measures, their progress and deadline extensions.

use qinglian_api::supervision::v1 as pb;
use qinglian_domain::deadlines::Subject;
use qinglian_domain::validate::Violations;
use tonic::{Request, Response, Status};

use crate::error::SupervisionError;
use crate::grpc::call_info;
use crate::grpc::context;
use crate::ledger::RectificationDeadline;

use super::{MEASURE_SETTERS, RectificationApi, SUPERVISORS, WORKERS, convert, required_id};

/// CreateRectification.
pub(super) async fn create_rectification(
    api: &RectificationApi,
    request: Request<pb::CreateRectificationRequest>,
) -> Result<Response<pb::CreateRectificationResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(MEASURE_SETTERS, "set rectification measures")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let new = convert::new_rectification(
        &request.rectification.clone().unwrap_or_default(),
        api.ledger.today(),
    )
    .map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api
        .ledger
        .create_rectification(&reach, context, new)
        .await?;
    Ok(Response::new(pb::CreateRectificationResponse {
        rectification: Some(api.measure(&record)),
    }))
}

/// GetRectification.
pub(super) async fn get_rectification(
    api: &RectificationApi,
    request: Request<pb::GetRectificationRequest>,
) -> Result<Response<pb::GetRectificationResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let record = api
        .ledger
        .rectification(&reach, &request.get_ref().id)
        .await?;
    Ok(Response::new(pb::GetRectificationResponse {
        rectification: Some(api.measure(&record)),
    }))
}

/// ReportRectificationProgress.
pub(super) async fn report_rectification_progress(
    api: &RectificationApi,
    request: Request<pb::ReportRectificationProgressRequest>,
) -> Result<Response<pb::ReportRectificationProgressResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(WORKERS, "report rectification progress")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let new = convert::new_progress(&request).map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let (progress, record) = api
        .ledger
        .report_progress(&reach, context, &request.rectification_id, new)
        .await?;
    Ok(Response::new(pb::ReportRectificationProgressResponse {
        progress: Some((&progress).into()),
        rectification: Some(api.measure(&record)),
    }))
}

/// ListRectificationProgress.
pub(super) async fn list_rectification_progress(
    api: &RectificationApi,
    request: Request<pb::ListRectificationProgressRequest>,
) -> Result<Response<pb::ListRectificationProgressResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let id = &request.get_ref().rectification_id;
    required_id("rectification_id", id)?;
    let reports = api.ledger.progress(&reach, id).await?;
    Ok(Response::new(pb::ListRectificationProgressResponse {
        progress: reports.iter().map(Into::into).collect(),
    }))
}

/// RequestRectificationExtension.
pub(super) async fn request_rectification_extension(
    api: &RectificationApi,
    request: Request<pb::RequestRectificationExtensionRequest>,
) -> Result<Response<pb::RequestRectificationExtensionResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(WORKERS, "request extensions")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let mut v = Violations::new();
    v.id("rectification_id", &request.rectification_id, true);
    let requested = v.date("requested_deadline", &request.requested_deadline, true);
    v.text("reason", &request.reason, true, 2000);
    v.finish().map_err(SupervisionError::from)?;
    let requested =
        requested.ok_or_else(|| SupervisionError::invalid("requested_deadline", "is required"))?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let extension = api
        .ledger
        .request_extension(
            &reach,
            context,
            &request.rectification_id,
            requested,
            request.reason.trim().to_owned(),
        )
        .await?;
    Ok(Response::new(pb::RequestRectificationExtensionResponse {
        extension: Some(RectificationDeadline::extension(&extension)),
    }))
}

/// DecideRectificationExtension.
pub(super) async fn decide_rectification_extension(
    api: &RectificationApi,
    request: Request<pb::DecideRectificationExtensionRequest>,
) -> Result<Response<pb::DecideRectificationExtensionResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(SUPERVISORS, "decide extensions")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let mut v = Violations::new();
    v.id("id", &request.id, true);
    v.text("reason", &request.reason, !request.approve, 2000);
    v.finish().map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let (extension, record) = api
        .ledger
        .decide_extension(
            &reach,
            context,
            &request.id,
            request.approve,
            request.reason.trim().to_owned(),
        )
        .await?;
    Ok(Response::new(pb::DecideRectificationExtensionResponse {
        extension: Some(RectificationDeadline::extension(&extension)),
        rectification: Some(api.measure(&record)),
    }))
}
