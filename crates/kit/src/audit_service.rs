//! `qinglian.common.v1.AuditService` over a service's own audit log.

use qinglian_api::common::v1::{
    self as pb, ListAuditEventsRequest, ListAuditEventsResponse, VerifyAuditChainRequest,
    VerifyAuditChainResponse, audit_service_server::AuditService,
};
use qinglian_store::entities::audit_event;
use qinglian_store::page::{self, ListRequest};
use qinglian_store::{Store, audit};
use sea_orm::EntityTrait;
use tonic::{Request, Response, Status};

use crate::auth::{Caller, Role};
use crate::status;

/// Roles that may read the audit log.
const AUDITORS: &[Role] = &[Role::Admin, Role::Discipline];

/// The audit service of one Qinglian service.
#[derive(Clone, Debug)]
pub struct AuditApi {
    store: Store,
    domain: &'static str,
}

impl AuditApi {
    /// Serves the audit log of `store`, reporting errors in `domain`.
    pub fn new(store: Store, domain: &'static str) -> Self {
        Self { store, domain }
    }
}

#[tonic::async_trait]
impl AuditService for AuditApi {
    async fn list_audit_events(
        &self,
        request: Request<ListAuditEventsRequest>,
    ) -> Result<Response<ListAuditEventsResponse>, Status> {
        let caller = Caller::of(&request)?;
        caller.require(AUDITORS, "read the audit log")?;
        caller.require_unscoped("read the audit log")?;
        let request = request.into_inner();
        let page = page::list(
            self.store.conn(),
            &audit::list_spec(),
            audit_event::Entity::find(),
            &ListRequest::of(&request),
        )
        .await
        .map_err(|e| status::from_store(e, self.domain))?;
        Ok(Response::new(ListAuditEventsResponse {
            audit_events: page.items.into_iter().map(pb::AuditEvent::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn verify_audit_chain(
        &self,
        request: Request<VerifyAuditChainRequest>,
    ) -> Result<Response<VerifyAuditChainResponse>, Status> {
        let caller = Caller::of(&request)?;
        caller.require(AUDITORS, "verify the audit log")?;
        caller.require_unscoped("verify the audit log")?;
        let report = audit::verify_chain(self.store.conn())
            .await
            .map_err(|e| status::from_store(e, self.domain))?;
        if let Some((sequence, problem)) = report.broken {
            tracing::error!(sequence, problem, "audit chain broken");
        }
        Ok(Response::new(VerifyAuditChainResponse {
            intact: report.broken.is_none(),
            events_checked: report.events_checked,
            first_broken_sequence: report.broken.map_or(0, |(sequence, _)| sequence),
            problem: report.broken.map(|(_, p)| p.to_owned()).unwrap_or_default(),
        }))
    }
}
