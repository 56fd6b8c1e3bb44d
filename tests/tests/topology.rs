//! The production topology: the three real service binaries (`qinglian-tasks`,
//! `qinglian-supervision`, `qinglian-oversight`) as separate processes, each with a database of its own
//! (PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set, else SQLite files after a loud notice),
//! configured only through a settings file and `QINGLIAN_<SVC>__…` variables, calling each other with
//! service tokens. The cross-service scenario runs through the public gRPC APIs, the supervision
//! service is restarted in the middle, and the annual report's figures are checked against counts kept
//! while recording. Once over plain HTTP/2, once with mutual TLS on every connection.

mod topology {
    pub mod scenario;
}

use qinglian_test_support::Transport;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain() {
    topology::scenario::run(Transport::Plain, "plain").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mtls() {
    topology::scenario::run(Transport::MutualTls, "mtls").await;
}
