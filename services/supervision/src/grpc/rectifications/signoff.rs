//! RectificationService: Sign-off (销号) and re-checks (回头看).

use qinglian_api::supervision::v1 as pb;
use tonic::{Request, Response, Status};

use crate::error::SupervisionError;
use crate::grpc::call_info;
use crate::grpc::context;

use super::{RectificationApi, SUPERVISORS, VERIFIERS, WORKERS, convert, problems, required_id};

/// RequestVerification.
pub(super) async fn request_verification(
    api: &RectificationApi,
    request: Request<pb::RequestVerificationRequest>,
) -> Result<Response<pb::RequestVerificationResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(WORKERS, "request verification")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    required_id("rectification_id", &request.rectification_id)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api
        .ledger
        .request_verification(&reach, context, &request.rectification_id, &request.etag)
        .await?;
    Ok(Response::new(pb::RequestVerificationResponse {
        rectification: Some(api.measure(&record)),
    }))
}

/// VerifyRectification.
pub(super) async fn verify_rectification(
    api: &RectificationApi,
    request: Request<pb::VerifyRectificationRequest>,
) -> Result<Response<pb::VerifyRectificationResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(VERIFIERS, "verify rectifications")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let new = convert::new_verdict(&request).map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let (record, answered) = api
        .ledger
        .verify(
            &caller,
            &reach,
            context,
            &request.rectification_id,
            new,
            &request.etag,
        )
        .await?;
    Ok(Response::new(pb::VerifyRectificationResponse {
        rectification: Some(api.measure(&record)),
        problems: problems(&answered),
    }))
}

/// RecordRecheck.
pub(super) async fn record_recheck(
    api: &RectificationApi,
    request: Request<pb::RecordRecheckRequest>,
) -> Result<Response<pb::RecordRecheckResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(SUPERVISORS, "record re-checks")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let new = convert::new_recheck(&request, api.ledger.today()).map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let (recheck, record, answered) = api
        .ledger
        .record_recheck(&reach, context, &request.rectification_id, new)
        .await?;
    Ok(Response::new(pb::RecordRecheckResponse {
        recheck: Some((&recheck).into()),
        rectification: Some(api.measure(&record)),
        problems: problems(&answered),
    }))
}
