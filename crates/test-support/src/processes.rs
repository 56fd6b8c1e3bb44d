//! The members of a [`ClusterBuilder`] as the real service binaries, each a separate process on free
//! ports with a database and a settings file of its own, sharing one signing key, their peers pointing
//! at each other (over mutual TLS under [`Transport::MutualTls`]); and the test's side of it: tokens
//! signed with the key, channels, health waits, restarts by SIGTERM or after SIGKILL. When a test
//! fails, every process's output is printed.

mod binaries;
mod child;

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use qinglian_kit::auth::{Role, TokenKeys};
use qinglian_store::testing::{Backend, TestDatabase};
use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus};

use crate::ports::free_port;
use crate::tls::{CertifiedFiles, TestAuthority};
use crate::{Authed, ClusterBuilder, Member, bearer, http_get, test_keys};
use binaries::binaries;
use child::ServiceProcess;

/// How the services talk: plain HTTP/2, or TLS with client certificates everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// `http://` between every party.
    Plain,
    /// `https://`, servers requiring a client certificate signed by the run's authority.
    MutualTls,
}

/// How long a service may take to say SERVING after it was started.
const START_BOUND: Duration = Duration::from_secs(30);

/// One member running as a process: its binary's child, its ports and its database.
#[derive(Debug)]
struct Spawned {
    member: Member,
    process: ServiceProcess,
    port: u16,
    admin_port: u16,
    db: TestDatabase,
}

/// The chosen services running as processes of their real binaries. Fields drop in order: the
/// processes with their databases first (dropped WITH (FORCE) on PostgreSQL after the kill), then the
/// folder.
#[derive(Debug)]
pub struct Processes {
    spawned: Vec<Spawned>,
    keys: TokenKeys,
    /// The run's certificate authority and the test client's certificate, under mTLS.
    tls_files: Option<(TestAuthority, CertifiedFiles)>,
    backend: Backend,
    dir: tempfile::TempDir,
}

impl ClusterBuilder {
    /// Starts the chosen services as processes of their binaries (built by cargo on first use) over
    /// `transport`, one after the other, each SERVING when this returns. The binaries read the system
    /// clock, so a builder given another clock is refused.
    pub async fn spawn(self, transport: Transport) -> Processes {
        assert!(
            self.clock.is_none(),
            "service processes read the system clock; a cluster of processes cannot take another"
        );
        let binaries = binaries();
        let members = self.members();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp folder: {e}"));
        let key_file = dir.path().join("auth.key");
        let keys = test_keys(&key_file, "qinglian");
        let tls_files = (transport == Transport::MutualTls).then(|| {
            let folder = dir.path().join("tls");
            std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("tls folder: {e}"));
            let authority = TestAuthority::new(&folder, "topology");
            let client = authority.issue("test-client");
            (authority, client)
        });
        let backend = self.db.backend;
        let mut cluster = Processes {
            spawned: Vec::new(),
            keys,
            tls_files,
            backend,
            dir,
        };
        let ports: Vec<(u16, u16)> = members.iter().map(|_| (free_port(), free_port())).collect();
        let mut first = Some(self.db);
        for (member, (port, admin_port)) in members.iter().copied().zip(ports.iter().copied()) {
            let db = match first.take() {
                Some(db) => db,
                None => cluster.spawned[0].db.sibling(member.name()).await,
            };
            let folder = cluster.dir.path().join(member.name());
            std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("service folder: {e}"));
            let config = folder.join(format!("{member}.toml"));
            let settings = cluster.settings(member, port, admin_port, &members, &ports, &key_file);
            std::fs::write(&config, settings).unwrap_or_else(|e| panic!("settings file: {e}"));
            let prefix = format!("QINGLIAN_{}__", member.name().to_uppercase());
            let env = vec![
                (format!("{prefix}DATABASE__URL"), db.url.clone()),
                (format!("{prefix}SERVER__SHUTDOWN_GRACE"), "5s".to_owned()),
                (format!("{prefix}SERVER__DRAIN_DELAY"), "1s".to_owned()),
            ];
            let binary = binaries.path(&format!("qinglian-{member}"));
            let mut process = ServiceProcess::new(member.name(), binary, config, env, folder);
            process.start();
            cluster.spawned.push(Spawned {
                member,
                process,
                port,
                admin_port,
                db,
            });
            cluster.wait_until_serving(member).await;
        }
        cluster
    }
}

impl Processes {
    /// The settings file of `member`: listener, key, peers and TLS; the database comes from the
    /// environment. A peer that is not in the cluster is an address where nothing listens.
    fn settings(
        &self,
        member: Member,
        port: u16,
        admin_port: u16,
        members: &[Member],
        ports: &[(u16, u16)],
        key_file: &Path,
    ) -> String {
        let mut toml = format!(
            "[server]\nlisten = \"127.0.0.1:{port}\"\n\n[auth]\nkey_file = {}\nissuer = \"qinglian\"\n\n\
             [log]\nfilter = \"info,qinglian_store=warn\"\nformat = \"text\"\n\n\
             [admin]\nlisten = \"127.0.0.1:{admin_port}\"\n",
            quoted(key_file),
        );
        if let Some((authority, _)) = &self.tls_files {
            let server = authority.issue(&format!("{member}-server"));
            toml.push_str(&format!(
                "\n[server.tls]\ncert_file = {}\nkey_file = {}\nclient_ca_file = {}\n",
                quoted(&server.cert_file),
                quoted(&server.key_file),
                quoted(&authority.ca_file)
            ));
        }
        if member != Member::Tasks {
            let url_of = |peer: Member| {
                let port = members
                    .iter()
                    .position(|m| *m == peer)
                    .map_or_else(free_port, |i| ports[i].0);
                self.url_at(port)
            };
            toml.push_str(&format!(
                "\n[peers]\ntasks = \"{}\"\nsupervision = \"{}\"\ntimeout = \"3s\"\nattempts = 3\n",
                url_of(Member::Tasks),
                url_of(Member::Supervision)
            ));
            if let Some((authority, _)) = &self.tls_files {
                let client = authority.issue(&format!("{member}-client"));
                // The peers are called at 127.0.0.1 and checked as localhost, the other name in
                // their certificates.
                toml.push_str(&format!(
                    "\n[peers.tls]\nca_file = {}\ncert_file = {}\nkey_file = {}\ndomain = \"localhost\"\n",
                    quoted(&authority.ca_file),
                    quoted(&client.cert_file),
                    quoted(&client.key_file)
                ));
            }
        }
        toml
    }

    /// The backend every member's database is on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The members running, in start order.
    pub fn members(&self) -> Vec<Member> {
        self.spawned.iter().map(|s| s.member).collect()
    }

    /// The URL of `member`.
    pub fn url(&self, member: Member) -> String {
        self.url_at(self.of(member).port)
    }

    fn url_at(&self, port: u16) -> String {
        let scheme = match self.tls_files {
            Some(_) => "https",
            None => "http",
        };
        format!("{scheme}://127.0.0.1:{port}")
    }

    /// A token for `subject` with `role`, scoped to `unit` when given, signed with the run's key.
    pub fn token(&self, subject: &str, role: Role, unit: Option<&str>) -> String {
        self.keys
            .issue(subject, role, unit, Duration::from_secs(3600))
            .unwrap_or_else(|e| panic!("issue token: {e}"))
    }

    /// The test's endpoint of `member`: with the authority and the test's certificate under mTLS.
    fn endpoint(&self, member: Member) -> Endpoint {
        self.endpoint_at(self.of(member).port)
    }

    /// The test's endpoint of the service listening on `port`.
    fn endpoint_at(&self, port: u16) -> Endpoint {
        let endpoint = Endpoint::from_shared(self.url_at(port))
            .unwrap_or_else(|e| panic!("endpoint: {e}"))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30));
        match &self.tls_files {
            Some((authority, client)) => endpoint
                .tls_config(authority.client_config(Some(client)))
                .unwrap_or_else(|e| panic!("client tls: {e}")),
            None => endpoint,
        }
    }

    /// A connected channel to `member`.
    pub async fn channel(&self, member: Member) -> Channel {
        self.endpoint(member)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connect to {member}: {e:?}"))
    }

    /// A channel to `member` sending `token` on every call.
    pub async fn authed(&self, member: Member, token: &str) -> Authed {
        Authed::new(self.channel(member).await, bearer(token))
    }

    /// Whether a client that trusts the authority but presents no certificate can call `member`.
    pub async fn anonymous_client_is_served(&self, member: Member) -> bool {
        let (authority, _) = self
            .tls_files
            .as_ref()
            .unwrap_or_else(|| panic!("an mTLS run"));
        let endpoint = Endpoint::from_shared(self.url(member))
            .unwrap_or_else(|e| panic!("endpoint: {e}"))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(5))
            .tls_config(authority.client_config(None))
            .unwrap_or_else(|e| panic!("client tls: {e}"));
        match endpoint.connect().await {
            Err(_) => false,
            Ok(channel) => HealthClient::new(channel)
                .check(HealthCheckRequest::default())
                .await
                .is_ok(),
        }
    }

    /// GETs `path` from the admin HTTP listener of `member`: the status code and the body.
    pub async fn admin_get(&self, member: Member, path: &str) -> (u16, String) {
        let port = self.of(member).admin_port;
        http_get(SocketAddr::from(([127, 0, 0, 1], port)), path).await
    }

    /// Waits until `member` says SERVING; fails at once when its process has exited.
    async fn wait_until_serving(&mut self, member: Member) {
        let endpoint = self.endpoint(member);
        serving(endpoint, &mut self.of_mut(member).process).await;
    }

    /// Stops `member` with SIGTERM, asserting it drains and exits cleanly, and starts the same binary
    /// again on the same port, database and settings.
    pub async fn restart(&mut self, member: Member) {
        let status = self.of_mut(member).process.terminate().await;
        assert!(
            status.success(),
            "{member} stopped badly on SIGTERM: {status}"
        );
        self.of_mut(member).process.start();
        self.wait_until_serving(member).await;
    }

    /// Kills `member` with SIGKILL and starts the same binary again on the same port, database and
    /// settings; returns how long it took to say SERVING again.
    pub async fn crash_and_restart(&mut self, member: Member) -> Duration {
        self.of_mut(member).process.kill();
        let started = Instant::now();
        self.of_mut(member).process.start();
        self.wait_until_serving(member).await;
        started.elapsed()
    }

    fn of(&self, member: Member) -> &Spawned {
        self.spawned
            .iter()
            .find(|s| s.member == member)
            .unwrap_or_else(|| panic!("this cluster was spawned without {member}"))
    }

    fn of_mut(&mut self, member: Member) -> &mut Spawned {
        self.spawned
            .iter_mut()
            .find(|s| s.member == member)
            .unwrap_or_else(|| panic!("this cluster was spawned without {member}"))
    }
}

/// Another process of a member's binary on the same database and settings, on ports of its own, as
/// an orchestrator runs replicas of a service. Killed when dropped.
#[derive(Debug)]
pub struct Replica {
    process: ServiceProcess,
    port: u16,
}

impl Processes {
    /// Starts a replica of `member` (which must be running) and waits until it is SERVING. Only on
    /// PostgreSQL: an embedded database is locked by the one process that serves it.
    pub async fn start_replica(&mut self, member: Member) -> Replica {
        let (port, admin_port) = (free_port(), free_port());
        let members = self.members();
        let ports: Vec<(u16, u16)> = self
            .spawned
            .iter()
            .map(|s| (s.port, s.admin_port))
            .collect();
        let key_file = self.dir.path().join("auth.key");
        let folder = self.dir.path().join(format!("{member}-replica-{port}"));
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("replica folder: {e}"));
        let config = folder.join(format!("{member}.toml"));
        let settings = self.settings(member, port, admin_port, &members, &ports, &key_file);
        std::fs::write(&config, settings).unwrap_or_else(|e| panic!("settings file: {e}"));
        let original = &self.of(member).process;
        let mut process = ServiceProcess::new(
            member.name(),
            &original.binary,
            config,
            original.env.clone(),
            folder,
        );
        process.start();
        // Built before the wait, so that a replica failing to start prints its logs as it drops.
        let mut replica = Replica { process, port };
        serving(self.endpoint_at(port), &mut replica.process).await;
        replica
    }

    /// A channel to `replica` sending `token` on every call.
    pub async fn authed_replica(&self, replica: &Replica, token: &str) -> Authed {
        let channel = self
            .endpoint_at(replica.port)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connect to the replica: {e:?}"));
        Authed::new(channel, bearer(token))
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.process.print_logs();
        }
    }
}

/// Waits until the service at `endpoint` says SERVING; fails at once when `process` has exited.
async fn serving(endpoint: Endpoint, process: &mut ServiceProcess) {
    let started = Instant::now();
    loop {
        if let Some(status) = process.exited() {
            panic!("{} exited while starting: {status}", process.service);
        }
        if let Ok(channel) = endpoint.connect().await
            && let Ok(response) = HealthClient::new(channel)
                .check(HealthCheckRequest::default())
                .await
            && response.get_ref().status == ServingStatus::Serving as i32
        {
            return;
        }
        assert!(
            started.elapsed() < START_BOUND,
            "{} did not become SERVING within {START_BOUND:?}",
            process.service
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "the cluster's test failed; its files are in {} (removed now), its services said:",
                self.dir.path().display()
            );
            for spawned in &self.spawned {
                spawned.process.print_logs();
            }
        }
    }
}

/// `path` as a TOML string.
fn quoted(path: &Path) -> String {
    let text = path.display().to_string();
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
