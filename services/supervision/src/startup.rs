//! Building and running the service: `Application::build` connects, migrates and binds;
//! `run_until_stopped` serves until the shutdown token is cancelled.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use qinglian_api::supervision::v1::talk_service_server::TalkServiceServer;
use qinglian_domain::deadlines;
use qinglian_kit::admin::{self, Readiness};
use qinglian_kit::auth::TokenKeys;
use qinglian_kit::clock::Clock;
use qinglian_kit::metrics::Metrics;
use qinglian_kit::peers::DirectoryPeer;
use qinglian_kit::server::{self, Host};
use qinglian_kit::shutdown::CancellationToken;
use qinglian_store::Store;
use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::checks::Checks;
use crate::education::Education;
use crate::error::DOMAIN;
use crate::grpc::checks::CheckApi;
use crate::grpc::education::EducationApi;
use crate::grpc::rectifications::RectificationApi;
use crate::grpc::regulations::RegulationApi;
use crate::grpc::statistics::StatisticsApi;
use crate::grpc::talks::TalkApi;
use crate::ledger::Ledger;
use crate::migrations::Migrator;
use crate::regulations::Regulations;
use crate::settings::{LedgerSettings, Settings};
use crate::statistics::SupervisionStatistics;
use crate::talks::Talks;
use qinglian_api::supervision::v1::check_service_server::CheckServiceServer;
use qinglian_api::supervision::v1::education_service_server::EducationServiceServer;
use qinglian_api::supervision::v1::rectification_service_server::RectificationServiceServer;
use qinglian_api::supervision::v1::regulation_service_server::RegulationServiceServer;
use qinglian_api::supervision::v1::statistics_service_server::StatisticsServiceServer;

/// The APIs served, for health and reflection.
const SERVICE_NAMES: [&str; 6] = [
    <StatisticsServiceServer<StatisticsApi> as NamedService>::NAME,
    <RectificationServiceServer<RectificationApi> as NamedService>::NAME,
    <CheckServiceServer<CheckApi> as NamedService>::NAME,
    <RegulationServiceServer<RegulationApi> as NamedService>::NAME,
    <TalkServiceServer<TalkApi> as NamedService>::NAME,
    <EducationServiceServer<EducationApi> as NamedService>::NAME,
];

/// A built service, bound and migrated, not yet serving.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    admin: TcpListener,
    store: Store,
    keys: Arc<TokenKeys>,
    directory: DirectoryPeer,
    grace: Duration,
    tls: Option<tonic::transport::ServerTlsConfig>,
    clock: Clock,
    ledger: LedgerSettings,
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
        let directory = DirectoryPeer::new(&settings.peers, keys.clone(), "supervision")
            .map_err(anyhow::Error::msg)?;
        Ok(Self {
            listener,
            admin,
            store,
            keys,
            directory,
            grace: settings.server.shutdown_grace,
            tls: settings.server.tls_config().map_err(anyhow::Error::msg)?,
            clock,
            ledger: settings.ledger.clone(),
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

    /// Every API of the service behind `host`'s interceptor, the ledger's over `ledger`.
    fn routes(&self, host: &Host, ledger: Ledger) -> RoutesBuilder {
        let mut routes = RoutesBuilder::default();
        let talks = Talks::new(
            self.store.clone(),
            self.directory.clone(),
            self.clock.clone(),
        );
        routes.add_service(TalkServiceServer::with_interceptor(
            TalkApi::new(talks, self.directory.clone()),
            host.interceptor(),
        ));
        let education = Education::new(
            self.store.clone(),
            self.directory.clone(),
            self.clock.clone(),
        );
        routes.add_service(EducationServiceServer::with_interceptor(
            EducationApi::new(education, self.directory.clone()),
            host.interceptor(),
        ));
        routes.add_service(RegulationServiceServer::with_interceptor(
            RegulationApi::new(
                Regulations::new(self.store.clone(), self.directory.clone()),
                self.directory.clone(),
            ),
            host.interceptor(),
        ));
        routes.add_service(CheckServiceServer::with_interceptor(
            CheckApi::new(
                Checks::new(self.store.clone(), self.directory.clone()),
                self.directory.clone(),
            ),
            host.interceptor(),
        ));
        routes.add_service(RectificationServiceServer::with_interceptor(
            RectificationApi::new(ledger, self.directory.clone()),
            host.interceptor(),
        ));
        routes.add_service(StatisticsServiceServer::with_interceptor(
            StatisticsApi::new(
                SupervisionStatistics::new(self.store.clone(), self.directory.clone()),
                self.directory.clone(),
            ),
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
        let ledger = Ledger::new(
            self.store.clone(),
            self.directory.clone(),
            self.clock.clone(),
            self.ledger.clone(),
        )
        .counting_into(host.metrics.escalations());
        let routes = self.routes(&host, ledger.clone());
        let (interval, stop) = (self.ledger.sweep_interval, host.shutdown.clone());
        let sweeper = tokio::spawn(async move {
            let caller = deadlines::sweeper();
            deadlines::sweep_every(interval, stop, "ledger", || ledger.sweep(&caller)).await;
        });
        tracing::info!(address = %self.listener.local_addr()?, "supervision records service listening");
        let readiness = Readiness::new(self.store.clone(), host.shutdown.clone());
        let admin = admin::spawn(self.admin, host.metrics.clone(), readiness);
        server::serve(self.listener, routes, &SERVICE_NAMES, &host, self.grace).await?;
        sweeper.abort();
        admin.stop().await;
        self.store
            .close()
            .await
            .context("cannot close the database")?;
        tracing::info!("supervision records service stopped");
        Ok(())
    }
}

impl qinglian_kit::entry::Service for Application {
    type Settings = Settings;

    const BINARY: &'static str = "qinglian-supervision";

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
