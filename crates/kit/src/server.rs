//! The server bootstrap shared by every service: its own services behind the token interceptor, plus
//! the audit and event services over its store, gRPC health and server reflection (open to all), a
//! tracing span and metrics per request, optional TLS (mutual when a client authority is set), and a
//! graceful drain bounded in time.

use std::sync::Arc;
use std::time::Duration;

use qinglian_api::common::v1::audit_service_server::AuditServiceServer;
use qinglian_api::common::v1::event_service_server::EventServiceServer;
use qinglian_store::Store;
use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;
use tonic_health::ServingStatus;

use crate::audit_service::AuditApi;
use crate::auth::{AuthInterceptor, TokenKeys};
use crate::call::CalledMethod;
use crate::event_service::EventApi;
use crate::shutdown::CancellationToken;

mod durable;

pub use durable::{DurableAnswers, DurableAnswersLayer};

/// What the shared services of one service process need.
#[derive(Clone, Debug)]
pub struct Host {
    /// The service's store.
    pub store: Store,
    /// Token keys.
    pub keys: Arc<TokenKeys>,
    /// Cancelled when the service must stop.
    pub shutdown: CancellationToken,
    /// Error domain of the service, e.g. tasks.qinglian.
    pub domain: &'static str,
    /// The service's metrics: every call is counted into them.
    pub metrics: crate::metrics::Metrics,
    /// TLS of the listener (from `[server.tls]`); plaintext when None.
    pub tls: Option<tonic::transport::ServerTlsConfig>,
}

impl Host {
    /// The interceptor that guards every RPC but health and reflection.
    pub fn interceptor(&self) -> AuthInterceptor {
        AuthInterceptor::new(self.keys.clone())
    }
}

/// How a server stops once its host's shutdown token is cancelled, the Kubernetes way.
#[derive(Clone, Copy, Debug)]
pub struct Drain {
    /// How long it goes on accepting and answering while health says NOT_SERVING.
    pub delay: Duration,
    /// How long in-flight calls then get to finish before the server stops anyway.
    pub grace: Duration,
}

/// Serves `routes` (the service's own, already behind the interceptor) on `listener` until the host's
/// shutdown token is cancelled; then health turns NOT_SERVING at once while calls, new ones on new
/// and open connections too, are still answered for `drain.delay`; then new connections are refused
/// and in-flight calls get `drain.grace` to finish before the server stops anyway.
pub async fn serve(
    listener: TcpListener,
    mut routes: RoutesBuilder,
    service_names: &[&'static str],
    host: &Host,
    drain: Drain,
) -> Result<(), tonic::transport::Error> {
    // Open event streams go on through the drain delay, and end when the port stops accepting.
    let streams_end = CancellationToken::new();
    routes.add_service(AuditServiceServer::with_interceptor(
        AuditApi::new(host.store.clone(), host.domain),
        host.interceptor(),
    ));
    routes.add_service(EventServiceServer::with_interceptor(
        EventApi::new(
            host.store.clone(),
            streams_end.clone(),
            host.domain,
            host.metrics.outbox_watchers(),
        ),
        host.interceptor(),
    ));

    let (health, health_service) = tonic_health::server::health_reporter();
    let mut names: Vec<&'static str> = service_names.to_vec();
    names.push(<AuditServiceServer<AuditApi> as NamedService>::NAME);
    names.push(<EventServiceServer<EventApi> as NamedService>::NAME);
    for name in &names {
        health
            .set_service_status(*name, ServingStatus::Serving)
            .await;
    }
    routes.add_service(health_service);
    add_reflection(&mut routes, &names);

    let shutdown = host.shutdown.clone();
    let stop_accepting = {
        let shutdown = shutdown.clone();
        async move {
            shutdown.cancelled().await;
            health
                .set_service_status("", ServingStatus::NotServing)
                .await;
            for name in names {
                health
                    .set_service_status(name, ServingStatus::NotServing)
                    .await;
            }
            tracing::info!(
                delay_ms = drain.delay.as_millis(),
                "not serving: still answering while load balancers remove this endpoint"
            );
            tokio::time::sleep(drain.delay).await;
            streams_end.cancel();
            tracing::info!("draining in-flight calls");
        }
    };
    let mut builder = tonic::transport::Server::builder();
    if let Some(tls) = host.tls.clone() {
        builder = builder.tls_config(tls)?;
    }
    let server = builder
        .trace_fn(|request| tracing::info_span!("grpc", method = %request.uri().path()))
        .layer(tower::util::MapRequestLayer::new(remember_method))
        .layer(host.metrics.grpc_layer())
        .layer(DurableAnswersLayer::new(host.domain))
        .add_routes(routes.routes())
        .serve_with_incoming_shutdown(incoming(listener), stop_accepting);
    tokio::pin!(server);
    let give_up = async {
        shutdown.cancelled().await;
        tokio::time::sleep(drain.delay + drain.grace).await;
    };
    tokio::select! {
        result = &mut server => result,
        () = give_up => {
            tracing::warn!(grace_secs = drain.grace.as_secs(), "in-flight calls outlived the grace period; stopping");
            Ok(())
        }
    }
}

/// Serves reflection (v1 and v1alpha) so that grpcurl and generic clients need no proto files. It
/// advertises only what this server answers: `served` (its own services and the shared ones), health
/// and reflection itself; every contract's descriptors stay resolvable for the types they use.
fn add_reflection(routes: &mut RoutesBuilder, served: &[&'static str]) {
    let builder = || {
        let mut builder = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(qinglian_api::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
            // Both versions' descriptors, so each version resolves every name the other lists.
            .include_reflection_service(false)
            .register_encoded_file_descriptor_set(tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET)
            .register_encoded_file_descriptor_set(
                tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
            )
            .with_service_name(HEALTH_SERVICE);
        for name in served.iter().chain(REFLECTION_SERVICES) {
            builder = builder.with_service_name(*name);
        }
        builder
    };
    match builder().build_v1() {
        Ok(v1) => {
            routes.add_service(v1);
        }
        Err(e) => tracing::warn!(error = %e, "server reflection v1 disabled"),
    }
    match builder().build_v1alpha() {
        Ok(v1alpha) => {
            routes.add_service(v1alpha);
        }
        Err(e) => tracing::warn!(error = %e, "server reflection v1alpha disabled"),
    }
}

/// The standard gRPC health service, answered on every port.
const HEALTH_SERVICE: &str = "grpc.health.v1.Health";
/// The reflection services (both versions) a client asks for the others' descriptors.
const REFLECTION_SERVICES: &[&str] = &[
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

fn remember_method(
    mut request: http::Request<tonic::body::Body>,
) -> http::Request<tonic::body::Body> {
    let method = CalledMethod(request.uri().path().to_owned());
    request.extensions_mut().insert(method);
    request
}

/// Accepted connections with TCP_NODELAY: replies go out at once instead of waiting for the peer's
/// delayed acknowledgement (tens of milliseconds on larger responses).
fn incoming(listener: TcpListener) -> tonic::transport::server::TcpIncoming {
    tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true))
}
