//! The three services of the demo, in this process: bound at the addresses their settings name, each
//! told where the others were bound, on fresh embedded databases and the demo clock; started, waited
//! for until healthy, and stopped together.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::clock::Clock;
use qinglian_kit::settings::EnvSource;
use qinglian_kit::shutdown::CancellationToken;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use crate::demo;

/// The three services running in this process.
pub struct Deployment {
    /// Where the task-assignment, supervision-records and oversight services listen.
    pub addresses: [SocketAddr; 3],
    /// Where their admin HTTP listeners (metrics and health) listen, in the same order.
    pub admin_addresses: [SocketAddr; 3],
    servers: Vec<JoinHandle<anyhow::Result<()>>>,
    /// Cancelled on SIGTERM or SIGINT, or to stop the demo.
    pub shutdown: CancellationToken,
    /// The admin token shown to the operator.
    pub admin_token: String,
}

/// Binds `address` for `service`, saying how to move it when it is taken.
async fn bind(service: &str, address: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(address).await.with_context(|| {
        format!(
            "cannot listen on {address} for the {service} service (is another qinglian running?); \
             free the port or set QINGLIAN_{}__SERVER__LISTEN",
            service.to_uppercase()
        )
    })
}

/// How the other services reach a service bound to `address`.
fn url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, address.port()))
}

/// Builds the three services on the embedded databases of `data_dir` and the demo clock, and starts
/// serving; the first start of the task service creates the signing key, returned for the loader.
pub async fn start(
    data_dir: &Path,
    config: Option<&Path>,
    clock: Clock,
) -> anyhow::Result<(Deployment, TokenKeys)> {
    let env = EnvSource::Process;
    let msg = anyhow::Error::msg;
    let mut tasks = qinglian_tasks::settings::load(data_dir, config, &env).map_err(msg)?;
    let mut supervision =
        qinglian_supervision::settings::load(data_dir, config, &env).map_err(msg)?;
    let mut oversight = qinglian_oversight::settings::load(data_dir, config, &env).map_err(msg)?;
    // Fresh embedded databases and key, whatever a settings file says; quiet logs unless configured.
    tasks.database = qinglian_tasks::settings::defaults(data_dir).database;
    supervision.database = qinglian_supervision::settings::defaults(data_dir).database;
    oversight.database = qinglian_oversight::settings::defaults(data_dir).database;
    let key_file = data_dir.join("auth.key");
    for auth in [&mut tasks.auth, &mut supervision.auth, &mut oversight.auth] {
        auth.key_file = key_file.clone();
    }
    let default_filter = qinglian_tasks::settings::defaults(data_dir).log.filter;
    if tasks.log.filter == default_filter {
        tasks.log.filter = "warn".to_owned();
    }
    // The demo's spans, if exported, go out in batches while it serves; the last batch may be lost.
    let _telemetry = qinglian_kit::telemetry::init(&tasks.log, "qinglian").map_err(msg)?;

    let listeners = [
        bind("tasks", tasks.server.listen).await?,
        bind("supervision", supervision.server.listen).await?,
        bind("oversight", oversight.server.listen).await?,
    ];
    let addresses = [
        listeners[0].local_addr()?,
        listeners[1].local_addr()?,
        listeners[2].local_addr()?,
    ];
    supervision.peers.tasks = url(addresses[0]);
    oversight.peers.tasks = url(addresses[0]);
    oversight.peers.supervision = url(addresses[1]);
    let [tasks_listener, supervision_listener, oversight_listener] = listeners;
    let tasks_app = qinglian_tasks::Application::build_with(&tasks, tasks_listener, clock.clone())
        .await
        .context("task assignment service")?;
    let supervision_app = qinglian_supervision::Application::build_with(
        &supervision,
        supervision_listener,
        clock.clone(),
    )
    .await
    .context("supervision records service")?;
    let oversight_app =
        qinglian_oversight::Application::build_with(&oversight, oversight_listener, clock)
            .await
            .context("oversight reporting service")?;
    let (secret, _) = load_or_create_key(&key_file).map_err(msg)?;
    let keys = TokenKeys::from_secret(&secret, &tasks.auth.issuer).map_err(msg)?;
    let admin_addresses = [
        tasks_app.admin_addr()?,
        supervision_app.admin_addr()?,
        oversight_app.admin_addr()?,
    ];
    let admin_token = match tasks_app.first_admin_token() {
        Some(token) => token.to_owned(),
        None => keys
            .issue("admin", Role::Admin, None, Duration::from_secs(8 * 3600))
            .map_err(msg)?,
    };
    let shutdown = qinglian_kit::shutdown::on_signal();
    let servers = vec![
        tokio::spawn(tasks_app.run_until_stopped(shutdown.clone())),
        tokio::spawn(supervision_app.run_until_stopped(shutdown.clone())),
        tokio::spawn(oversight_app.run_until_stopped(shutdown.clone())),
    ];
    let deployment = Deployment {
        addresses,
        admin_addresses,
        servers,
        shutdown,
        admin_token,
    };
    for address in deployment.addresses {
        if let Err(e) = serving(address).await {
            deployment.stop().await?;
            return Err(e);
        }
    }
    Ok((deployment, keys))
}

/// Waits until the service at `address` says SERVING, for at most ten seconds.
async fn serving(address: SocketAddr) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(channel) = connect(address).await
            && let Ok(response) = HealthClient::new(channel)
                .check(HealthCheckRequest::default())
                .await
            && response.get_ref().status == ServingStatus::Serving as i32
        {
            return Ok(());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the service on {address} did not become healthy"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A channel to the service bound to `address`.
pub async fn connect(address: SocketAddr) -> anyhow::Result<Channel> {
    Ok(Endpoint::from_shared(url(address))?
        .connect_timeout(Duration::from_secs(3))
        .connect()
        .await?)
}

impl Deployment {
    /// Stops the services and waits for them to drain.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        self.until_stopped().await
    }

    /// Serves until SIGTERM or SIGINT, the demo clock running on in real time from the report day,
    /// then drains like `serve`.
    pub async fn serve(self, clock: Clock) -> anyhow::Result<()> {
        let start = demo::morning(demo::REPORT_DAY)?;
        let began = std::time::Instant::now();
        let shutdown = self.shutdown.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    _ = tick.tick() => {
                        let elapsed = chrono::Duration::from_std(began.elapsed()).unwrap_or_default();
                        clock.set(start + elapsed);
                    }
                }
            }
        });
        self.until_stopped().await
    }

    async fn until_stopped(self) -> anyhow::Result<()> {
        for server in self.servers {
            server.await.context("a service stopped abnormally")??;
        }
        Ok(())
    }
}
