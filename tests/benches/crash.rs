//! The long crash run: the task service's real binary killed with SIGKILL 150 times (or
//! `QINGLIAN_CRASH_CYCLES`) under 64 writers, on SQLite and then PostgreSQL, with every check of the
//! topology test's short run (every acknowledged unit present, nothing else, the chain intact, the
//! events gapless). Prints what each backend survived.
//! `cargo bench -p qinglian-scenarios --bench crash`

mod common;

#[path = "../tests/topology/crash.rs"]
mod crash;

use qinglian_store::testing::{Backend, TestDatabase};

fn main() {
    common::on_both_backends(run);
}

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let cycles = std::env::var("QINGLIAN_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let seed = std::env::var("QINGLIAN_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(qinglian_test_support::seeded::seed);
    let crashes = crash::run(db, cycles, seed).await;
    println!("{backend:?}: {}", crashes.summary());
}
