//! Building and running the service: `Application::build` connects, migrates and binds;
//! `run_until_stopped` serves until the shutdown token is cancelled.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use qinglian_api::oversight::v1::oversight_service_server::OversightServiceServer;
use qinglian_kit::admin::{self, Readiness};
use qinglian_kit::auth::TokenKeys;
use qinglian_kit::clock::Clock;
use qinglian_kit::metrics::Metrics;
use qinglian_kit::peers::{DirectoryPeer, Peer};
use qinglian_kit::server::{self, Host};
use qinglian_kit::shutdown::CancellationToken;
use qinglian_store::Store;
use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::activities::Activities;
use crate::documents::Documents;
use crate::error::DOMAIN;
use crate::grpc::{OversightApi, ReportApi};
use crate::ledger_peer::LedgerPeer;
use crate::migrations::Migrator;
use crate::opinions::Opinions;
use crate::reports::Reports;
use crate::reports::peers::{SupervisionPeer, TasksPeer};
use crate::settings::{OpinionSettings, Settings};
use crate::statistics::OversightStatistics;
use qinglian_api::oversight::v1::report_service_server::ReportServiceServer;

/// The APIs served, for health and reflection.
const SERVICE_NAMES: [&str; 2] = [
    <OversightServiceServer<OversightApi> as NamedService>::NAME,
    <ReportServiceServer<ReportApi> as NamedService>::NAME,
];

/// A built service, bound and migrated, not yet serving.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    admin: TcpListener,
    /// The peers readiness waits for: tasks and supervision.
    readiness_peers: Vec<Peer>,
    store: Store,
    keys: Arc<TokenKeys>,
    directory: DirectoryPeer,
    ledger: LedgerPeer,
    tasks: TasksPeer,
    supervision: SupervisionPeer,
    template_dir: Option<PathBuf>,
    grace: Duration,
    tls: Option<tonic::transport::ServerTlsConfig>,
    clock: Clock,
    opinions: OpinionSettings,
}

impl Application {
    /// Connects to the database, applies pending migrations, loads (or creates) the signing key shared
    /// with the other services, and binds the listener.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.server.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.server.listen))?;
        Self::build_with(settings, listener, Clock::system()).await
    }

    /// Like [`Application::build`] on a listener and a clock of the caller's.
    pub async fn build_with(
        settings: &Settings,
        listener: TcpListener,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        let admin = admin::bind(&settings.admin)
            .await
            .map_err(anyhow::Error::msg)?;
        let opened = qinglian_kit::startup::open::<Migrator>(&settings.database, &settings.auth)
            .await
            .map_err(anyhow::Error::msg)?;
        let (store, keys) = (opened.store, opened.keys);
        let directory = DirectoryPeer::new(&settings.peers, keys.clone(), "oversight")
            .map_err(anyhow::Error::msg)?;
        let ledger = LedgerPeer::new(&settings.peers, keys.clone(), "oversight")
            .map_err(anyhow::Error::msg)?;
        let tasks = TasksPeer::new(&settings.peers, keys.clone(), "oversight")
            .map_err(anyhow::Error::msg)?;
        let supervision = SupervisionPeer::new(&settings.peers, keys.clone(), "oversight")
            .map_err(anyhow::Error::msg)?;
        let peers = &settings.peers;
        let readiness_peers = vec![
            Peer::new("tasks", &peers.tasks, peers, keys.clone(), "oversight"),
            Peer::new(
                "supervision",
                &peers.supervision,
                peers,
                keys.clone(),
                "oversight",
            ),
        ]
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(anyhow::Error::msg)?;
        let template_dir = (!settings.reports.template_dir.is_empty())
            .then(|| PathBuf::from(&settings.reports.template_dir));
        Ok(Self {
            listener,
            admin,
            readiness_peers,
            store,
            keys,
            directory,
            ledger,
            tasks,
            supervision,
            template_dir,
            grace: settings.server.shutdown_grace,
            tls: settings.server.tls_config().map_err(anyhow::Error::msg)?,
            clock,
            opinions: settings.opinions.clone(),
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The bound address of the admin HTTP listener (metrics and health).
    pub fn admin_addr(&self) -> std::io::Result<SocketAddr> {
        self.admin.local_addr()
    }

    /// Every API of the service behind `host`'s interceptor.
    fn routes(&self, host: &Host) -> RoutesBuilder {
        let api = OversightApi::new(
            Activities::new(
                self.store.clone(),
                self.directory.clone(),
                self.clock.clone(),
            ),
            Opinions::new(
                self.store.clone(),
                self.directory.clone(),
                self.ledger.clone(),
                self.clock.clone(),
                self.opinions.clone(),
            ),
            Documents::new(
                self.store.clone(),
                self.directory.clone(),
                self.clock.clone(),
            ),
            OversightStatistics::new(self.store.clone(), self.directory.clone()),
            self.directory.clone(),
        );
        let reports = Reports::new(
            self.store.clone(),
            self.directory.clone(),
            self.tasks.clone(),
            self.supervision.clone(),
            OversightStatistics::new(self.store.clone(), self.directory.clone()),
            self.template_dir.clone(),
        );
        let mut routes = RoutesBuilder::default();
        routes.add_service(OversightServiceServer::with_interceptor(
            api,
            host.interceptor(),
        ));
        routes.add_service(ReportServiceServer::with_interceptor(
            ReportApi::new(reports),
            host.interceptor(),
        ));
        routes
    }

    /// Serves until `shutdown` is cancelled, then drains within the grace period.
    pub async fn run_until_stopped(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let host = Host {
            store: self.store.clone(),
            keys: self.keys.clone(),
            shutdown,
            domain: DOMAIN,
            metrics: Metrics::new(),
            tls: self.tls.clone(),
        };
        let routes = self.routes(&host);
        tracing::info!(address = %self.listener.local_addr()?, "oversight reporting service listening");
        let readiness = Readiness::new(self.store.clone(), host.shutdown.clone())
            .with_peers(self.readiness_peers.clone());
        let admin = admin::spawn(self.admin, host.metrics.clone(), readiness);
        server::serve(self.listener, routes, &SERVICE_NAMES, &host, self.grace).await?;
        admin.stop().await;
        self.store
            .close()
            .await
            .context("cannot close the database")?;
        tracing::info!("oversight reporting service stopped");
        Ok(())
    }
}

impl qinglian_kit::entry::Service for Application {
    type Settings = Settings;

    const BINARY: &'static str = "qinglian-oversight";

    fn load(
        data_dir: &std::path::Path,
        file: Option<&std::path::Path>,
        env: &qinglian_kit::settings::EnvSource,
    ) -> Result<Settings, String> {
        crate::settings::load(data_dir, file, env)
    }

    fn log(settings: &Settings) -> &qinglian_kit::settings::LogSettings {
        &settings.log
    }

    async fn build(settings: &Settings) -> anyhow::Result<Self> {
        Self::build(settings).await
    }

    async fn run_until_stopped(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        Self::run_until_stopped(self, shutdown).await
    }
}
