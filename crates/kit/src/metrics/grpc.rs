//! Every gRPC call logged (one line with method, code and latency, inside the call's span), counted by
//! method and code, timed, and counted while in flight: one tower layer over every service of the
//! server (health and reflection too; their lines are at debug level).
//!
//! The code is `grpc-status` in the headers of a trailers-only error, else OK (a server stream that fails after it opened reports that in its trailers, which
//! this layer does not wait for). Latency and in-flight end when the response headers are ready, so
//! for a server stream they cover its opening. A call the client abandons first counts as
//! CANCELLED. Methods outside the contracts served are labelled `unknown`, so that stray paths
//! cannot grow the label set.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::LazyLock;
use std::task::{Context, Poll};
use std::time::Instant;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use prost::Message;
use tower::{Layer, Service};

/// Upper bounds of the latency buckets, in seconds: 1 ms to 10 s.
const LATENCY_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Label of a method outside the contracts served.
const UNKNOWN_METHOD: &str = "unknown";

/// Every `/package.Service/Method` path of the contracts a Qinglian server serves.
static KNOWN_METHODS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut methods = HashSet::new();
    for set in [
        qinglian_api::FILE_DESCRIPTOR_SET,
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ] {
        let Ok(files) = prost_types::FileDescriptorSet::decode(set) else {
            continue;
        };
        for file in files.file {
            for service in &file.service {
                for method in &service.method {
                    methods.insert(format!(
                        "/{}.{}/{}",
                        file.package(),
                        service.name(),
                        method.name()
                    ));
                }
            }
        }
    }
    methods
});

/// The `method` label of a call to `path`.
fn method_label(path: &str) -> String {
    if KNOWN_METHODS.contains(path) {
        path.to_owned()
    } else {
        UNKNOWN_METHOD.to_owned()
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    method: String,
    code: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The gRPC call metrics of one registry.
#[derive(Clone, Debug)]
pub struct GrpcMetrics {
    calls: Family<CallLabels, Counter>,
    latency: Family<MethodLabels, Histogram, fn() -> Histogram>,
    in_flight: Family<MethodLabels, Gauge>,
}

impl GrpcMetrics {
    /// The call metrics, registered in `registry`.
    pub(super) fn registered(registry: &mut Registry) -> Self {
        let metrics = Self {
            calls: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            in_flight: Family::default(),
        };
        registry.register(
            "grpc_requests",
            "gRPC calls answered, by method and status code",
            metrics.calls.clone(),
        );
        registry.register_with_unit(
            "grpc_request_duration",
            "Time from a gRPC call's arrival to its response headers, by method",
            Unit::Seconds,
            metrics.latency.clone(),
        );
        registry.register(
            "grpc_requests_in_flight",
            "gRPC calls being handled, by method",
            metrics.in_flight.clone(),
        );
        metrics
    }
}

/// Counts and times every call that passes through it.
#[derive(Clone, Debug)]
pub struct GrpcMetricsLayer {
    metrics: GrpcMetrics,
}

impl GrpcMetricsLayer {
    /// The layer feeding `metrics`.
    pub fn new(metrics: GrpcMetrics) -> Self {
        Self { metrics }
    }
}

impl<S> Layer<S> for GrpcMetricsLayer {
    type Service = GrpcMetricsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GrpcMetricsService {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

/// The service wrapper of [`GrpcMetricsLayer`].
#[derive(Clone, Debug)]
pub struct GrpcMetricsService<S> {
    inner: S,
    metrics: GrpcMetrics,
}

impl<S, B, R> Service<http::Request<B>> for GrpcMetricsService<S>
where
    S: Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
    S::Error: 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let mut call = Call::start(self.metrics.clone(), request.uri().path());
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = response.await;
            let code = match &response {
                Ok(response) => code_name(
                    response
                        .headers()
                        .get("grpc-status")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                ),
                Err(_) => "UNKNOWN",
            };
            call.finish(code);
            response
        })
    }
}

/// One call being handled: in flight until finished or dropped (a dropped call counts as CANCELLED).
struct Call {
    metrics: GrpcMetrics,
    path: String,
    labels: MethodLabels,
    started: Instant,
    finished: bool,
}

impl Call {
    fn start(metrics: GrpcMetrics, path: &str) -> Self {
        let labels = MethodLabels {
            method: method_label(path),
        };
        metrics.in_flight.get_or_create(&labels).inc();
        Self {
            metrics,
            path: path.to_owned(),
            labels,
            started: Instant::now(),
            finished: false,
        }
    }

    fn finish(&mut self, code: &'static str) {
        if self.finished {
            return;
        }
        self.finished = true;
        let (method, elapsed_ms) = (&self.path, self.started.elapsed().as_secs_f64() * 1e3);
        if method.starts_with("/grpc.") {
            tracing::debug!(method, code, elapsed_ms, "call finished");
        } else {
            tracing::info!(method, code, elapsed_ms, "call finished");
        }
        let metrics = &self.metrics;
        metrics.in_flight.get_or_create(&self.labels).dec();
        metrics
            .latency
            .get_or_create(&self.labels)
            .observe(self.started.elapsed().as_secs_f64());
        metrics
            .calls
            .get_or_create(&CallLabels {
                method: self.labels.method.clone(),
                code,
            })
            .inc();
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        self.finish("CANCELLED");
    }
}

/// The canonical name of gRPC status code `code`.
fn code_name(code: i32) -> &'static str {
    match code {
        0 => "OK",
        1 => "CANCELLED",
        3 => "INVALID_ARGUMENT",
        4 => "DEADLINE_EXCEEDED",
        5 => "NOT_FOUND",
        6 => "ALREADY_EXISTS",
        7 => "PERMISSION_DENIED",
        8 => "RESOURCE_EXHAUSTED",
        9 => "FAILED_PRECONDITION",
        10 => "ABORTED",
        11 => "OUT_OF_RANGE",
        12 => "UNIMPLEMENTED",
        13 => "INTERNAL",
        14 => "UNAVAILABLE",
        15 => "DATA_LOSS",
        16 => "UNAUTHENTICATED",
        _ => "UNKNOWN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_methods_keep_their_path_and_stray_paths_are_unknown() {
        for known in [
            "/qinglian.tasks.v1.TaskService/CreatePlan",
            "/qinglian.common.v1.EventService/WatchEvents",
            "/grpc.health.v1.Health/Check",
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        ] {
            assert_eq!(method_label(known), known);
        }
        assert_eq!(
            method_label("/qinglian.tasks.v1.TaskService/Nope"),
            "unknown"
        );
        assert_eq!(method_label("/random"), "unknown");
    }

    #[test]
    fn codes_have_their_canonical_names() {
        assert_eq!(code_name(0), "OK");
        assert_eq!(code_name(5), "NOT_FOUND");
        assert_eq!(code_name(16), "UNAUTHENTICATED");
        assert_eq!(code_name(2), "UNKNOWN");
        assert_eq!(code_name(99), "UNKNOWN");
    }
}
