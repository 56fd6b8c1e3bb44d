//! The three services as separate processes on free ports, each with its own database and settings
//! file, sharing one signing key, their peers pointing at each other (over mutual TLS in the `mtls`
//! variant); and the test's side of it: tokens signed with the key, channels, health waits, restarts.
//! When a run fails, every process's output is printed.

use std::path::Path;
use std::time::{Duration, Instant};

use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_test_support::tls::{CertifiedFiles, TestAuthority};
use qinglian_test_support::{Authed, bearer};
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus};

use super::admin;
use super::binaries::binaries;
use super::databases::Databases;
use super::process::ServiceProcess;

/// How the services talk: plain HTTP/2, or TLS with client certificates everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// `http://` between every party.
    Plain,
    /// `https://`, servers requiring a client certificate signed by the run's authority.
    MutualTls,
}

/// The services, in start order: the directory first, since the others call it.
pub const SERVICES: [&str; 3] = ["tasks", "supervision", "oversight"];

/// How long a service may take to say SERVING after it was started.
const START_BOUND: Duration = Duration::from_secs(30);

/// A running topology. Fields drop in order: processes first, then their databases, then the folder.
#[derive(Debug)]
pub struct Cluster {
    processes: Vec<ServiceProcess>,
    /// gRPC ports by service, in [`SERVICES`] order.
    ports: Vec<u16>,
    /// Admin HTTP ports (metrics, health, readiness) by service.
    admin_ports: Vec<u16>,
    keys: TokenKeys,
    /// The run's certificate authority and the test client's certificate, under mTLS.
    tls_files: Option<(TestAuthority, CertifiedFiles)>,
    /// The databases, dropped (WITH (FORCE) on PostgreSQL) after the processes are killed.
    pub databases: Databases,
    dir: tempfile::TempDir,
}

impl Cluster {
    /// Writes the key, certificates and settings files, starts the three services one after the
    /// other and waits until each says SERVING.
    pub async fn start(transport: Transport, variant: &str) -> Self {
        let binaries = binaries();
        let dir = tempfile::tempdir().expect("temp folder");
        let databases = Databases::create(variant).await;
        let key_file = dir.path().join("auth.key");
        let (secret, _) = load_or_create_key(&key_file).expect("signing key");
        let keys = TokenKeys::from_secret(&secret, "qinglian").expect("token keys");
        let ports: Vec<u16> = SERVICES.iter().map(|_| free_port()).collect();
        let admin_ports: Vec<u16> = SERVICES.iter().map(|_| free_port()).collect();
        let tls_files = (transport == Transport::MutualTls).then(|| {
            let folder = dir.path().join("tls");
            std::fs::create_dir_all(&folder).expect("tls folder");
            let authority = TestAuthority::new(&folder, "topology");
            let client = authority.issue("test-client");
            (authority, client)
        });
        let mut cluster = Self {
            processes: Vec::new(),
            ports,
            admin_ports,
            keys,
            tls_files,
            databases,
            dir,
        };
        for (index, service) in SERVICES.iter().enumerate() {
            let folder = cluster.dir.path().join(service);
            std::fs::create_dir_all(&folder).expect("service folder");
            let config = folder.join(format!("{service}.toml"));
            let settings = cluster.settings(index, &key_file);
            std::fs::write(&config, settings).expect("settings file");
            let prefix = format!("QINGLIAN_{}__", service.to_uppercase());
            let env = vec![
                (
                    format!("{prefix}DATABASE__URL"),
                    cluster.databases.of(service).url.clone(),
                ),
                (format!("{prefix}SERVER__SHUTDOWN_GRACE"), "5s".to_owned()),
                (format!("{prefix}SERVER__DRAIN_DELAY"), "1s".to_owned()),
            ];
            let binary = binaries.path(&format!("qinglian-{service}"));
            cluster
                .processes
                .push(ServiceProcess::new(service, binary, config, env, folder));
            cluster.processes[index].start();
            cluster.wait_until_serving(service).await;
        }
        cluster
    }

    /// The settings file of the service at `index`: listener, key, peers and TLS; the database comes
    /// from the environment.
    fn settings(&self, index: usize, key_file: &Path) -> String {
        let service = SERVICES[index];
        let mut toml = format!(
            "[server]\nlisten = \"127.0.0.1:{}\"\n\n[auth]\nkey_file = {}\nissuer = \"qinglian\"\n\n\
             [log]\nfilter = \"info,qinglian_store=warn\"\nformat = \"text\"\n\n\
             [admin]\nlisten = \"127.0.0.1:{}\"\n",
            self.ports[index],
            quoted(key_file),
            self.admin_ports[index]
        );
        if let Some((tls_files, _)) = &self.tls_files {
            let server = tls_files.issue(&format!("{service}-server"));
            toml.push_str(&format!(
                "\n[server.tls]\ncert_file = {}\nkey_file = {}\nclient_ca_file = {}\n",
                quoted(&server.cert_file),
                quoted(&server.key_file),
                quoted(&tls_files.ca_file)
            ));
        }
        if service != "tasks" {
            toml.push_str(&format!(
                "\n[peers]\ntasks = \"{}\"\nsupervision = \"{}\"\ntimeout = \"3s\"\nattempts = 3\n",
                self.url("tasks"),
                self.url("supervision")
            ));
            if let Some((tls_files, _)) = &self.tls_files {
                let client = tls_files.issue(&format!("{service}-client"));
                // The peers are called at 127.0.0.1 and checked as localhost, the other name in
                // their certificates.
                toml.push_str(&format!(
                    "\n[peers.tls]\nca_file = {}\ncert_file = {}\nkey_file = {}\ndomain = \"localhost\"\n",
                    quoted(&tls_files.ca_file),
                    quoted(&client.cert_file),
                    quoted(&client.key_file)
                ));
            }
        }
        toml
    }

    /// The URL of `service`.
    pub fn url(&self, service: &str) -> String {
        let scheme = if self.tls_files.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://127.0.0.1:{}", self.ports[index(service)])
    }

    /// A token for `subject` with `role`, scoped to `unit` when given, signed with the run's key.
    pub fn token(&self, subject: &str, role: Role, unit: Option<&str>) -> String {
        self.keys
            .issue(subject, role, unit, Duration::from_secs(3600))
            .expect("issue token")
    }

    /// The test's endpoint of `service`: with the authority and the test's certificate under mTLS.
    fn endpoint(&self, service: &str) -> Endpoint {
        let endpoint = Endpoint::from_shared(self.url(service))
            .expect("endpoint")
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30));
        match &self.tls_files {
            Some((tls_files, client)) => endpoint
                .tls_config(tls_files.client_config(Some(client)))
                .expect("client tls"),
            None => endpoint,
        }
    }

    /// A connected channel to `service`.
    pub async fn channel(&self, service: &str) -> Channel {
        self.endpoint(service)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connect to {service}: {e:?}"))
    }

    /// A channel to `service` sending `token` on every call.
    pub async fn authed(&self, service: &str, token: &str) -> Authed {
        InterceptedService::new(self.channel(service).await, bearer(token))
    }

    /// Whether a client that trusts the authority but presents no certificate can call `service`.
    pub async fn anonymous_client_is_served(&self, service: &str) -> bool {
        let (tls_files, _) = self.tls_files.as_ref().expect("an mTLS run");
        let endpoint = Endpoint::from_shared(self.url(service))
            .expect("endpoint")
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(5))
            .tls_config(tls_files.client_config(None))
            .expect("client tls");
        match endpoint.connect().await {
            Err(_) => false,
            Ok(channel) => HealthClient::new(channel)
                .check(HealthCheckRequest::default())
                .await
                .is_ok(),
        }
    }

    /// GETs `path` from the admin HTTP listener of `service`: the status code and the body.
    pub async fn admin_get(&self, service: &str, path: &str) -> (u16, String) {
        admin::get(service, self.admin_ports[index(service)], path).await
    }

    /// Waits until `service` says SERVING; fails at once when its process has exited.
    pub async fn wait_until_serving(&mut self, service: &str) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.processes[index(service)].exited() {
                panic!("{service} exited while starting: {status}");
            }
            if let Ok(channel) = self.endpoint(service).connect().await
                && let Ok(response) = HealthClient::new(channel)
                    .check(HealthCheckRequest::default())
                    .await
                && response.get_ref().status == ServingStatus::Serving as i32
            {
                return;
            }
            assert!(
                started.elapsed() < START_BOUND,
                "{service} did not become SERVING within {START_BOUND:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Stops `service` with SIGTERM, asserting it drains and exits cleanly, and starts the same binary
    /// again on the same port, database and settings.
    pub async fn restart(&mut self, service: &str) {
        let status = self.processes[index(service)].terminate().await;
        assert!(
            status.success(),
            "{service} stopped badly on SIGTERM: {status}"
        );
        self.processes[index(service)].start();
        self.wait_until_serving(service).await;
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "the topology failed; its files are in {} (removed now), its services said:",
                self.dir.path().display()
            );
            for process in &self.processes {
                process.print_logs();
            }
        }
    }
}

fn index(service: &str) -> usize {
    SERVICES
        .iter()
        .position(|s| *s == service)
        .unwrap_or_else(|| panic!("no service {service}"))
}

/// A port that was free a moment ago, taken below the kernel's ephemeral range: a port from
/// `bind(0)` can be handed to some outgoing connection (a database client's, say) before the service
/// binds it, while ports below 32768 are only ever taken by explicit binds.
fn free_port() -> u16 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let seed = std::process::id().wrapping_mul(7919)
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
    (0..2000)
        .map(|_| {
            let step = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            20000 + (seed.wrapping_add(step.wrapping_mul(97)) % 12000) as u16
        })
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .expect("a free port below the ephemeral range")
}

/// `path` as a TOML string.
fn quoted(path: &Path) -> String {
    let text = path.display().to_string();
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
