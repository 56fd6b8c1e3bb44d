//! The statistics RPC of `OversightService`.

use qinglian_api::oversight::v1 as pb;
use qinglian_domain::validate::Violations;
use tonic::{Request, Response, Status};

use super::{OversightApi, call_info};
use crate::error::OversightError;

/// GetOversightStatistics; every role may read.
pub(super) async fn get(
    api: &OversightApi,
    request: Request<pb::GetOversightStatisticsRequest>,
) -> Result<Response<pb::GetOversightStatisticsResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let r = request.into_inner();
    let mut v = Violations::new();
    if !(1949..=9999).contains(&r.year) {
        v.add("year", "must be a calendar year from 1949");
    }
    v.id("organisation_unit_id", &r.organisation_unit_id, false);
    v.finish().map_err(OversightError::from)?;
    // A scoped caller reads its own organisation's figures, never the whole deployment's.
    if r.organisation_unit_id.is_empty() && caller.unit.is_some() {
        return Err(caller.denied("read the figures of every organisation"));
    }
    if !r.organisation_unit_id.is_empty() {
        api.require_scope(&caller, &r.organisation_unit_id).await?;
    }
    let (figures, laws_inspected) = api
        .statistics
        .of_organisation(r.year, &r.organisation_unit_id)
        .await?;
    Ok(Response::new(pb::GetOversightStatisticsResponse {
        year: r.year,
        figures,
        laws_inspected,
    }))
}
