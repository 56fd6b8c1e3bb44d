//! `qinglian.tasks.v1.EscalationService`.

use qinglian_api::tasks::v1::{self as pb, escalation_service_server::EscalationService};
use qinglian_domain::deadlines::Subject;
use qinglian_domain::validate::Violations;
use qinglian_kit::auth::Role;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::assignments::require_admin;
use crate::error::TasksError;
use crate::escalations::{Escalations, TaskDeadline};

/// The escalation API.
#[derive(Clone, Debug)]
pub struct EscalationApi {
    escalations: Escalations,
}

impl EscalationApi {
    /// Serves `escalations`.
    pub fn new(escalations: Escalations) -> Self {
        Self { escalations }
    }
}

#[tonic::async_trait]
impl EscalationService for EscalationApi {
    async fn run_sweep(
        &self,
        request: Request<pb::RunSweepRequest>,
    ) -> Result<Response<pb::RunSweepResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        require_admin(&caller, "run the escalation sweep")?;
        caller.require_unscoped("run the escalation sweep")?;
        let outcome = self.escalations.sweep(&caller).await?;
        Ok(Response::new(pb::RunSweepResponse {
            tasks_examined: i64::try_from(outcome.examined).unwrap_or(i64::MAX),
            escalations_raised: i64::try_from(outcome.raised).unwrap_or(i64::MAX),
            as_of_date: outcome.as_of.format("%Y-%m-%d").to_string(),
        }))
    }

    async fn list_escalations(
        &self,
        request: Request<pb::ListEscalationsRequest>,
    ) -> Result<Response<pb::ListEscalationsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        caller.require(&Role::ALL, "list escalations")?;
        let r = request.into_inner();
        let recipient = (!r.recipient_id.is_empty()).then_some(r.recipient_id.as_str());
        let page = self
            .escalations
            .list(
                &caller,
                recipient,
                &ListRequest::of(&r).selecting(&r.recipient_id),
            )
            .await?;
        Ok(Response::new(pb::ListEscalationsResponse {
            escalations: page.items.iter().map(TaskDeadline::warning).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn acknowledge_escalation(
        &self,
        request: Request<pb::AcknowledgeEscalationRequest>,
    ) -> Result<Response<pb::AcknowledgeEscalationResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("id", &request.id, true);
        v.finish().map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let escalation = self
            .escalations
            .acknowledge(&caller, context, &request.id)
            .await?;
        Ok(Response::new(pb::AcknowledgeEscalationResponse {
            escalation: Some(TaskDeadline::warning(&escalation)),
        }))
    }

    async fn set_escalation_policy(
        &self,
        request: Request<pb::SetEscalationPolicyRequest>,
    ) -> Result<Response<pb::SetEscalationPolicyResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "set escalation policies")?;
        let request = request.into_inner();
        let policy = request.policy.clone().unwrap_or_default();
        let mut v = Violations::new();
        v.id("policy.plan_id", &policy.plan_id, false);
        if policy.yellow_days < 0 {
            v.add("policy.yellow_days", "must not be negative");
        }
        if policy.green_days <= policy.yellow_days {
            v.add("policy.green_days", "must be greater than yellow_days");
        }
        v.finish().map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        self.escalations
            .set_policy(
                &caller,
                context,
                &policy.plan_id,
                policy.green_days,
                policy.yellow_days,
            )
            .await?;
        let stored = self
            .escalations
            .get_policy(&caller, &policy.plan_id)
            .await?;
        Ok(Response::new(pb::SetEscalationPolicyResponse {
            policy: Some((&stored).into()),
        }))
    }

    async fn get_escalation_policy(
        &self,
        request: Request<pb::GetEscalationPolicyRequest>,
    ) -> Result<Response<pb::GetEscalationPolicyResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let plan_id = &request.get_ref().plan_id;
        let mut v = Violations::new();
        v.id("plan_id", plan_id, false);
        v.finish().map_err(TasksError::from)?;
        let policy = self.escalations.get_policy(&caller, plan_id).await?;
        Ok(Response::new(pb::GetEscalationPolicyResponse {
            policy: Some((&policy).into()),
        }))
    }
}
