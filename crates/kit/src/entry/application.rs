//! A service bound, opened and assembled, then served beside the shared APIs and drained.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use qinglian_store::Store;
use qinglian_store::lock::DataLock;
use tokio::net::TcpListener;

use super::{Service, Serving};
use crate::admin::{self, Readiness};
use crate::auth::{Role, TokenKeys};
use crate::clock::Clock;
use crate::metrics::Metrics;
use crate::server::{self, Host};
use crate::settings::Settings;
use crate::shutdown::CancellationToken;
use crate::startup::Opened;

/// How long the admin token shown on a first start is valid.
const FIRST_ADMIN_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// Service `S`, bound and migrated, not yet serving.
#[derive(Debug)]
pub struct Application<S> {
    listener: TcpListener,
    admin: TcpListener,
    store: Store,
    keys: Arc<TokenKeys>,
    drain: server::Drain,
    tls: Option<tonic::transport::ServerTlsConfig>,
    first_admin_token: Option<String>,
    service: S,
    /// Held until the store is closed, so that no restore replaces the database under it.
    lock: Option<DataLock>,
}

impl<S: Service> Application<S> {
    /// Binds the listener of `settings`, then builds as [`Application::build_with`] does.
    pub async fn build(settings: &Settings<S::Sections>) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.server.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.server.listen))?;
        Self::build_with(settings, listener, Clock::system()).await
    }

    /// Binds the admin listener, connects to the database and applies pending migrations, loads (or
    /// on a first start creates) the signing key, and assembles the service on `listener`, judging
    /// days by `clock` (tests bind 127.0.0.1:0 and walk a fixed clock).
    pub async fn build_with(
        settings: &Settings<S::Sections>,
        listener: TcpListener,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        let tls = settings.server.tls_config().map_err(anyhow::Error::msg)?;
        let admin = admin::bind(&settings.admin)
            .await
            .map_err(anyhow::Error::msg)?;
        let mut opened = crate::startup::open::<S::Migrator>(&settings.database, &settings.auth)
            .await
            .map_err(anyhow::Error::msg)?;
        let lock = opened.lock.take();
        let built = Self::admin_token_for(&opened)
            .and_then(|token| Ok((token, S::assemble(&opened, settings, clock)?)));
        let (first_admin_token, service) = match built {
            Ok(built) => built,
            Err(e) => {
                if opened.key_created {
                    // A start that fails leaves no key it made: the next one makes it again and
                    // shows its admin token, which this one never did.
                    let _ = std::fs::remove_file(&settings.auth.key_file);
                }
                return Err(e);
            }
        };
        if let Some(lock) = &lock {
            // Started on the database: what an earlier restore set aside is no longer needed.
            for folder in lock.discard_replaced().map_err(anyhow::Error::msg)? {
                tracing::info!(folder = %folder.display(), "removed the files a restore replaced");
            }
        }
        Ok(Self {
            listener,
            admin,
            store: opened.store,
            keys: opened.keys,
            drain: server::Drain {
                delay: settings.server.drain_delay,
                grace: settings.server.shutdown_grace,
            },
            tls,
            first_admin_token,
            service,
            lock,
        })
    }

    /// An admin token when `opened` created the signing key.
    fn admin_token_for(opened: &Opened) -> anyhow::Result<Option<String>> {
        if !opened.key_created {
            return Ok(None);
        }
        opened
            .keys
            .issue("admin", Role::Admin, None, FIRST_ADMIN_TOKEN_TTL)
            .map(Some)
            .map_err(anyhow::Error::msg)
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

    /// Serves until `shutdown` is cancelled, then drains (see [`server::Drain`]), stops the
    /// service's background work and the admin listener, and closes the store.
    pub async fn run_until_stopped(self, shutdown: CancellationToken) -> anyhow::Result<()> {
        let host = Host {
            store: self.store.clone(),
            keys: self.keys.clone(),
            shutdown,
            domain: S::DOMAIN,
            metrics: Metrics::new(),
            tls: self.tls.clone(),
        };
        let readiness = Readiness::new(self.store.clone(), host.shutdown.clone())
            .with_peers(self.service.readiness_peers());
        let Serving {
            routes,
            names,
            background,
        } = self.service.serve(&host);
        tracing::info!(address = %self.listener.local_addr()?, "{} listening", S::TITLE);
        let admin = admin::spawn(self.admin, host.metrics.clone(), readiness);
        let served = server::serve(self.listener, routes, &names, &host, self.drain).await;
        for task in background {
            task.abort();
        }
        admin.stop().await;
        served?;
        self.store
            .close()
            .await
            .context("cannot close the database")?;
        drop(self.lock);
        tracing::info!("{} stopped", S::TITLE);
        Ok(())
    }
}
