//! What the report asks of the other two services, over gRPC with deadlines: the year's plans and
//! their task counts and the duty compliance from task assignment; the supervision statistics from
//! supervision records.

use std::sync::Arc;

use qinglian_api::supervision::v1::statistics_service_client::StatisticsServiceClient;
use qinglian_api::supervision::v1::{
    GetSupervisionStatisticsRequest, GetSupervisionStatisticsResponse,
};
use qinglian_api::tasks::v1::duty_service_client::DutyServiceClient;
use qinglian_api::tasks::v1::task_service_client::TaskServiceClient;
use qinglian_api::tasks::v1::{
    GetDutyComplianceRequest, GetPlanStatisticsRequest, ListPlansRequest, Plan, PlanStatistics,
    get_duty_compliance_request,
};
use qinglian_kit::auth::TokenKeys;
use qinglian_kit::peers::{AuthedChannel, Peer, PeerError, PeerSettings};
use tonic::Request;

/// The task-assignment service, for the report.
#[derive(Clone, Debug)]
pub struct TasksPeer {
    peer: Peer,
}

/// Expected and delivered occurrences of an organisation's duties in a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DutyTotals {
    /// Occurrences the rules expect.
    pub expected: i64,
    /// Occurrences recorded.
    pub delivered: i64,
}

impl TasksPeer {
    /// A client of the service at `settings.tasks`, calling as the service `subject`.
    pub fn new(
        settings: &PeerSettings,
        keys: Arc<TokenKeys>,
        subject: &str,
    ) -> Result<Self, String> {
        Ok(Self {
            peer: Peer::new("tasks", &settings.tasks, settings, keys, subject)?,
        })
    }

    /// Every plan `unit_id` issued for `year`.
    pub async fn plans(&self, unit_id: &str, year: i32) -> Result<Vec<Plan>, PeerError> {
        let request = ListPlansRequest {
            page_size: 1000,
            filter: format!("year = {year} AND issuing_unit_id = \"{unit_id}\""),
            order_by: "create_time".to_owned(),
            ..Default::default()
        };
        self.peer
            .all_pages(
                |channel: AuthedChannel, request: Request<ListPlansRequest>| async move {
                    TaskServiceClient::new(channel)
                        .list_plans(request)
                        .await
                        .map(|r| {
                            let page = r.into_inner();
                            (page.plans, page.next_page_token)
                        })
                },
                request,
            )
            .await
    }

    /// The task counts of one plan.
    pub async fn plan_statistics(&self, plan_id: &str) -> Result<PlanStatistics, PeerError> {
        let request = GetPlanStatisticsRequest {
            plan_id: plan_id.to_owned(),
            ..Default::default()
        };
        self.peer
            .call(
                |channel: AuthedChannel, request: Request<GetPlanStatisticsRequest>| async move {
                    TaskServiceClient::new(channel)
                        .get_plan_statistics(request)
                        .await
                        .map(|r| r.into_inner().statistics.unwrap_or_default())
                },
                request,
            )
            .await
    }

    /// The duty occurrences `unit_id`'s rules expected and got in `year`.
    pub async fn duties(&self, unit_id: &str, year: i32) -> Result<DutyTotals, PeerError> {
        let request = GetDutyComplianceRequest {
            target: Some(get_duty_compliance_request::Target::UnitId(
                unit_id.to_owned(),
            )),
            span: Some(get_duty_compliance_request::Span::Year(year)),
            as_of_date: String::new(),
        };
        let entries = self
            .peer
            .call(
                |channel: AuthedChannel, request: Request<GetDutyComplianceRequest>| async move {
                    DutyServiceClient::new(channel)
                        .get_duty_compliance(request)
                        .await
                        .map(|r| r.into_inner().entries)
                },
                request,
            )
            .await?;
        Ok(entries
            .iter()
            .fold(DutyTotals::default(), |totals, entry| DutyTotals {
                expected: totals.expected + i64::from(entry.expected),
                delivered: totals.delivered + i64::from(entry.delivered.min(entry.expected)),
            }))
    }
}

/// The supervision-records service, for the report.
#[derive(Clone, Debug)]
pub struct SupervisionPeer {
    peer: Peer,
}

impl SupervisionPeer {
    /// A client of the service at `settings.supervision`, calling as the service `subject`.
    pub fn new(
        settings: &PeerSettings,
        keys: Arc<TokenKeys>,
        subject: &str,
    ) -> Result<Self, String> {
        Ok(Self {
            peer: Peer::new(
                "supervision",
                &settings.supervision,
                settings,
                keys,
                subject,
            )?,
        })
    }

    /// The supervision statistics of `unit_id`'s subtree in `year`.
    pub async fn statistics(
        &self,
        unit_id: &str,
        year: i32,
    ) -> Result<GetSupervisionStatisticsResponse, PeerError> {
        let request = GetSupervisionStatisticsRequest {
            unit_id: unit_id.to_owned(),
            year,
        };
        self.peer
            .call(
                |channel: AuthedChannel, request: Request<GetSupervisionStatisticsRequest>| async move {
                    StatisticsServiceClient::new(channel)
                        .get_supervision_statistics(request)
                        .await
                        .map(|r| r.into_inner())
                },
                request,
            )
            .await
    }
}
