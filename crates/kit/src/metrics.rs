//! The Prometheus metrics of one service instance, all named `qinglian_…`: gRPC calls by method and
//! code with their latency and how many are in flight, the database pool, the outbox lag, and the
//! escalations raised. Each service has a registry of its own (several run in one process in
//! `qinglian serve` and in tests), carried in its [`Host`](crate::server::Host). What lives in the
//! database (the pool, the outbox) is read when the registry is scraped.

mod grpc;
mod outbox;

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use chrono::Utc;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::{Registry, Unit};
use qinglian_store::{Store, outbox as store_outbox};

pub use grpc::{GrpcMetrics, GrpcMetricsLayer, GrpcMetricsService};
pub use outbox::{OutboxWatchers, WatchCursor};

use qinglian_api::common::v1::WarningLevel as Level;

/// The content type of the exposition, OpenMetrics text (which Prometheus scrapes natively).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The metrics of one service instance; cheap to clone, every clone feeds the same registry.
#[derive(Clone, Debug)]
pub struct Metrics {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    registry: Registry,
    grpc: GrpcMetrics,
    pool: PoolGauges,
    outbox: OutboxGauges,
    watchers: OutboxWatchers,
    escalations: EscalationCounter,
}

/// The connection pool, set at scrape time.
#[derive(Debug, Default)]
struct PoolGauges {
    in_use: Gauge,
    idle: Gauge,
    max: Gauge,
}

/// The outbox and its followers, set at scrape time.
#[derive(Debug, Default)]
struct OutboxGauges {
    head: Gauge,
    watchers: Gauge,
    lag_events: Gauge,
    lag_seconds: Gauge<f64, AtomicU64>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with every metric of a service registered.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("qinglian");
        let grpc = GrpcMetrics::registered(&mut registry);
        let pool = PoolGauges::default();
        registry.register(
            "db_pool_connections_in_use",
            "Database connections lent out to queries and transactions",
            pool.in_use.clone(),
        );
        registry.register(
            "db_pool_connections_idle",
            "Open database connections waiting in the pool",
            pool.idle.clone(),
        );
        registry.register(
            "db_pool_connections_max",
            "Most database connections the pool opens (database.max_connections)",
            pool.max.clone(),
        );
        let outbox = OutboxGauges::default();
        registry.register(
            "outbox_head_sequence",
            "Sequence of the newest event in the outbox",
            outbox.head.clone(),
        );
        registry.register(
            "outbox_watchers",
            "Open WatchEvents streams on this instance",
            outbox.watchers.clone(),
        );
        registry.register(
            "outbox_lag_events",
            "Events committed after the last one the slowest open WatchEvents stream was sent (0 when every stream is caught up)",
            outbox.lag_events.clone(),
        );
        registry.register_with_unit(
            "outbox_lag",
            "Age of the oldest event the slowest open WatchEvents stream has not been sent (0 when every stream is caught up)",
            Unit::Seconds,
            outbox.lag_seconds.clone(),
        );
        let escalations = EscalationCounter::default();
        registry.register(
            "escalations_raised",
            "Escalation warnings raised by the ladder sweeps, by level",
            escalations.raised.clone(),
        );
        Self {
            inner: Arc::new(Inner {
                registry,
                grpc,
                pool,
                outbox,
                watchers: OutboxWatchers::default(),
                escalations,
            }),
        }
    }

    /// The tower layer that counts and times every gRPC call.
    pub fn grpc_layer(&self) -> GrpcMetricsLayer {
        GrpcMetricsLayer::new(self.inner.grpc.clone())
    }

    /// The register of open WatchEvents streams, whose positions make the outbox lag.
    pub fn outbox_watchers(&self) -> OutboxWatchers {
        self.inner.watchers.clone()
    }

    /// The counter of escalations raised, for a service that sweeps a ladder; its levels show as 0
    /// from then on, so that rates start from the service's start.
    pub fn escalations(&self) -> EscalationCounter {
        let counter = self.inner.escalations.clone();
        for level in [Level::Green, Level::Yellow, Level::Red] {
            counter.raised(level, 0);
        }
        counter
    }

    /// Reads the pool and the outbox of `store`, then encodes every metric. A failed outbox query
    /// is logged and leaves the outbox figures as they were at the last scrape.
    pub async fn render(&self, store: &Store) -> String {
        self.refresh(store).await;
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.inner.registry) {
            tracing::warn!(error = %e, "cannot encode metrics");
        }
        text
    }

    async fn refresh(&self, store: &Store) {
        let pool = store.pool_use();
        self.inner.pool.in_use.set(i64::from(pool.in_use));
        self.inner.pool.idle.set(i64::from(pool.idle));
        self.inner.pool.max.set(i64::from(pool.max));

        let outbox = &self.inner.outbox;
        let (open, slowest) = self.inner.watchers.positions();
        outbox.watchers.set(i64::try_from(open).unwrap_or(i64::MAX));
        let head = match store_outbox::head(store.conn()).await {
            Ok(head) => head,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the outbox head for metrics");
                return;
            }
        };
        outbox.head.set(head);
        let behind = slowest.filter(|cursor| *cursor < head);
        outbox
            .lag_events
            .set(behind.map_or(0, |cursor| head - cursor));
        let age = match behind {
            None => 0.0,
            Some(cursor) => match store_outbox::time_after(store.conn(), cursor).await {
                Ok(Some(time)) => (Utc::now() - time).as_seconds_f64().max(0.0),
                Ok(None) => 0.0,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the outbox lag for metrics");
                    return;
                }
            },
        };
        outbox.lag_seconds.set(age);
    }
}

/// The `level` label of an escalation.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LevelLabel {
    level: &'static str,
}

impl LevelLabel {
    fn of(level: Level) -> Self {
        let level = match level {
            Level::Unspecified => "none",
            Level::Green => "green",
            Level::Yellow => "yellow",
            Level::Red => "red",
        };
        Self { level }
    }
}

/// Counts the escalations a ladder raises, by level. The default counts into no registry (for
/// tools and benchmarks that run a ladder without serving).
#[derive(Clone, Debug, Default)]
pub struct EscalationCounter {
    raised: Family<LevelLabel, Counter>,
}

impl EscalationCounter {
    /// Counts `count` warnings raised at `level`.
    pub fn raised(&self, level: Level, count: u64) {
        self.raised
            .get_or_create(&LevelLabel::of(level))
            .inc_by(count);
    }

    /// How many warnings at `level` were counted.
    pub fn count(&self, level: Level) -> u64 {
        self.raised.get_or_create(&LevelLabel::of(level)).get()
    }
}

#[cfg(test)]
mod tests;
