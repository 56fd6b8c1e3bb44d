//! Building and running the service: `Application::build` connects, migrates and binds;
//! `run_until_stopped` serves until the shutdown token is cancelled.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use qinglian_api::tasks::v1::directory_service_server::DirectoryServiceServer;
use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::clock::Clock;
use qinglian_kit::server::{self, Host};
use qinglian_kit::shutdown::CancellationToken;
use qinglian_store::Store;
use tokio::net::TcpListener;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::directory::Directory;
use crate::error::DOMAIN;
use crate::grpc::directory::DirectoryApi;
use crate::migrations::Migrator;
use crate::settings::Settings;

/// How long the admin token printed on first start is valid.
const FIRST_ADMIN_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// A built service, bound and migrated, not yet serving.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    store: Store,
    keys: Arc<TokenKeys>,
    grace: Duration,
    first_admin_token: Option<String>,
    clock: Clock,
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
        let store = Store::connect(&settings.database.url, &settings.connect_settings())
            .await
            .context("cannot open the database")?;
        qinglian_store::migrate::run::<Migrator>(store.conn())
            .await
            .context("cannot migrate the database")?;
        let (secret, created) =
            load_or_create_key(&settings.auth.key_file).map_err(anyhow::Error::msg)?;
        let keys = Arc::new(
            TokenKeys::from_secret(&secret, &settings.auth.issuer).map_err(anyhow::Error::msg)?,
        );
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
            store,
            keys,
            grace: settings.server.shutdown_grace,
            first_admin_token,
            clock,
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
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
        };
        let directory = DirectoryApi::new(Directory::new(self.store.clone()));
        let mut routes = RoutesBuilder::default();
        routes.add_service(DirectoryServiceServer::with_interceptor(
            directory,
            host.interceptor(),
        ));
        let names = [<DirectoryServiceServer<DirectoryApi> as NamedService>::NAME];
        tracing::info!(address = %self.listener.local_addr()?, "task assignment service listening");
        server::serve(self.listener, routes, &names, &host, self.grace).await?;
        self.store
            .close()
            .await
            .context("cannot close the database")?;
        tracing::info!("task assignment service stopped");
        Ok(())
    }
}
