//! What every benchmark does the same way: run its measurements on SQLite, then on PostgreSQL (when
//! `QINGLIAN_TEST_POSTGRES_URL` is set; `TestDatabase::create` says so when it is not), and report
//! medians.
// Each benchmark takes what it needs of this module.
#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;

use qinglian_store::testing::Backend;

/// Runs `run` on a multi-threaded runtime, once per backend.
pub fn on_both_backends<F, Fut>(run: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        run(Backend::Sqlite).await;
        run(Backend::Postgres).await;
    });
}

/// The median of `samples` (the upper one of an even count).
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}
