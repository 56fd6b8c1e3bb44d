//! Building and running the service: `Application::build` connects, migrates and binds;
//! `run_until_stopped` serves until the shutdown token is cancelled.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use qinglian_api::tasks::v1::directory_service_server::DirectoryServiceServer;
use qinglian_api::tasks::v1::duty_service_server::DutyServiceServer;
use qinglian_domain::deadlines;
use qinglian_kit::admin::{self, Readiness};
use qinglian_kit::auth::{Role, TokenKeys};
use qinglian_kit::clock::Clock;
use qinglian_kit::metrics::Metrics;
use qinglian_kit::server::{self, Host};
use qinglian_kit::shutdown::CancellationToken;
use qinglian_store::Store;
use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::assignments::Assignments;
use crate::directory::Directory;
use crate::duties::Duties;
use crate::error::DOMAIN;
use crate::escalations::Escalations;
use crate::grpc::directory::DirectoryApi;
use crate::grpc::duties::DutyApi;
use crate::grpc::escalations::EscalationApi;
use crate::grpc::tasks::TaskApi;
use crate::migrations::Migrator;
use crate::settings::Settings;
use crate::settings::WorkSettings;
use qinglian_api::tasks::v1::escalation_service_server::EscalationServiceServer;
use qinglian_api::tasks::v1::task_service_server::TaskServiceServer;

/// How long the admin token printed on first start is valid.
const FIRST_ADMIN_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// A built service, bound and migrated, not yet serving.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    admin: TcpListener,
    store: Store,
    keys: Arc<TokenKeys>,
    grace: Duration,
    tls: Option<tonic::transport::ServerTlsConfig>,
    first_admin_token: Option<String>,
    clock: Clock,
    work: WorkSettings,
}

impl Application {
    /// Connects to the database, applies pending migrations, loads (or on first start creates) the
    /// signing key, and binds the listener.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.server.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.server.listen))?;
        Self::build_with(settings, listener, Clock::system()).await
    }

    /// Like [`Application::build`] on a listener bound by the caller (tests bind 127.0.0.1:0) and a
    /// clock of the caller's (tests walk a fixed clock day by day).
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
        let (store, keys, created) = (opened.store, opened.keys, opened.key_created);
        let first_admin_token = if created {
            Some(
                keys.issue("admin", Role::Admin, None, FIRST_ADMIN_TOKEN_TTL)
                    .map_err(anyhow::Error::msg)?,
            )
        } else {
            None
        };
        Ok(Self {
            listener,
            admin,
            store,
            keys,
            grace: settings.server.shutdown_grace,
            tls: settings.server.tls_config().map_err(anyhow::Error::msg)?,
            first_admin_token,
            clock,
            work: settings.work.clone(),
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

    /// An admin token, when this start created the signing key; to be shown to the operator once.
    pub fn first_admin_token(&self) -> Option<&str> {
        self.first_admin_token.as_deref()
    }

    /// The service's store.
    pub fn store(&self) -> &Store {
        &self.store
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
        let directory = DirectoryApi::new(Directory::new(self.store.clone()));
        let assignments =
            Assignments::new(self.store.clone(), self.clock.clone(), self.work.clone());
        let mut routes = RoutesBuilder::default();
        routes.add_service(DirectoryServiceServer::with_interceptor(
            directory,
            host.interceptor(),
        ));
        routes.add_service(TaskServiceServer::with_interceptor(
            TaskApi::new(assignments),
            host.interceptor(),
        ));
        routes.add_service(DutyServiceServer::with_interceptor(
            DutyApi::new(Duties::new(self.store.clone(), self.clock.clone())),
            host.interceptor(),
        ));
        let escalations =
            Escalations::new(self.store.clone(), self.clock.clone(), self.work.clone())
                .counting_into(host.metrics.escalations());
        routes.add_service(EscalationServiceServer::with_interceptor(
            EscalationApi::new(escalations.clone()),
            host.interceptor(),
        ));
        let (interval, shutdown) = (self.work.sweep_interval, host.shutdown.clone());
        let sweeper = tokio::spawn(async move {
            let caller = deadlines::sweeper();
            deadlines::sweep_every(interval, shutdown, "tasks", || escalations.sweep(&caller))
                .await;
        });
        let names = vec![
            <EscalationServiceServer<EscalationApi> as NamedService>::NAME,
            <DirectoryServiceServer<DirectoryApi> as NamedService>::NAME,
            <TaskServiceServer<TaskApi> as NamedService>::NAME,
            <DutyServiceServer<DutyApi> as NamedService>::NAME,
        ];
        tracing::info!(address = %self.listener.local_addr()?, "task assignment service listening");
        let readiness = Readiness::new(self.store.clone(), host.shutdown.clone());
        let admin = admin::spawn(self.admin, host.metrics.clone(), readiness);
        server::serve(self.listener, routes, &names, &host, self.grace).await?;
        sweeper.abort();
        admin.stop().await;
        self.store
            .close()
            .await
            .context("cannot close the database")?;
        tracing::info!("task assignment service stopped");
        Ok(())
    }
}

impl qinglian_kit::entry::Service for Application {
    type Settings = Settings;

    const BINARY: &'static str = "qinglian-tasks";

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

    fn announce(&self, settings: &Settings) {
        if let Some(token) = self.first_admin_token() {
            println!(
                "created signing key {}; admin token (shown once):\n{token}",
                settings.auth.key_file.display()
            );
        }
    }

    async fn run_until_stopped(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        Self::run_until_stopped(self, shutdown).await
    }
}
