//! The production topology: the three real service binaries (`qinglian-tasks`,
//! `qinglian-supervision`, `qinglian-oversight`) as separate processes, each with a database of its own
//! (PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set, else SQLite files after a loud notice),
//! configured only through a settings file and `QINGLIAN_<SVC>__…` variables, calling each other with
//! service tokens. The cross-service scenario runs through the public gRPC APIs, the supervision
//! service is restarted in the middle, and the annual report's figures are checked against counts kept
//! while recording. Once over plain HTTP/2, once with mutual TLS on every connection.
//!
//! And the writers' tests, on both backends: the task service killed with SIGKILL 20 times under 64
//! writers (`QINGLIAN_CRASH_CYCLES` and `QINGLIAN_CRASH_SEED` change the run; the `crash` bench runs
//! it longer), and two replicas of it on one database under 64 writers.

mod topology {
    pub mod scenario;
    pub mod writers;
}

use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Transport;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain() {
    topology::scenario::run(Transport::Plain, "plain").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mtls() {
    topology::scenario::run(Transport::MutualTls, "mtls").await;
}

async fn nothing_acknowledged_is_lost_to_sigkill(db: TestDatabase) {
    let crashes = topology::writers::crash_run(db, 20).await;
    println!("{}", crashes.summary());
    assert!(crashes.acknowledged > 0, "no write was acknowledged");
}

/// On PostgreSQL only: an embedded database is locked by the one process that serves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_one_database_keep_one_chain() {
    let Some(db) = TestDatabase::postgres().await else {
        return;
    };
    let backend = db.backend;
    let run = topology::writers::replica_run(db, std::time::Duration::from_secs(5)).await;
    println!(
        "two task replicas on {backend:?}, 64 writers: {} creates acknowledged, {:.0}/s together (debug build)",
        run.acknowledged, run.per_second
    );
}

qinglian_store::backend_tests!(nothing_acknowledged_is_lost_to_sigkill);
