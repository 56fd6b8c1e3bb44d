//! Every gRPC call logged (one line with method, code and latency, inside the call's span), counted by
//! method and code, timed, and counted while in flight: one tower layer over every service of the
//! server (health and reflection too). Errors and writes are logged at info level; a call that
//! succeeds to a method its contract declares `idempotency_level = NO_SIDE_EFFECTS` (the Gets and
//! Lists, WatchEvents, VerifyAuditChain, LintReport, DiffReports), or to health and reflection, is logged at debug level.
//!
//! The code is `grpc-status` in the headers of a trailers-only error, else OK (a server stream that fails after it opened reports that in its trailers, which
//! this layer does not wait for). Latency and in-flight end when the response headers are ready, so
//! for a server stream they cover its opening. A call the client abandons first counts as
//! CANCELLED. Methods outside the contracts served are labelled `unknown`, so that stray paths
//! cannot grow the label set.

use std::collections::HashMap;
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

/// What the contracts declare about one method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Method {
    /// The `/package.Service/Method` path, which is also its label.
    label: &'static str,
    /// Declared `idempotency_level = NO_SIDE_EFFECTS` in its contract (or a protocol method:
    /// health and reflection): a call that succeeds is logged at debug level.
    read: bool,
}

const UNKNOWN: Method = Method {
    label: UNKNOWN_METHOD,
    read: false,
};

/// Every method of the contracts a Qinglian server serves, by path. The paths are leaked once, so
/// that labelling a call allocates nothing.
static KNOWN_METHODS: LazyLock<HashMap<&'static str, Method>> = LazyLock::new(|| {
    let mut methods = HashMap::new();
    for (set, protocol) in [
        (qinglian_api::FILE_DESCRIPTOR_SET, false),
        (tonic_health::pb::FILE_DESCRIPTOR_SET, true),
        (tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET, true),
        (tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET, true),
    ] {
        let Ok(files) = prost_types::FileDescriptorSet::decode(set) else {
            continue;
        };
        for file in files.file {
            for service in &file.service {
                for method in &service.method {
                    let path: &'static str = Box::leak(
                        format!("/{}.{}/{}", file.package(), service.name(), method.name())
                            .into_boxed_str(),
                    );
                    let read = protocol || declares_no_side_effects(method);
                    methods.insert(path, Method { label: path, read });
                }
            }
        }
    }
    methods
});

/// Whether the contract declares `method` free of side effects.
fn declares_no_side_effects(method: &prost_types::MethodDescriptorProto) -> bool {
    use prost_types::method_options::IdempotencyLevel;
    method
        .options
        .as_ref()
        .is_some_and(|o| o.idempotency_level() == IdempotencyLevel::NoSideEffects)
}

/// What is known of the method at `path`.
fn method(path: &str) -> Method {
    KNOWN_METHODS.get(path).copied().unwrap_or(UNKNOWN)
}

/// The `method` label of a call to `path`.
#[cfg(test)]
fn method_label(path: &str) -> &'static str {
    method(path).label
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    method: &'static str,
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
    /// The path asked for (for the log line: a stray path is logged as asked).
    path: String,
    method: Method,
    started: Instant,
    finished: bool,
}

impl Call {
    fn start(metrics: GrpcMetrics, path: &str) -> Self {
        let method = method(path);
        metrics
            .in_flight
            .get_or_create(&MethodLabels {
                method: method.label,
            })
            .inc();
        Self {
            metrics,
            path: path.to_owned(),
            method,
            started: Instant::now(),
            finished: false,
        }
    }

    fn finish(&mut self, code: &'static str) {
        if self.finished {
            return;
        }
        self.finished = true;
        let elapsed = self.started.elapsed();
        let (method, elapsed_ms) = (&self.path, elapsed.as_secs_f64() * 1e3);
        // Writes and errors are always in the request log; a successful read only at debug.
        if self.method.read && code == "OK" {
            tracing::debug!(method, code, elapsed_ms, "call finished");
        } else {
            tracing::info!(method, code, elapsed_ms, "call finished");
        }
        let labels = MethodLabels {
            method: self.method.label,
        };
        let metrics = &self.metrics;
        metrics.in_flight.get_or_create(&labels).dec();
        metrics
            .latency
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
        metrics
            .calls
            .get_or_create(&CallLabels {
                method: self.method.label,
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

    /// The request log keeps every write: a method declared free of side effects takes no
    /// request id, and every other method of the contracts takes one, or no field at all
    /// (the sweeps, whose re-run raises nothing twice).
    #[test]
    fn only_methods_without_side_effects_are_reads() {
        let files = prost_types::FileDescriptorSet::decode(qinglian_api::FILE_DESCRIPTOR_SET)
            .expect("descriptors");
        let messages: HashMap<String, &prost_types::DescriptorProto> = files
            .file
            .iter()
            .flat_map(|f| {
                f.message_type
                    .iter()
                    .map(move |m| (format!(".{}.{}", f.package(), m.name()), m))
            })
            .collect();
        let (mut reads, mut writes) = (0, 0);
        for file in &files.file {
            for service in &file.service {
                for m in &service.method {
                    let path = format!("/{}.{}/{}", file.package(), service.name(), m.name());
                    let input = messages[m.input_type()];
                    let takes_request_id = input.field.iter().any(|f| f.name() == "request_id");
                    if method(&path).read {
                        reads += 1;
                        assert!(!takes_request_id, "{path} is a read but takes a request id");
                    } else {
                        writes += 1;
                        assert!(
                            takes_request_id || input.field.is_empty(),
                            "{path} neither declares NO_SIDE_EFFECTS nor takes a request id"
                        );
                    }
                }
            }
        }
        assert!(reads > 40 && writes > 40, "{reads} reads, {writes} writes");
        assert!(method("/qinglian.tasks.v1.DirectoryService/GetUnit").read);
        assert!(!method("/qinglian.tasks.v1.DirectoryService/CreateUnit").read);
        assert!(method("/grpc.health.v1.Health/Check").read);
        assert!(!method("/nope").read);
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
