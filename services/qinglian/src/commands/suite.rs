//! The three services in one process, each on its own port and talking to the others over gRPC as
//! separate deployments do, run through the shared start-up (`qinglian_kit::entry`): their settings
//! loaded together, built, served and stopped together. `serve` and `demo` both run them so.

use qinglian_kit::settings::ConfigFiles;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use qinglian_kit::clock::Clock;
use qinglian_kit::settings::EnvSource;
use qinglian_kit::shutdown::CancellationToken;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The settings of the three services.
#[derive(Clone, Debug)]
pub struct SuiteSettings {
    /// The task-assignment service's.
    pub tasks: qinglian_tasks::Settings,
    /// The supervision-records service's.
    pub supervision: qinglian_supervision::Settings,
    /// The oversight-reporting service's.
    pub oversight: qinglian_oversight::Settings,
}

impl SuiteSettings {
    /// Each service's settings for `data_dir`, then `config`, then its environment variables.
    pub fn load(data_dir: &Path, files: &ConfigFiles) -> anyhow::Result<Self> {
        let env = EnvSource::Process;
        let msg = anyhow::Error::msg;
        Ok(Self {
            tasks: qinglian_tasks::Settings::load_from(data_dir, files, &env).map_err(msg)?,
            supervision: qinglian_supervision::Settings::load_from(data_dir, files, &env)
                .map_err(msg)?,
            oversight: qinglian_oversight::Settings::load_from(data_dir, files, &env)
                .map_err(msg)?,
        })
    }
}

/// The listener settings of `service` (`tasks`, `supervision` or `oversight`) alone, read as that
/// service reads them.
pub fn server_of(
    service: &str,
    data_dir: &Path,
    files: &ConfigFiles,
) -> anyhow::Result<qinglian_kit::settings::ServerSettings> {
    let env = EnvSource::Process;
    match service {
        "tasks" => qinglian_tasks::Settings::load_from(data_dir, files, &env).map(|s| s.server),
        "supervision" => {
            qinglian_supervision::Settings::load_from(data_dir, files, &env).map(|s| s.server)
        }
        "oversight" => {
            qinglian_oversight::Settings::load_from(data_dir, files, &env).map(|s| s.server)
        }
        other => Err(format!("no service {other}")),
    }
    .map_err(anyhow::Error::msg)
}

/// Binds `address` for `service` (`tasks`, `supervision` or `oversight`), saying how to move it when
/// it is taken.
pub async fn bind(service: &str, address: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address).await.with_context(|| {
        format!(
            "cannot listen on {address} for the {service} service (is another qinglian running?); \
             free the port or set QINGLIAN_{}__SERVER__LISTEN",
            service.to_uppercase()
        )
    })
}

/// Binds the listeners `settings` name: tasks, supervision, oversight.
pub async fn bind_all(settings: &SuiteSettings) -> anyhow::Result<[TcpListener; 3]> {
    Ok([
        bind("tasks", settings.tasks.server.listen).await?,
        bind("supervision", settings.supervision.server.listen).await?,
        bind("oversight", settings.oversight.server.listen).await?,
    ])
}

/// The three services, built and bound, not yet serving.
pub struct Suite {
    tasks: qinglian_tasks::Application,
    supervision: qinglian_supervision::Application,
    oversight: qinglian_oversight::Application,
}

impl Suite {
    /// Builds the services of `settings` on `listeners` (tasks, supervision, oversight), judging days
    /// by `clock`. The task service is built first: on a first start it creates the signing key the
    /// others then read.
    pub async fn build(
        settings: &SuiteSettings,
        listeners: [TcpListener; 3],
        clock: Clock,
    ) -> anyhow::Result<Self> {
        let [tasks, supervision, oversight] = listeners;
        Ok(Self {
            tasks: qinglian_tasks::Application::build_with(&settings.tasks, tasks, clock.clone())
                .await
                .context("task assignment service")?,
            supervision: qinglian_supervision::Application::build_with(
                &settings.supervision,
                supervision,
                clock.clone(),
            )
            .await
            .context("supervision records service")?,
            oversight: qinglian_oversight::Application::build_with(
                &settings.oversight,
                oversight,
                clock,
            )
            .await
            .context("oversight reporting service")?,
        })
    }

    /// Where the services listen: tasks, supervision, oversight.
    pub fn addresses(&self) -> std::io::Result<[SocketAddr; 3]> {
        Ok([
            self.tasks.local_addr()?,
            self.supervision.local_addr()?,
            self.oversight.local_addr()?,
        ])
    }

    /// Where their admin HTTP listeners (metrics and health) listen, in the same order.
    pub fn admin_addresses(&self) -> std::io::Result<[SocketAddr; 3]> {
        Ok([
            self.tasks.admin_addr()?,
            self.supervision.admin_addr()?,
            self.oversight.admin_addr()?,
        ])
    }

    /// An admin token, when this start created the signing key; to be shown to the operator once.
    pub fn first_admin_token(&self) -> Option<&str> {
        self.tasks.first_admin_token()
    }

    /// Serves every service until `shutdown` is cancelled; each drains on its own task. A service that
    /// fails while serving cancels `shutdown`, so the others drain too rather than serve without it.
    pub fn spawn(self, shutdown: &CancellationToken) -> Vec<JoinHandle<anyhow::Result<()>>> {
        vec![
            together(self.tasks.run_until_stopped(shutdown.clone()), shutdown),
            together(
                self.supervision.run_until_stopped(shutdown.clone()),
                shutdown,
            ),
            together(self.oversight.run_until_stopped(shutdown.clone()), shutdown),
        ]
    }
}

/// Runs `serving` on its own task, cancelling `shutdown` when it fails.
fn together(
    serving: impl Future<Output = anyhow::Result<()>> + Send + 'static,
    shutdown: &CancellationToken,
) -> JoinHandle<anyhow::Result<()>> {
    let shutdown = shutdown.clone();
    tokio::spawn(async move {
        let served = serving.await;
        if served.is_err() {
            shutdown.cancel();
        }
        served
    })
}

/// Waits for every service of `servers` to stop, answering the first failure.
pub async fn until_stopped(servers: Vec<JoinHandle<anyhow::Result<()>>>) -> anyhow::Result<()> {
    let mut first = Ok(());
    for server in servers {
        let stopped = server
            .await
            .context("a service stopped abnormally")
            .and_then(|stopped| stopped);
        if first.is_ok() {
            first = stopped;
        }
    }
    first
}
