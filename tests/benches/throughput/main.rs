//! Throughput against the limit: every figure beside the same work done by the bare tool in the same
//! run.
//!
//! - CreateUnit over gRPC at 16, 64 and 256 in flight (throughput, p50, p99), against the same
//!   statements executed directly through the driver on one connection: one transaction per create,
//!   and 100 creates per transaction (the batched ceiling); on PostgreSQL also `pgbench` running the
//!   same statements at 16 and 64 clients.
//! - GetUnit at 128 in flight and at 1 in flight, against a bare tonic server answering the gRPC
//!   health check (the same transport, no work).
//!
//! - On PostgreSQL, the create figures again with the database behind a proxy that adds 1 ms to
//!   every round trip (0.5 ms each way), as across a network, beside the figures without it.
//!
//! Runs on SQLite; also on PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set.
//! QINGLIAN_BENCH_CREATES sets the creates per measurement (default 4000).
//! `cargo bench -p qinglian-scenarios --bench throughput`

#[path = "../common/mod.rs"]
mod common;

mod delay;
mod driver;
mod echo;
mod load;
mod pgbench;

use std::time::{Duration, Instant};

use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::{Backend, TestDatabase};
use qinglian_test_support::Cluster;
use sea_orm::{ConnectionTrait, Statement};

use load::Figures;

/// The in-flight levels of CreateUnit.
const CREATE_LEVELS: [usize; 3] = [16, 64, 256];

/// The round trip the proxy adds on PostgreSQL, half each way.
const ADDED_ROUND_TRIP: Duration = Duration::from_millis(1);

/// How many calls each in-flight level of CreateUnit makes.
fn creates() -> usize {
    std::env::var("QINGLIAN_BENCH_CREATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000)
}

fn main() {
    common::on_both_backends(run);
}

/// The create figures of one database: the bare driver's and the service's.
struct Creates {
    /// The driver, one transaction per create.
    single: f64,
    /// The driver, 100 creates per transaction.
    batched: f64,
    /// CreateUnit over gRPC at each of [`CREATE_LEVELS`].
    grpc: Vec<Figures>,
}

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    println!("\n== throughput benchmark on {backend:?}");
    let direct = measure(db, None).await;
    if backend != Backend::Postgres {
        return;
    }
    let Some(mut db) = TestDatabase::create(backend).await else {
        return;
    };
    let proxy = delay::DelayProxy::start(delay::upstream(&db.url), ADDED_ROUND_TRIP / 2);
    let direct_url = db.url.clone();
    db.url = proxy.url(&db.url);
    println!(
        "\n== on PostgreSQL behind a proxy adding {:?} per round trip (measured: SELECT 1 takes {:.3} ms direct, {:.3} ms through the proxy)",
        ADDED_ROUND_TRIP,
        round_trip_ms(&direct_url).await,
        round_trip_ms(&db.url).await,
    );
    let delayed = measure(db, Some(&proxy)).await;
    println!(
        "with the added round trip: driver one per transaction {:.2}× the figure without it, batched {:.2}×",
        delayed.single / direct.single,
        delayed.batched / direct.batched
    );
    for ((in_flight, with), without) in CREATE_LEVELS.iter().zip(&delayed.grpc).zip(&direct.grpc) {
        println!(
            "with the added round trip: CreateUnit, {in_flight} in flight {:.2}× the throughput without it, p50 {:.2}×",
            with.per_second / without.per_second,
            with.p50_ms() / without.p50_ms(),
        );
    }
}

/// Median time of `SELECT 1` on one connection to `url`, in milliseconds.
async fn round_trip_ms(url: &str) -> f64 {
    let store = Store::connect(url, &ConnectSettings::default())
        .await
        .expect("store");
    let mut samples = Vec::new();
    for _ in 0..200 {
        let sent = Instant::now();
        store
            .conn()
            .execute_raw(Statement::from_string(store.backend(), "SELECT 1"))
            .await
            .expect("SELECT 1");
        samples.push(sent.elapsed());
    }
    let _ = store.close().await;
    common::median(samples).as_secs_f64() * 1e3
}

/// Every create figure on `db` (and on a sibling of it for the bare tools, reached through `proxy`
/// as `db` is), and the read figures when there is no proxy.
async fn measure(db: TestDatabase, proxy: Option<&delay::DelayProxy>) -> Creates {
    let backend = db.backend;
    let mut baseline_db = db.sibling("baseline").await;
    if let Some(proxy) = proxy {
        baseline_db.url = proxy.url(&baseline_db.url);
    }
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let parent = load::parent_unit(tasks).await;
    let creates = creates();

    // The bare driver on a database of its own with the same schema.
    let baseline = Store::connect(&baseline_db.url, &ConnectSettings::default())
        .await
        .expect("baseline store");
    qinglian_store::migrate::run::<qinglian_tasks::migrations::Migrator>(baseline.conn())
        .await
        .expect("baseline schema");
    let driver_parent = driver::parent_unit(baseline.conn()).await;
    let single = driver::creates(baseline.conn(), &driver_parent, creates, 1).await;
    let batched = driver::creates(baseline.conn(), &driver_parent, creates, 100).await;
    println!(
        "driver, the same statements on one connection: one transaction per create {:.0}/s, 100 per transaction {:.0}/s",
        single, batched
    );
    let pgbench = match backend {
        Backend::Postgres => Some((
            pgbench::creates(&baseline_db.url, &driver_parent, 16).await,
            pgbench::creates(&baseline_db.url, &driver_parent, 64).await,
        )),
        Backend::Sqlite => None,
    };
    if let Some((at16, at64)) = pgbench {
        println!(
            "pgbench, the same statements, one transaction each: {at16:.0}/s at 16 clients, {at64:.0}/s at 64"
        );
    }
    let mut grpc = Vec::new();
    for in_flight in CREATE_LEVELS {
        let figures: Figures = load::create_units(tasks, &parent, in_flight, creates).await;
        println!(
            "CreateUnit, {in_flight} in flight: {:.0}/s, p50 {:.1} ms, p99 {:.1} ms; {:.2}× the driver's one-per-transaction, {:.2}× its batched ceiling",
            figures.per_second,
            figures.p50_ms(),
            figures.p99_ms(),
            figures.per_second / single,
            figures.per_second / batched,
        );
        grpc.push(figures);
    }
    if proxy.is_none() {
        reads(tasks, &parent).await;
    }
    let _ = baseline.close().await;
    cluster.stop().await.expect("stop");
    Creates {
        single,
        batched,
        grpc,
    }
}

/// GetUnit at 128 and at 1 in flight, beside a bare tonic server.
async fn reads(tasks: &qinglian_test_support::TestTasks, parent: &str) {
    let unit = load::created_unit(tasks, parent).await;
    let echo = echo::EchoServer::start().await;
    for in_flight in [128, 1] {
        let calls = if in_flight == 1 { 2000 } else { 20_000 };
        let get = load::get_units(tasks, &unit, in_flight, calls).await;
        let bare = echo.calls(in_flight, calls).await;
        println!(
            "GetUnit, {in_flight} in flight: {:.0}/s, p50 {:.3} ms; bare tonic echo {:.0}/s, p50 {:.3} ms; throughput {:.2}×, p50 {:.2}×",
            get.per_second,
            get.p50_ms(),
            bare.per_second,
            bare.p50_ms(),
            get.per_second / bare.per_second,
            get.p50_ms() / bare.p50_ms(),
        );
    }
    echo.stop().await;
}
