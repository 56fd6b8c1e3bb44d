//! OpenTelemetry export (feature `otel`): with `log.otlp_endpoint` set, the span of a real gRPC call to
//! the task-assignment service reaches an OTLP collector, under `service.name` = `qinglian-tasks`.
//! The collector is a small OTLP/gRPC trace receiver started by the test on a real socket.
//!
//! Run with `cargo test -p qinglian-tasks --features otel --test otel`.
#![cfg(feature = "otel")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{
    TraceService, TraceServiceServer,
};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::KeyValue;
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use qinglian_api::tasks::v1::ListUnitsRequest;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_kit::auth::{BearerToken, Role, TokenKeys, load_key};
use qinglian_kit::clock::Clock;
use qinglian_kit::settings::{LogFormat, LogSettings};
use qinglian_kit::shutdown::CancellationToken;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;

/// One span as the collector received it: the sending service, the span's name and attributes.
#[derive(Clone, Debug)]
struct ReceivedSpan {
    service: String,
    name: String,
    attributes: Vec<(String, String)>,
}

/// The OTLP trace receiver: keeps every span it is sent.
#[derive(Clone, Debug, Default)]
struct Collector {
    spans: Arc<Mutex<Vec<ReceivedSpan>>>,
}

#[tonic::async_trait]
impl TraceService for Collector {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        let mut received = Vec::new();
        for resource_spans in request.into_inner().resource_spans {
            let attributes = resource_spans
                .resource
                .map(|r| r.attributes)
                .unwrap_or_default();
            let service = text_of(&attributes, "service.name").unwrap_or_default();
            for span in resource_spans.scope_spans.into_iter().flat_map(|s| s.spans) {
                received.push(ReceivedSpan {
                    service: service.clone(),
                    name: span.name,
                    attributes: span
                        .attributes
                        .iter()
                        .filter_map(|kv| Some((kv.key.clone(), text(kv)?)))
                        .collect(),
                });
            }
        }
        self.spans
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(received);
        Ok(tonic::Response::new(ExportTraceServiceResponse::default()))
    }
}

fn text(kv: &KeyValue) -> Option<String> {
    match kv.value.as_ref()?.value.as_ref()? {
        Value::StringValue(s) => Some(s.clone()),
        _ => None,
    }
}

fn text_of(attributes: &[KeyValue], key: &str) -> Option<String> {
    attributes.iter().find(|kv| kv.key == key).and_then(text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_span_of_a_call_reaches_the_collector() {
    let collector = Collector::default();
    let receiver = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let collector_addr = receiver.local_addr().expect("addr");
    let receiving = tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(TraceServiceServer::new(collector.clone()))
            .serve_with_incoming(TcpListenerStream::new(receiver)),
    );

    let telemetry = qinglian_kit::telemetry::init(
        &LogSettings {
            filter: "info".to_owned(),
            format: LogFormat::Text,
            otlp_endpoint: format!("http://{collector_addr}"),
        },
        "qinglian-tasks",
    )
    .expect("telemetry");

    let dir = tempfile::tempdir().expect("dir");
    let mut settings = qinglian_tasks::settings::Settings::defaults(dir.path());
    settings.admin.listen = ([127, 0, 0, 1], 0).into();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let app = qinglian_tasks::Application::build_with(&settings, listener, Clock::system())
        .await
        .expect("build");
    let addr = app.local_addr().expect("addr");
    let shutdown = CancellationToken::new();
    let serving = tokio::spawn(app.run_until_stopped(shutdown.clone()));

    let secret = load_key(&settings.auth.key_file).expect("key");
    let token = TokenKeys::from_secret(&secret, &settings.auth.issuer)
        .and_then(|keys| keys.issue("otel-test", Role::Admin, None, Duration::from_secs(60)))
        .expect("token");
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .expect("endpoint")
        .connect()
        .await
        .expect("connect");
    let mut directory = DirectoryServiceClient::with_interceptor(
        channel,
        BearerToken::new(&token).expect("bearer"),
    );
    directory
        .list_units(ListUnitsRequest::default())
        .await
        .expect("a real call");

    // Shutting the export down sends the batch still queued.
    telemetry.shutdown().await;
    let spans = collector
        .spans
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let call = spans
        .iter()
        .find(|span| {
            span.name == "grpc"
                && span.attributes.contains(&(
                    "method".to_owned(),
                    "/qinglian.tasks.v1.DirectoryService/ListUnits".to_owned(),
                ))
        })
        .unwrap_or_else(|| panic!("no span of the call among {spans:#?}"));
    assert_eq!(call.service, "qinglian-tasks");

    shutdown.cancel();
    serving.await.expect("join").expect("served");
    receiving.abort();
}
