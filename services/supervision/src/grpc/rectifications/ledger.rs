//! RectificationService: The ledger, its statistics and the deadline warnings.

use qinglian_api::supervision::v1 as pb;
use qinglian_domain::deadlines::Subject;
use qinglian_domain::validate::Violations;
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use crate::error::SupervisionError;
use crate::grpc::call_info;
use crate::grpc::context;
use crate::ledger::RectificationDeadline;
use crate::ledger::listing::LedgerSelection;
use crate::ledger::statistics::LedgerScope;

use super::{RectificationApi, required_id};

/// ListLedger.
pub(super) async fn list_ledger(
    api: &RectificationApi,
    request: Request<pb::ListLedgerRequest>,
) -> Result<Response<pb::ListLedgerResponse>, Status> {
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
        "tour_id={};source={};overdue_only={}",
        r.tour_id, r.source, r.overdue_only
    );
    let (records, next_page_token) = api
        .ledger
        .list_ledger(
            &reach,
            &ListRequest::of(&r).selecting(&selection),
            &LedgerSelection {
                tour_id: r.tour_id.clone(),
                source: r.source,
                overdue_only: r.overdue_only,
            },
        )
        .await?;
    Ok(Response::new(pb::ListLedgerResponse {
        rectifications: records.iter().map(|m| api.measure(m)).collect(),
        next_page_token,
    }))
}

/// GetLedgerStatistics.
pub(super) async fn get_ledger_statistics(
    api: &RectificationApi,
    request: Request<pb::GetLedgerStatisticsRequest>,
) -> Result<Response<pb::GetLedgerStatisticsResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let r = request.into_inner();
    // A scoped caller counts the measures of one unit within its reach, never the whole ledger.
    if reach.is_scoped() {
        reach.require([r.unit_id.as_str()])?;
    }
    let (rows, total, today) = api
        .ledger
        .statistics(&LedgerScope {
            tour_id: r.tour_id,
            unit_id: r.unit_id,
        })
        .await?;
    Ok(Response::new(pb::GetLedgerStatisticsResponse {
        rows: rows.into_iter().map(Into::into).collect(),
        total: Some(total.into()),
        as_of_date: today.format("%Y-%m-%d").to_string(),
    }))
}

/// RunLedgerSweep.
pub(super) async fn run_ledger_sweep(
    api: &RectificationApi,
    request: Request<pb::RunLedgerSweepRequest>,
) -> Result<Response<pb::RunLedgerSweepResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    caller.require(&[Role::Admin], "run the ledger sweep")?;
    caller.require_unscoped("run the ledger sweep")?;
    let outcome = api.ledger.sweep(&caller).await?;
    Ok(Response::new(pb::RunLedgerSweepResponse {
        rectifications_examined: i64::try_from(outcome.examined).unwrap_or(i64::MAX),
        escalations_raised: i64::try_from(outcome.raised).unwrap_or(i64::MAX),
        as_of_date: outcome.as_of.format("%Y-%m-%d").to_string(),
    }))
}

/// ListRectificationEscalations.
pub(super) async fn list_rectification_escalations(
    api: &RectificationApi,
    request: Request<pb::ListRectificationEscalationsRequest>,
) -> Result<Response<pb::ListRectificationEscalationsResponse>, Status> {
    let (caller, _) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let r = request.into_inner();
    let page = api
        .ledger
        .list_escalations(
            &caller,
            &reach,
            &r.recipient_id,
            &ListRequest::of(&r).selecting(&r.recipient_id),
        )
        .await?;
    Ok(Response::new(pb::ListRectificationEscalationsResponse {
        escalations: page
            .items
            .iter()
            .map(RectificationDeadline::warning)
            .collect(),
        next_page_token: page.next_page_token,
    }))
}

/// AcknowledgeRectificationEscalation.
pub(super) async fn acknowledge_rectification_escalation(
    api: &RectificationApi,
    request: Request<pb::AcknowledgeRectificationEscalationRequest>,
) -> Result<Response<pb::AcknowledgeRectificationEscalationResponse>, Status> {
    let (caller, method) = call_info(&request)?;
    let reach = api.reach(&caller).await?;
    let request = request.into_inner();
    required_id("id", &request.id)?;
    let context = context(&caller, method, &request.request_id, &request)?;
    let escalation = api
        .ledger
        .acknowledge_escalation(&caller, &reach, context, &request.id)
        .await?;
    Ok(Response::new(
        pb::AcknowledgeRectificationEscalationResponse {
            escalation: Some(RectificationDeadline::warning(&escalation)),
        },
    ))
}
