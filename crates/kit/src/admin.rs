//! The admin HTTP listener of a service (`[admin] listen`), apart from its gRPC port: Prometheus
//! `/metrics`, `/healthz` (200 while the process runs) and `/readyz` (200 while it can serve, else
//! 503 with the reason as one line of plain text). It starts with the gRPC server and outlives its
//! drain, so that `/readyz` answers 503 while in-flight calls finish.

mod readiness;

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::{CancellationToken, DropGuard};

pub use readiness::Readiness;

use crate::metrics::{self, Metrics};
use crate::settings::AdminSettings;

/// How long open admin connections get to close once the service has stopped.
const CLOSE_BOUND: Duration = Duration::from_secs(1);

/// Binds the admin listener of `settings`; the error is one line naming the setting.
pub async fn bind(settings: &AdminSettings) -> Result<TcpListener, String> {
    TcpListener::bind(settings.listen)
        .await
        .map_err(|e| format!("cannot listen on {} (admin.listen): {e}", settings.listen))
}

/// What the admin routes answer from.
#[derive(Clone, Debug)]
struct Admin {
    metrics: Metrics,
    readiness: Readiness,
}

/// The routes of the admin listener.
fn router(metrics: Metrics, readiness: Readiness) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .with_state(Admin { metrics, readiness })
}

async fn scrape(State(admin): State<Admin>) -> Response {
    let text = admin.metrics.render(admin.readiness.store()).await;
    ([(header::CONTENT_TYPE, metrics::CONTENT_TYPE)], text).into_response()
}

async fn ready(State(admin): State<Admin>) -> Response {
    match admin.readiness.check().await {
        Ok(()) => (StatusCode::OK, "ready\n".to_owned()).into_response(),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, format!("{reason}\n")).into_response(),
    }
}

/// A running admin listener; it stops when [`AdminServer::stop`] is called or when it is dropped.
#[derive(Debug)]
pub struct AdminServer {
    stop: DropGuard,
    task: JoinHandle<()>,
}

/// Serves the admin routes on `listener` until the returned server is stopped.
pub fn spawn(listener: TcpListener, metrics: Metrics, readiness: Readiness) -> AdminServer {
    let stop = CancellationToken::new();
    let stopped = stop.clone();
    let address = listener.local_addr().ok();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router(metrics, readiness))
            .with_graceful_shutdown(stopped.cancelled_owned())
            .await;
        if let Err(e) = served {
            tracing::warn!(error = %e, "admin listener failed");
        }
    });
    if let Some(address) = address {
        tracing::info!(%address, "metrics and health listening");
    }
    AdminServer {
        stop: stop.drop_guard(),
        task,
    }
}

impl AdminServer {
    /// Stops accepting, lets open requests finish within a second, and waits.
    pub async fn stop(self) {
        let Self { stop, mut task } = self;
        drop(stop);
        if tokio::time::timeout(CLOSE_BOUND, &mut task).await.is_err() {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests;
