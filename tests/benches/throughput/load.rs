//! The service's side: CreateUnit and GetUnit calls over gRPC at a number in flight, with each call's
//! latency kept.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_test_support::{Authed, TestTasks, bearer, channel};

/// Channels the callers share, as a handful of client processes would.
const CHANNELS: usize = 4;

/// Throughput and latencies of one measurement.
#[derive(Debug)]
pub struct Figures {
    /// Calls per second over the whole measurement.
    pub per_second: f64,
    /// Every call's latency, sorted.
    pub latencies: Vec<Duration>,
}

impl Figures {
    /// From the latencies of `calls` calls made in `elapsed`.
    pub fn new(mut latencies: Vec<Duration>, elapsed: Duration) -> Self {
        latencies.sort();
        Self {
            per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
            latencies,
        }
    }

    fn quantile_ms(&self, q: f64) -> f64 {
        let index = ((self.latencies.len() as f64 * q) as usize).min(self.latencies.len() - 1);
        self.latencies[index].as_secs_f64() * 1e3
    }

    /// Median latency in milliseconds.
    pub fn p50_ms(&self) -> f64 {
        self.quantile_ms(0.5)
    }

    /// 99th percentile latency in milliseconds.
    pub fn p99_ms(&self) -> f64 {
        self.quantile_ms(0.99)
    }
}

/// Runs `calls` calls of `call` with `in_flight` callers, each taking the next call number.
pub async fn measure<F, Fut>(in_flight: usize, calls: usize, call: F) -> Figures
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let call = Arc::new(call);
    let started = Instant::now();
    let callers: Vec<_> = (0..in_flight)
        .map(|caller| {
            let (next, call) = (next.clone(), call.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= calls {
                        return latencies;
                    }
                    let sent = Instant::now();
                    call(caller, n).await;
                    latencies.push(sent.elapsed());
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(calls);
    for caller in callers {
        latencies.extend(caller.await.expect("caller"));
    }
    Figures::new(latencies, started.elapsed())
}

async fn clients(tasks: &TestTasks) -> Arc<Vec<DirectoryServiceClient<Authed>>> {
    let token = tasks.token(Role::Admin);
    let mut clients = Vec::new();
    for _ in 0..CHANNELS {
        clients.push(DirectoryServiceClient::with_interceptor(
            channel(tasks.addr).await,
            bearer(&token),
        ));
    }
    Arc::new(clients)
}

/// The organ under which the benchmark creates its units.
pub async fn parent_unit(tasks: &TestTasks) -> String {
    unit(tasks, None, "基准机关").await
}

/// One more unit, for the reads.
pub async fn created_unit(tasks: &TestTasks, parent: &str) -> String {
    unit(tasks, Some(parent), "被读单位").await
}

async fn unit(tasks: &TestTasks, parent: Option<&str>, name: &str) -> String {
    tasks
        .admin_directory()
        .await
        .create_unit(pb::CreateUnitRequest {
            unit: Some(pb::Unit {
                kind: UnitKind::Organ as i32,
                name: name.into(),
                parent_id: parent.unwrap_or_default().to_owned(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("unit")
        .into_inner()
        .unit
        .expect("unit")
        .id
}

/// `calls` CreateUnit calls under `parent`, each with a request id.
pub async fn create_units(
    tasks: &TestTasks,
    parent: &str,
    in_flight: usize,
    calls: usize,
) -> Figures {
    let clients = clients(tasks).await;
    let parent = parent.to_owned();
    let run = uuid::Uuid::now_v7();
    measure(in_flight, calls, move |caller, n| {
        let mut client = clients[caller % CHANNELS].clone();
        let parent = parent.clone();
        async move {
            client
                .create_unit(pb::CreateUnitRequest {
                    unit: Some(pb::Unit {
                        kind: UnitKind::Department as i32,
                        name: format!("处室{n:06}"),
                        parent_id: parent,
                        ..Default::default()
                    }),
                    request_id: format!("{run}-{in_flight}-{n}"),
                })
                .await
                .expect("create unit");
        }
    })
    .await
}

/// `calls` GetUnit calls of `unit`.
pub async fn get_units(tasks: &TestTasks, unit: &str, in_flight: usize, calls: usize) -> Figures {
    let clients = clients(tasks).await;
    let unit = unit.to_owned();
    measure(in_flight, calls, move |caller, _| {
        let mut client = clients[caller % CHANNELS].clone();
        let id = unit.clone();
        async move {
            client
                .get_unit(pb::GetUnitRequest { id })
                .await
                .expect("get unit");
        }
    })
    .await
}
