//! The OpenTelemetry export (feature `otel`): the `tracing` spans of the process, sent in batches to an
//! OTLP/gRPC collector under `service.name` = the process's name.

use std::time::Duration;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{SpanExporter, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use tracing_opentelemetry::OpenTelemetryLayer;
use tracing_subscriber::Registry;

/// How long one export to the collector may take before it is given up.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(5);

/// The running export: spans queue in memory and a background thread sends them in batches.
#[derive(Debug)]
pub(super) struct Export {
    provider: SdkTracerProvider,
}

impl Export {
    /// Sends what is queued and stops the background thread. The wait for the collector happens off
    /// the async workers, which keep driving the exporter's connection meanwhile.
    pub(super) async fn shutdown(self) {
        let provider = self.provider;
        match tokio::task::spawn_blocking(move || provider.shutdown()).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "span export did not shut down cleanly"),
            Err(e) => tracing::warn!(error = %e, "span export shutdown failed"),
        }
    }
}

/// The layer exporting spans to `endpoint` (e.g. `http://otel-collector:4317`) as `service`, and the
/// export to shut down at exit. The connection is made lazily: a collector that is down costs failed
/// batches (logged by the SDK), never a failed start or a slower request.
pub(super) fn layer(
    endpoint: &str,
    service: &str,
) -> Result<(OpenTelemetryLayer<Registry, SdkTracer>, Export), String> {
    let exporter = SpanExporter::builder()
        .with_tonic()
        .with_endpoint(endpoint)
        .with_timeout(EXPORT_TIMEOUT)
        .build()
        .map_err(|e| format!("log.otlp_endpoint {endpoint}: {e}"))?;
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            Resource::builder()
                .with_service_name(service.to_owned())
                .build(),
        )
        .build();
    let tracer = provider.tracer("qinglian");
    Ok((
        tracing_opentelemetry::layer().with_tracer(tracer),
        Export { provider },
    ))
}
