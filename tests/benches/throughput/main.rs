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
//! Runs on SQLite; also on PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set.
//! QINGLIAN_BENCH_CREATES sets the creates per measurement (default 4000).
//! `cargo bench -p qinglian-scenarios --bench throughput`

#[path = "../common/mod.rs"]
mod common;

mod driver;
mod echo;
mod load;
mod pgbench;

use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::{Backend, TestDatabase};
use qinglian_test_support::Cluster;

use load::Figures;

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

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let baseline_db = db.sibling("baseline").await;
    println!("\n== throughput benchmark on {backend:?}");
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
    for in_flight in [16, 64, 256] {
        let figures: Figures = load::create_units(tasks, &parent, in_flight, creates).await;
        println!(
            "CreateUnit, {in_flight} in flight: {:.0}/s, p50 {:.1} ms, p99 {:.1} ms; {:.2}× the driver's one-per-transaction, {:.2}× its batched ceiling",
            figures.per_second,
            figures.p50_ms(),
            figures.p99_ms(),
            figures.per_second / single,
            figures.per_second / batched,
        );
    }

    let unit = load::created_unit(tasks, &parent).await;
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
    let _ = baseline.close().await;
    cluster.stop().await.expect("stop");
}
