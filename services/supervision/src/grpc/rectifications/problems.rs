//! RectificationService: Problems and their sources.

use qinglian_api::supervision::v1 as pb;
use qinglian_domain::validate::Violations;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use crate::error::SupervisionError;
use crate::grpc::call_info;
use crate::grpc::context;

use super::{PROBLEM_RECORDERS, RectificationApi, convert, problems};

/// CreateProblem.
pub(super) async fn create_problem(
    api: &RectificationApi,
    request: Request<pb::CreateProblemRequest>,
) -> Result<Response<pb::CreateProblemResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(PROBLEM_RECORDERS, "record problems")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let new = convert::new_problem(
        &request.problem.clone().unwrap_or_default(),
        api.ledger.today(),
    )
    .map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api.ledger.create_problem(&reach, context, new).await?;
    Ok(Response::new(pb::CreateProblemResponse {
        problem: Some((&record).into()),
    }))
}

/// LinkProblemSource.
pub(super) async fn link_problem_source(
    api: &RectificationApi,
    request: Request<pb::LinkProblemSourceRequest>,
) -> Result<Response<pb::LinkProblemSourceResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    caller.require(PROBLEM_RECORDERS, "link problem sources")?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    let mut v = Violations::new();
    v.id("problem_id", &request.problem_id, true);
    convert::check_source(&mut v, "", request.source, &request.reference);
    v.finish().map_err(SupervisionError::from)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let record = api
        .ledger
        .link_source(
            &reach,
            context,
            &request.problem_id,
            request.source,
            request.reference.trim().to_owned(),
        )
        .await?;
    Ok(Response::new(pb::LinkProblemSourceResponse {
        problem: Some((&record).into()),
    }))
}

/// GetProblem.
pub(super) async fn get_problem(
    api: &RectificationApi,
    request: Request<pb::GetProblemRequest>,
) -> Result<Response<pb::GetProblemResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let record = api.ledger.problem(&reach, &request.get_ref().id).await?;
    Ok(Response::new(pb::GetProblemResponse {
        problem: Some((&record).into()),
    }))
}

/// ListProblems.
pub(super) async fn list_problems(
    api: &RectificationApi,
    request: Request<pb::ListProblemsRequest>,
) -> Result<Response<pb::ListProblemsResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let r = request.into_inner();
    let mut v = Violations::new();
    v.optional_enumeration(
        "source",
        r.source,
        pb::ProblemSource::try_from(r.source).is_ok(),
    );
    v.finish().map_err(SupervisionError::from)?;
    let selection = format!(
        "tour_id={};source={};source_reference={}",
        r.tour_id, r.source, r.source_reference
    );
    let (records, next_page_token) = api
        .ledger
        .list_problems(
            &reach,
            &ListRequest::of(&r).selecting(&selection),
            &r.tour_id,
            r.source,
            &r.source_reference,
        )
        .await?;
    Ok(Response::new(pb::ListProblemsResponse {
        problems: problems(&records),
        next_page_token,
    }))
}
