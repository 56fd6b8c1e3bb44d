//! A token scoped to one unit acts only inside that unit's subtree, on every RPC of every service:
//! a write about a record outside it is PERMISSION_DENIED and changes nothing, a read of such a record
//! is PERMISSION_DENIED (as is a read of a record that does not exist, so scope cannot probe), a list
//! returns none of them, and the deployment-wide RPCs (audit log, events, sweeps) refuse scoped tokens.
//! Each service's test names every RPC of its contract, checked against the descriptor set, so a new
//! RPC cannot be added without its scope case.

mod oversight;
mod supervision;
mod tasks;

use std::collections::BTreeSet;

use prost::Message;
use prost_types::FileDescriptorSet;
use qinglian_api::common::v1 as cpb;
use qinglian_api::common::v1::audit_service_client::AuditServiceClient;
use qinglian_api::common::v1::event_service_client::EventServiceClient;
use qinglian_test_support::Authed;
use tokio_stream::StreamExt;
use tonic::{Code, Status};

/// The code a call answered.
pub fn code<T>(answer: Result<T, Status>) -> Code {
    answer.map_or_else(|status| status.code(), |_| Code::Ok)
}

/// How many records a list call returned, or the code it failed with.
pub fn listed<T>(
    answer: Result<tonic::Response<T>, Status>,
    len: impl Fn(&T) -> usize,
) -> Result<usize, Code> {
    answer
        .map(|response| len(response.get_ref()))
        .map_err(|status| status.code())
}

/// Asserts that every call was refused as outside the caller's scope.
pub fn assert_denied(answers: &[(&str, Code)]) {
    let wrong: Vec<String> = answers
        .iter()
        .filter(|(_, code)| *code != Code::PermissionDenied)
        .map(|(rpc, code)| format!("{rpc}: {code:?}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "answered instead of PERMISSION_DENIED: {wrong:?}"
    );
}

/// Asserts that every list answered OK with nothing from outside the caller's scope.
pub fn assert_empty(lists: &[(&str, Result<usize, Code>)]) {
    let wrong: Vec<String> = lists
        .iter()
        .filter(|(_, answer)| *answer != Ok(0))
        .map(|(rpc, answer)| format!("{rpc}: {answer:?}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "listed records outside the scope: {wrong:?}"
    );
}

/// Asserts that `named` holds every method of the contract's `services` (full names, e.g.
/// `qinglian.supervision.v1.TalkService`); a test case may be named `Method (variant)`.
pub fn every_rpc_is_named(services: &[&str], named: &[&str]) {
    let set = FileDescriptorSet::decode(qinglian_api::FILE_DESCRIPTOR_SET).expect("descriptors");
    let mut methods = BTreeSet::new();
    for file in &set.file {
        for service in &file.service {
            let full = format!("{}.{}", file.package(), service.name());
            if services.contains(&full.as_str()) {
                methods.extend(service.method.iter().map(|m| m.name().to_owned()));
            }
        }
    }
    assert!(!methods.is_empty(), "no methods found for {services:?}");
    let named: BTreeSet<String> = named
        .iter()
        .map(|n| n.split(' ').next().unwrap_or_default().to_owned())
        .collect();
    let missing: Vec<&String> = methods.difference(&named).collect();
    assert!(missing.is_empty(), "RPCs without a scope case: {missing:?}");
}

/// How many events the audit log behind `audit` holds (the client sending an unscoped token).
pub async fn audit_events(audit: &mut AuditServiceClient<Authed>) -> usize {
    let first = cpb::ListAuditEventsRequest {
        page_size: 1000,
        ..Default::default()
    };
    qinglian_kit::client::all_pages(first, |request| {
        let mut audit = audit.clone();
        async move {
            let page = audit.list_audit_events(request).await?.into_inner();
            Ok::<_, tonic::Status>((page.audit_events, page.next_page_token))
        }
    })
    .await
    .expect("audit events")
    .len()
}

/// The code the deployment-wide RPCs answer `token` on the service at `addr`: the audit log's list
/// and verification and the event stream, whose refusal may come with its first message.
pub async fn deployment_wide(addr: std::net::SocketAddr, token: &str) -> [(&'static str, Code); 3] {
    let mut audit = AuditServiceClient::with_interceptor(
        qinglian_test_support::channel(addr).await,
        qinglian_test_support::bearer(token),
    );
    let mut events = EventServiceClient::with_interceptor(
        qinglian_test_support::channel(addr).await,
        qinglian_test_support::bearer(token),
    );
    let watched = match events
        .watch_events(cpb::WatchEventsRequest::default())
        .await
    {
        Ok(stream) => code(
            stream
                .into_inner()
                .next()
                .await
                .unwrap_or_else(|| Err(Status::ok("ended"))),
        ),
        Err(status) => status.code(),
    };
    [
        (
            "ListAuditEvents",
            code(
                audit
                    .list_audit_events(cpb::ListAuditEventsRequest::default())
                    .await,
            ),
        ),
        (
            "VerifyAuditChain",
            code(
                audit
                    .verify_audit_chain(cpb::VerifyAuditChainRequest {})
                    .await,
            ),
        ),
        ("WatchEvents", watched),
    ]
}
