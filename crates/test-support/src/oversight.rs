//! The oversight-reporting service in this process, pointed at the other two.

use std::net::SocketAddr;
use std::time::Duration;

use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_kit::clock::Clock;
use qinglian_kit::shutdown::CancellationToken;
use qinglian_store::testing::TestDatabase;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::{Authed, TestTasks, bearer, channel, wait_until_serving};

/// The oversight-reporting service running in this process.
#[derive(Debug)]
pub struct TestOversight {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Where its admin HTTP listener (metrics and health) listens.
    pub admin_addr: SocketAddr,
    /// Its database; dropped (and removed) with the service.
    pub db: TestDatabase,
    shutdown: CancellationToken,
    server: JoinHandle<anyhow::Result<()>>,
}

impl TestOversight {
    /// Starts the service on `db` with the system clock, sharing the signing key of `tasks`, calling
    /// the directory at `tasks_addr` and the ledger at `supervision_addr` (either may be down).
    pub async fn start(
        db: TestDatabase,
        tasks: &TestTasks,
        tasks_addr: SocketAddr,
        supervision_addr: SocketAddr,
    ) -> Self {
        Self::start_with_clock(db, tasks, tasks_addr, supervision_addr, Clock::system()).await
    }

    /// Like [`TestOversight::start`], judging days by `clock`.
    pub async fn start_with_clock(
        db: TestDatabase,
        tasks: &TestTasks,
        tasks_addr: SocketAddr,
        supervision_addr: SocketAddr,
        clock: Clock,
    ) -> Self {
        let mut settings = qinglian_oversight::settings::Settings::defaults(&tasks.dir());
        settings.database.url = db.url.clone();
        settings.auth.key_file = tasks.settings.auth.key_file.clone();
        settings.server.shutdown_grace = Duration::from_secs(5);
        settings.service.peers.tasks = format!("http://{tasks_addr}");
        settings.service.peers.supervision = format!("http://{supervision_addr}");
        settings.service.peers.timeout = Duration::from_secs(2);
        settings.admin.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let app = qinglian_oversight::Application::build_with(&settings, listener, clock)
            .await
            .unwrap_or_else(|e| panic!("build oversight service: {e:#}"));
        let addr = app
            .local_addr()
            .unwrap_or_else(|e| panic!("local addr: {e}"));
        let admin_addr = app
            .admin_addr()
            .unwrap_or_else(|e| panic!("admin addr: {e}"));
        let shutdown = CancellationToken::new();
        let server = tokio::spawn(app.run_until_stopped(shutdown.clone()));
        wait_until_serving(addr).await;
        Self {
            addr,
            admin_addr,
            db,
            shutdown,
            server,
        }
    }

    /// An oversight client sending `token`.
    pub async fn oversight(&self, token: &str) -> OversightServiceClient<Authed> {
        OversightServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// Asks the service to stop and waits for it to drain.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        self.server
            .await
            .unwrap_or_else(|e| panic!("server task panicked: {e}"))
    }
}
