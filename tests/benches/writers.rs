//! The writers' bench, on SQLite and then PostgreSQL, with every check of the topology test's short
//! runs (every acknowledged unit present, nothing else, the chain intact, the events gapless):
//! - the long crash run: the task service's real binary killed with SIGKILL 150 times (or
//!   `QINGLIAN_CRASH_CYCLES`) under 64 writers;
//! - on PostgreSQL, two replicas of the service on one database under 64 writers for 10 s: their
//!   combined throughput.
//!
//! `cargo bench -p qinglian-scenarios --bench writers`

mod common;

#[path = "../tests/topology/writers.rs"]
mod writers;

use std::time::Duration;

use qinglian_store::testing::{Backend, TestDatabase};

fn main() {
    common::on_both_backends(run);
}

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let crashes = writers::crash_run(db, 150).await;
    println!("{backend:?}: {}", crashes.summary());
    // Replicas share a PostgreSQL database; an embedded one is locked by its one process.
    if backend != Backend::Postgres {
        return;
    }
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let replicated = writers::replica_run(db, Duration::from_secs(10)).await;
    println!(
        "{backend:?}: two replicas, 64 writers: {} creates acknowledged, {:.0}/s together",
        replicated.acknowledged, replicated.per_second
    );
}
