//! The three services of the demo, in this process: bound at the addresses their settings name, each
//! told where the others were bound, on fresh embedded databases and the demo clock; started, waited
//! for until healthy, and stopped together.

use qinglian_kit::settings::ConfigFiles;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::clock::Clock;
use qinglian_kit::shutdown::CancellationToken;
use tokio::task::JoinHandle;
use tonic::transport::Channel;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use crate::commands::suite::{self, Suite, SuiteSettings};
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
    files: &ConfigFiles,
    clock: Clock,
) -> anyhow::Result<(Deployment, TokenKeys)> {
    let msg = anyhow::Error::msg;
    let mut settings = SuiteSettings::load(data_dir, files)?;
    // Fresh embedded databases and key, whatever a settings file says; quiet logs unless configured.
    settings.tasks.database = qinglian_tasks::Settings::defaults(data_dir).database;
    settings.supervision.database = qinglian_supervision::Settings::defaults(data_dir).database;
    settings.oversight.database = qinglian_oversight::Settings::defaults(data_dir).database;
    let key_file = data_dir.join("auth.key");
    for auth in [
        &mut settings.tasks.auth,
        &mut settings.supervision.auth,
        &mut settings.oversight.auth,
    ] {
        auth.key_file = key_file.clone();
    }
    let default_filter = qinglian_tasks::Settings::defaults(data_dir).log.filter;
    if settings.tasks.log.filter == default_filter {
        settings.tasks.log.filter = "warn".to_owned();
    }
    // The demo's spans, if exported, go out in batches while it serves; the last batch may be lost.
    let _telemetry = qinglian_kit::telemetry::init(&settings.tasks.log, "qinglian").map_err(msg)?;

    // Bound first, so that each service is told where the others were bound.
    let listeners = suite::bind_all(&settings).await?;
    let [tasks_at, supervision_at, _] = [
        listeners[0].local_addr()?,
        listeners[1].local_addr()?,
        listeners[2].local_addr()?,
    ];
    settings.supervision.service.peers.tasks = url(tasks_at);
    settings.oversight.service.peers.tasks = url(tasks_at);
    settings.oversight.service.peers.supervision = url(supervision_at);
    let suite = Suite::build(&settings, listeners, clock).await?;
    let (secret, _) = load_or_create_key(&key_file).map_err(msg)?;
    let keys = TokenKeys::from_secret(&secret, &settings.tasks.auth.issuer).map_err(msg)?;
    let addresses = suite.addresses()?;
    let admin_addresses = suite.admin_addresses()?;
    let admin_token = match suite.first_admin_token() {
        Some(token) => token.to_owned(),
        None => keys
            .issue("admin", Role::Admin, None, Duration::from_secs(8 * 3600))
            .map_err(msg)?,
    };
    let shutdown = qinglian_kit::shutdown::on_signal();
    let servers = suite.spawn(&shutdown);
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
    qinglian_kit::client::connect(&url(address), None, Duration::from_secs(3), None)
        .await
        .map_err(anyhow::Error::msg)
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
        suite::until_stopped(self.servers).await
    }
}
