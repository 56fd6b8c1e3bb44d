//! Logging and tracing set-up: an env filter (RUST_LOG wins over the configured filter), text or JSON
//! lines, and, when `log.otlp_endpoint` is set in a binary built with the `otel` feature, the spans
//! (one per gRPC call, with what is logged inside it) exported in batches to an OpenTelemetry
//! collector over OTLP/gRPC.

#[cfg(feature = "otel")]
mod otlp;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::settings::{LogFormat, LogSettings};

/// The installed telemetry. [`Telemetry::shutdown`] sends the spans still buffered before the process
/// exits.
#[derive(Debug)]
#[must_use = "call shutdown before exiting, or buffered spans are lost"]
pub struct Telemetry {
    export: Option<otlp::Export>,
}

impl Telemetry {
    /// Sends the spans still buffered and stops the export (a no-op without one).
    pub async fn shutdown(self) {
        if let Some(export) = self.export {
            export.shutdown().await;
        }
    }
}

/// Installs the global subscriber for the process `service` (e.g. `qinglian-tasks`, the OpenTelemetry
/// `service.name`). A second call (tests, the all-in-one server) installs nothing. Fails with one line
/// when `log.otlp_endpoint` is set but the export cannot be set up, or the binary was built without
/// the `otel` feature. Call it inside the Tokio runtime: the exporter's channel lives there.
pub fn init(settings: &LogSettings, service: &str) -> Result<Telemetry, String> {
    // `RUST_LOG` wins for a developer's session; otherwise the setting, which start-up has checked.
    let filter = match EnvFilter::try_from_default_env() {
        Ok(filter) => filter,
        Err(_) => EnvFilter::builder()
            .parse(&settings.filter)
            .map_err(|e| format!("log.filter {:?} is not valid: {e}", settings.filter))?,
    };
    let endpoint = settings.otlp_endpoint.trim();
    let (export_layer, export) = if endpoint.is_empty() {
        (None, None)
    } else {
        let (layer, export) = otlp::layer(endpoint, service)?;
        (Some(layer), Some(export))
    };
    let text = (settings.format == LogFormat::Text)
        .then(|| tracing_subscriber::fmt::layer().with_target(true));
    let json = (settings.format == LogFormat::Json)
        .then(|| tracing_subscriber::fmt::layer().json().flatten_event(true));
    let _ = tracing_subscriber::registry()
        .with(export_layer)
        .with(filter)
        .with(text)
        .with(json)
        .try_init();
    Ok(Telemetry { export })
}

/// A binary built without the `otel` feature: a configured endpoint stops start-up.
#[cfg(not(feature = "otel"))]
mod otlp {
    /// No export exists in such a binary.
    #[derive(Debug)]
    pub(super) enum Export {}

    impl Export {
        pub(super) async fn shutdown(self) {
            match self {}
        }
    }

    pub(super) fn layer(
        endpoint: &str,
        _service: &str,
    ) -> Result<(tracing_subscriber::layer::Identity, Export), String> {
        Err(format!(
            "log.otlp_endpoint is set to {endpoint} but this binary was built without the `otel` feature"
        ))
    }
}

#[cfg(all(test, not(feature = "otel")))]
mod tests {
    use super::*;

    #[test]
    fn an_otlp_endpoint_without_the_feature_stops_start_up_with_one_line() {
        let settings = LogSettings {
            filter: "info".to_owned(),
            format: LogFormat::Text,
            otlp_endpoint: "http://127.0.0.1:4317".to_owned(),
        };
        let error = init(&settings, "qinglian-tasks").expect_err("refused");
        assert!(error.contains("log.otlp_endpoint") && error.contains("`otel`"));
        assert!(!error.contains('\n'));
    }
}
