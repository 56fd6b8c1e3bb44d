//! `qinglian.tasks.v1.DutyService`.

use qinglian_api::tasks::v1::{self as pb, duty_service_server::DutyService};
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::conversions;
use crate::duties::{ComplianceState, Duties, require_recorder, require_rule_admin};
use crate::duties::{FulfilmentFields, RuleFields, RulePatch};
use crate::error::TasksError;

/// The duty API.
#[derive(Clone, Debug)]
pub struct DutyApi {
    duties: Duties,
}

impl DutyApi {
    /// Serves `duties`.
    pub fn new(duties: Duties) -> Self {
        Self { duties }
    }
}

#[tonic::async_trait]
impl DutyService for DutyApi {
    async fn create_duty_rule(
        &self,
        request: Request<pb::CreateDutyRuleRequest>,
    ) -> Result<Response<pb::CreateDutyRuleResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_rule_admin(&caller)?;
        let request = request.into_inner();
        let fields = RuleFields::parse(&request.duty_rule.clone().unwrap_or_default())
            .map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.duties.create_rule(&caller, context, fields).await?;
        Ok(Response::new(pb::CreateDutyRuleResponse {
            duty_rule: Some(pb::DutyRule::from(&record)),
        }))
    }

    async fn get_duty_rule(
        &self,
        request: Request<pb::GetDutyRuleRequest>,
    ) -> Result<Response<pb::GetDutyRuleResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let record = self.duties.get_rule(&caller, &request.get_ref().id).await?;
        Ok(Response::new(pb::GetDutyRuleResponse {
            duty_rule: Some(pb::DutyRule::from(&record)),
        }))
    }

    async fn list_duty_rules(
        &self,
        request: Request<pb::ListDutyRulesRequest>,
    ) -> Result<Response<pb::ListDutyRulesResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .duties
            .list_rules(&caller, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListDutyRulesResponse {
            duty_rules: page.items.iter().map(pb::DutyRule::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn update_duty_rule(
        &self,
        request: Request<pb::UpdateDutyRuleRequest>,
    ) -> Result<Response<pb::UpdateDutyRuleResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_rule_admin(&caller)?;
        let request = request.into_inner();
        let patch = RulePatch::parse(
            &request.duty_rule.clone().unwrap_or_default(),
            request.update_mask.as_ref(),
            &request.effective_date,
        )
        .map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self.duties.update_rule(&caller, context, patch).await?;
        Ok(Response::new(pb::UpdateDutyRuleResponse {
            duty_rule: Some(pb::DutyRule::from(&record)),
        }))
    }

    async fn record_fulfilment(
        &self,
        request: Request<pb::RecordFulfilmentRequest>,
    ) -> Result<Response<pb::RecordFulfilmentResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_recorder(&caller)?;
        let request = request.into_inner();
        let fields = FulfilmentFields::parse(&request.fulfilment.clone().unwrap_or_default())
            .map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let fulfilment = self
            .duties
            .record_fulfilment(&caller, context, fields)
            .await?;
        Ok(Response::new(pb::RecordFulfilmentResponse {
            fulfilment: Some(pb::Fulfilment::from(&fulfilment)),
        }))
    }

    async fn list_fulfilments(
        &self,
        request: Request<pb::ListFulfilmentsRequest>,
    ) -> Result<Response<pb::ListFulfilmentsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .duties
            .list_fulfilments(&caller, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListFulfilmentsResponse {
            fulfilments: page.items.iter().map(pb::Fulfilment::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn get_duty_compliance(
        &self,
        request: Request<pb::GetDutyComplianceRequest>,
    ) -> Result<Response<pb::GetDutyComplianceResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        let query = conversions::compliance_query(&request).map_err(TasksError::from)?;
        // A read, but evaluating a period may store its expected subjects: that write is serialised
        // like any mutation, without a request id.
        let context = context(&caller, method, "", &request)?;
        let (as_of, entries) = self.duties.compliance(&caller, context, &query).await?;
        let behind = entries
            .iter()
            .filter(|e| e.state == ComplianceState::Behind)
            .map(pb::DutyComplianceEntry::from)
            .collect();
        Ok(Response::new(pb::GetDutyComplianceResponse {
            as_of_date: as_of.to_string(),
            entries: entries.iter().map(pb::DutyComplianceEntry::from).collect(),
            behind,
        }))
    }
}
