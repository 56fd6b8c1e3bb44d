//! The documents RPCs of `OversightService`: filing review, written by admin, leader and clerk, read by
//! every role.

use qinglian_api::oversight::v1 as pb;
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{OversightApi, call_info, context};
use crate::conversions::documents::{correction_fields, document_fields, review_fields};
use crate::error::OversightError;

/// Roles that file, review and record corrections.
const REVIEWERS: &[Role] = &[Role::Admin, Role::Leader, Role::Clerk];

/// FileNormativeDocument.
pub(super) async fn file(
    api: &OversightApi,
    request: Request<pb::FileNormativeDocumentRequest>,
) -> Result<Response<pb::FileNormativeDocumentResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(REVIEWERS, "file normative documents")?;
    let request = request.into_inner();
    let fields = document_fields(
        &request.document.clone().unwrap_or_default(),
        api.documents.today(),
    )
    .map_err(OversightError::from)?;
    api.require_scope(&caller, &fields.organisation_unit_id)
        .await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let row = api.documents.file(context, fields).await?;
    Ok(Response::new(pb::FileNormativeDocumentResponse {
        document: Some((&row).into()),
    }))
}

/// ReviewNormativeDocument.
pub(super) async fn review(
    api: &OversightApi,
    request: Request<pb::ReviewNormativeDocumentRequest>,
) -> Result<Response<pb::ReviewNormativeDocumentResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(REVIEWERS, "review normative documents")?;
    let request = request.into_inner();
    let fields = review_fields(&request, api.documents.today()).map_err(OversightError::from)?;
    api.require_document_scope(&caller, &request.id).await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let row = api.documents.review(context, &request.id, fields).await?;
    Ok(Response::new(pb::ReviewNormativeDocumentResponse {
        document: Some((&row).into()),
    }))
}

/// RecordCorrection.
pub(super) async fn record_correction(
    api: &OversightApi,
    request: Request<pb::RecordCorrectionRequest>,
) -> Result<Response<pb::RecordCorrectionResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(REVIEWERS, "record corrections of normative documents")?;
    let request = request.into_inner();
    let fields =
        correction_fields(&request, api.documents.today()).map_err(OversightError::from)?;
    api.require_document_scope(&caller, &request.id).await?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let row = api
        .documents
        .record_correction(context, &request.id, fields)
        .await?;
    Ok(Response::new(pb::RecordCorrectionResponse {
        document: Some((&row).into()),
    }))
}

/// GetNormativeDocument.
pub(super) async fn get(
    api: &OversightApi,
    request: Request<pb::GetNormativeDocumentRequest>,
) -> Result<Response<pb::GetNormativeDocumentResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let row = api.documents.get(&reach, &request.get_ref().id).await?;
    Ok(Response::new(pb::GetNormativeDocumentResponse {
        document: Some((&row).into()),
    }))
}

/// ListNormativeDocuments.
pub(super) async fn list(
    api: &OversightApi,
    request: Request<pb::ListNormativeDocumentsRequest>,
) -> Result<Response<pb::ListNormativeDocumentsResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let r = request.into_inner();
    let (rows, next_page_token) = api.documents.list(&reach, &ListRequest::of(&r)).await?;
    Ok(Response::new(pb::ListNormativeDocumentsResponse {
        documents: rows.iter().map(Into::into).collect(),
        next_page_token,
    }))
}
