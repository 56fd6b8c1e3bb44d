//! RectificationService: Inspection tours.

use qinglian_api::supervision::v1 as pb;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use crate::error::SupervisionError;
use crate::grpc::call_info;
use crate::grpc::context;

use super::{RectificationApi, TOUR_RECORDERS, convert};

/// CreateTour.
pub(super) async fn create_tour(
    api: &RectificationApi,
    request: Request<pb::CreateTourRequest>,
) -> Result<Response<pb::CreateTourResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(TOUR_RECORDERS, "record inspection tours")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let fields = convert::tour_fields(&request.tour.clone().unwrap_or_default())
        .map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let tour = api.ledger.create_tour(&reach, context, fields).await?;
    Ok(Response::new(pb::CreateTourResponse {
        tour: Some((&tour).into()),
    }))
}

/// GetTour.
pub(super) async fn get_tour(
    api: &RectificationApi,
    request: Request<pb::GetTourRequest>,
) -> Result<Response<pb::GetTourResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let tour = api.ledger.tour(&reach, &request.get_ref().id).await?;
    Ok(Response::new(pb::GetTourResponse {
        tour: Some((&tour).into()),
    }))
}

/// ListTours.
pub(super) async fn list_tours(
    api: &RectificationApi,
    request: Request<pb::ListToursRequest>,
) -> Result<Response<pb::ListToursResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let r = request.into_inner();
    let page = api.ledger.list_tours(&reach, &ListRequest::of(&r)).await?;
    Ok(Response::new(pb::ListToursResponse {
        tours: page.items.iter().map(Into::into).collect(),
        next_page_token: page.next_page_token,
    }))
}
