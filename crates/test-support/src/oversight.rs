//! The oversight-reporting service in this process, pointed at the other two.

use std::net::SocketAddr;
use std::time::Duration;

use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;

use crate::{Authed, Running, TestTasks, bearer, channel};

/// The oversight-reporting service running in this process.
#[derive(Debug)]
pub struct TestOversight {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Where its admin HTTP listener (metrics and health) listens.
    pub admin_addr: SocketAddr,
    /// Its database; dropped (and removed) with the service.
    pub db: TestDatabase,
    running: Running<qinglian_oversight::Oversight>,
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
        let peer_timeout = Self::PEER_TIMEOUT;
        Self::start_with(db, tasks, tasks_addr, supervision_addr, clock, peer_timeout).await
    }

    /// The deadline of each call to a peer, unless a test chooses another.
    pub const PEER_TIMEOUT: Duration = Duration::from_secs(2);

    /// Like [`TestOversight::start_with_clock`], giving each call to a peer `peer_timeout`.
    pub async fn start_with(
        db: TestDatabase,
        tasks: &TestTasks,
        tasks_addr: SocketAddr,
        supervision_addr: SocketAddr,
        clock: Clock,
        peer_timeout: Duration,
    ) -> Self {
        let mut settings = Running::<qinglian_oversight::Oversight>::defaults(&tasks.dir());
        settings.database.url = db.url.clone();
        settings.auth.key_file = tasks.settings.auth.key_file.clone();
        settings.service.peers.tasks = format!("http://{tasks_addr}");
        settings.service.peers.supervision = format!("http://{supervision_addr}");
        settings.service.peers.timeout = peer_timeout;
        let running = Running::start(settings, clock).await;
        Self {
            addr: running.addr,
            admin_addr: running.admin_addr,
            db,
            running,
        }
    }

    /// Stops the server but keeps its database and address, to start it again later.
    pub async fn stop_server(&mut self) {
        self.running.stop_server().await;
    }

    /// Starts the server again on the same address and database.
    pub async fn restart_server(&mut self) {
        self.running.restart_server().await;
    }

    /// An oversight client sending `token`.
    pub async fn oversight(&self, token: &str) -> OversightServiceClient<Authed> {
        OversightServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// Asks the service to stop and waits for it to drain.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.running.stop().await
    }
}
