//! One service of the suite running in this process, whichever it is: built through the shared
//! start-up on a `127.0.0.1:0` listener, served on its own task, stopped and started again on the
//! same address, database and key, and stopped for good with its drain awaited.

use std::net::SocketAddr;
use std::time::Duration;

use qinglian_kit::clock::Clock;
use qinglian_kit::entry::{Application, Service};
use qinglian_kit::settings::Settings;
use qinglian_kit::shutdown::CancellationToken;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::wait_until_serving;

/// Service `S` serving in this process.
#[derive(Debug)]
pub struct Running<S: Service> {
    /// Where it listens; the same after a restart.
    pub addr: SocketAddr,
    /// Where its admin HTTP listener (metrics and health) listens; the same after a restart.
    pub admin_addr: SocketAddr,
    /// The settings it was built with (the admin listener bound to `admin_addr`).
    pub settings: Settings<S::Sections>,
    clock: Clock,
    shutdown: CancellationToken,
    server: Option<JoinHandle<anyhow::Result<()>>>,
}

impl<S: Service> Running<S> {
    /// The embedded defaults of `S` with its files under `dir`, as tests run them: no drain delay
    /// (tests stop and restart services often; the delay is tested on its own) and a 5 s grace.
    pub fn defaults(dir: &std::path::Path) -> Settings<S::Sections> {
        let mut settings = Settings::<S::Sections>::defaults(dir);
        settings.server.drain_delay = Duration::ZERO;
        settings.server.shutdown_grace = Duration::from_secs(5);
        settings
    }

    /// Builds the service of `settings` on a fresh local port (its admin listener too), judging days
    /// by `clock`, and waits until it says SERVING. The port is below the ephemeral range, so that no
    /// outgoing connection takes it while the server is stopped for a restart.
    pub async fn start(mut settings: Settings<S::Sections>, clock: Clock) -> Self {
        settings.admin.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let listener = TcpListener::bind(("127.0.0.1", crate::ports::free_port()))
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let app = build::<S>(&settings, listener, &clock).await;
        let addr = app
            .local_addr()
            .unwrap_or_else(|e| panic!("local addr: {e}"));
        let admin_addr = app
            .admin_addr()
            .unwrap_or_else(|e| panic!("admin addr: {e}"));
        // A restart binds the same admin address again.
        settings.admin.listen = admin_addr;
        let mut running = Self {
            addr,
            admin_addr,
            settings,
            clock,
            shutdown: CancellationToken::new(),
            server: None,
        };
        running.serve(app).await;
        running
    }

    /// Stops the server but keeps its database, key and addresses, to start it again later.
    pub async fn stop_server(&mut self) {
        self.shutdown.cancel();
        if let Some(server) = self.server.take() {
            let stopped = server
                .await
                .unwrap_or_else(|e| panic!("{} task panicked: {e}", S::TITLE));
            stopped.unwrap_or_else(|e| panic!("{} failed: {e:#}", S::TITLE));
        }
    }

    /// Starts the server again on the same address, database and key.
    pub async fn restart_server(&mut self) {
        let listener = TcpListener::bind(self.addr)
            .await
            .unwrap_or_else(|e| panic!("rebind {}: {e}", self.addr));
        let app = build::<S>(&self.settings, listener, &self.clock).await;
        self.serve(app).await;
    }

    /// Asks the service to stop and waits for it to drain.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        match self.server.take() {
            Some(server) => server
                .await
                .unwrap_or_else(|e| panic!("{} task panicked: {e}", S::TITLE)),
            None => Ok(()),
        }
    }

    /// The shutdown token of the server running now, to stop it while keeping this handle; a
    /// restart serves under a new one.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    async fn serve(&mut self, app: Application<S>) {
        self.shutdown = CancellationToken::new();
        self.server = Some(tokio::spawn(app.run_until_stopped(self.shutdown.clone())));
        wait_until_serving(self.addr).await;
    }
}

async fn build<S: Service>(
    settings: &Settings<S::Sections>,
    listener: TcpListener,
    clock: &Clock,
) -> Application<S> {
    Application::<S>::build_with(settings, listener, clock.clone())
        .await
        .unwrap_or_else(|e| panic!("build {}: {e:#}", S::TITLE))
}
