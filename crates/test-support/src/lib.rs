//! Starts Qinglian services for tests, in-process (each on a pre-bound `127.0.0.1:0` listener) or as
//! processes of their real binaries, with a database of their own (SQLite or PostgreSQL), over real
//! gRPC, and hands out authenticated clients.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

mod admin;
mod cluster;
mod oversight;
mod ports;
mod processes;
pub mod records;
mod running;
pub mod seeded;
pub mod tls;

pub use admin::http_get;
pub use cluster::{Cluster, ClusterBuilder, Member, unused_addr};
pub use oversight::TestOversight;
pub use processes::{Processes, Replica, Transport};
pub use running::Running;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use qinglian_api::common::v1::audit_service_client::AuditServiceClient;
use qinglian_api::common::v1::event_service_client::EventServiceClient;
use qinglian_api::supervision::v1::check_service_client::CheckServiceClient;
use qinglian_api::supervision::v1::education_service_client::EducationServiceClient;
use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::regulation_service_client::RegulationServiceClient;
use qinglian_api::supervision::v1::statistics_service_client::StatisticsServiceClient;
use qinglian_api::supervision::v1::talk_service_client::TalkServiceClient;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::duty_service_client::DutyServiceClient;
use qinglian_api::tasks::v1::escalation_service_client::EscalationServiceClient;
use qinglian_api::tasks::v1::task_service_client::TaskServiceClient;
use qinglian_kit::auth::{BearerToken, Role, TokenKeys, load_or_create_key};
use qinglian_kit::clock::Clock;
use qinglian_kit::shutdown::CancellationToken;
use qinglian_store::testing::TestDatabase;
use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::health_client::HealthClient;
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus};

/// A client channel that sends a bearer token: the kit's, as every caller uses.
pub type Authed = qinglian_kit::client::AuthedChannel;

/// The task-assignment service running in this process.
#[derive(Debug)]
pub struct TestTasks {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Where its admin HTTP listener (metrics and health) listens.
    pub admin_addr: SocketAddr,
    /// Its database settings and files; dropped (and removed) with the service.
    pub db: TestDatabase,
    keys: TokenKeys,
    running: Running<qinglian_tasks::Tasks>,
    _dir: tempfile::TempDir,
    /// The settings it was built with.
    pub settings: qinglian_tasks::Settings,
}

impl TestTasks {
    /// Builds and starts the service on `db` with the system clock, and waits until it is SERVING.
    pub async fn start(db: TestDatabase) -> Self {
        Self::start_with_clock(db, Clock::system()).await
    }

    /// Builds and starts the service on `db` reading time from `clock`.
    pub async fn start_with_clock(db: TestDatabase, clock: Clock) -> Self {
        init_tracing();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp folder: {e}"));
        let mut settings = Running::<qinglian_tasks::Tasks>::defaults(dir.path());
        settings.database.url = db.url.clone();
        let running = Running::<qinglian_tasks::Tasks>::start(settings, clock).await;
        let keys = test_keys(
            &running.settings.auth.key_file,
            &running.settings.auth.issuer,
        );
        Self {
            addr: running.addr,
            admin_addr: running.admin_addr,
            db,
            keys,
            settings: running.settings.clone(),
            running,
            _dir: dir,
        }
    }

    /// Stops the server but keeps its database, key and address, to start it again later.
    pub async fn stop_server(&mut self) {
        self.running.stop_server().await;
    }

    /// Starts the server again on the same address, database and key.
    pub async fn restart_server(&mut self) {
        self.running.restart_server().await;
    }

    /// A token for `role`, unscoped.
    pub fn token(&self, role: Role) -> String {
        self.scoped_token(role, None)
    }

    /// A token for `role` scoped to `unit`.
    pub fn scoped_token(&self, role: Role, unit: Option<&str>) -> String {
        self.token_for(&format!("test-{role}"), role, unit)
    }

    /// A token for `subject` (a leader's subject is their person id) with `role` and scope `unit`.
    pub fn token_for(&self, subject: &str, role: Role, unit: Option<&str>) -> String {
        self.keys
            .issue(subject, role, unit, Duration::from_secs(3600))
            .unwrap_or_else(|e| panic!("issue token: {e}"))
    }

    /// A plain channel to the service.
    pub async fn channel(&self) -> Channel {
        channel(self.addr).await
    }

    /// A directory client sending `token`.
    pub async fn directory(&self, token: &str) -> DirectoryServiceClient<Authed> {
        DirectoryServiceClient::with_interceptor(self.channel().await, bearer(token))
    }

    /// A task client sending `token`.
    pub async fn tasks(&self, token: &str) -> TaskServiceClient<Authed> {
        TaskServiceClient::with_interceptor(self.channel().await, bearer(token))
    }

    /// A duty client sending `token`.
    pub async fn duties(&self, token: &str) -> DutyServiceClient<Authed> {
        DutyServiceClient::with_interceptor(self.channel().await, bearer(token))
    }

    /// An escalation client sending `token`.
    pub async fn escalations(&self, token: &str) -> EscalationServiceClient<Authed> {
        EscalationServiceClient::with_interceptor(self.channel().await, bearer(token))
    }

    /// An audit client sending `token`.
    pub async fn audit(&self, token: &str) -> AuditServiceClient<Authed> {
        AuditServiceClient::with_interceptor(self.channel().await, bearer(token))
    }

    /// An event client sending `token`.
    pub async fn events(&self, token: &str) -> EventServiceClient<Authed> {
        EventServiceClient::with_interceptor(self.channel().await, bearer(token))
    }

    /// An admin directory client.
    pub async fn admin_directory(&self) -> DirectoryServiceClient<Authed> {
        self.directory(&self.token(Role::Admin)).await
    }

    /// Asks the service to stop and waits for it to drain.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.running.stop().await
    }

    /// The shutdown token of the server running now, to stop it while keeping this handle; a
    /// restart serves under a new one.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.running.shutdown_token()
    }

    /// Folder of the signing key and other files of this service.
    pub fn dir(&self) -> PathBuf {
        self._dir.path().to_path_buf()
    }
}

/// The supervision-records service running in this process, pointed at a task-assignment service.
#[derive(Debug)]
pub struct TestSupervision {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Where its admin HTTP listener (metrics and health) listens.
    pub admin_addr: SocketAddr,
    /// Its database; dropped (and removed) with the service.
    pub db: TestDatabase,
    running: Running<qinglian_supervision::Supervision>,
}

impl TestSupervision {
    /// Starts the service on `db`, sharing the signing key of `tasks` and calling its directory at
    /// `tasks_addr` (which may be a service that is down).
    pub async fn start(db: TestDatabase, tasks: &TestTasks, tasks_addr: SocketAddr) -> Self {
        Self::start_with_clock(db, tasks, tasks_addr, Clock::system()).await
    }

    /// Like [`TestSupervision::start`], judging days by `clock`.
    pub async fn start_with_clock(
        db: TestDatabase,
        tasks: &TestTasks,
        tasks_addr: SocketAddr,
        clock: Clock,
    ) -> Self {
        let mut settings = Running::<qinglian_supervision::Supervision>::defaults(&tasks.dir());
        settings.database.url = db.url.clone();
        settings.auth.key_file = tasks.settings.auth.key_file.clone();
        settings.service.peers.tasks = format!("http://{tasks_addr}");
        settings.service.peers.timeout = Duration::from_secs(2);
        let running = Running::start(settings, clock).await;
        Self {
            addr: running.addr,
            admin_addr: running.admin_addr,
            db,
            running,
        }
    }

    /// Stops the server but keeps its database and address, to start it again later.
    pub async fn stop_server(&mut self) {
        self.running.stop_server().await;
    }

    /// Starts the server again on the same address and database.
    pub async fn restart_server(&mut self) {
        self.running.restart_server().await;
    }

    /// A talk client sending `token`.
    pub async fn talks(&self, token: &str) -> TalkServiceClient<Authed> {
        TalkServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// A rectification-ledger client sending `token`.
    pub async fn rectifications(&self, token: &str) -> RectificationServiceClient<Authed> {
        RectificationServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// A statistics client sending `token`.
    pub async fn statistics(&self, token: &str) -> StatisticsServiceClient<Authed> {
        StatisticsServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// A check client sending `token`.
    pub async fn checks(&self, token: &str) -> CheckServiceClient<Authed> {
        CheckServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// An education client sending `token`.
    pub async fn education(&self, token: &str) -> EducationServiceClient<Authed> {
        EducationServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// A regulation client sending `token`.
    pub async fn regulations(&self, token: &str) -> RegulationServiceClient<Authed> {
        RegulationServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// An audit client of this service sending `token`.
    pub async fn audit(&self, token: &str) -> AuditServiceClient<Authed> {
        AuditServiceClient::with_interceptor(channel(self.addr).await, bearer(token))
    }

    /// Asks the service to stop and waits for it to drain.
    pub async fn stop(self) -> anyhow::Result<()> {
        self.running.stop().await
    }
}

fn test_keys(path: &std::path::Path, issuer: &str) -> TokenKeys {
    let (secret, _) = load_or_create_key(path).unwrap_or_else(|e| panic!("key: {e}"));
    TokenKeys::from_secret(&secret, issuer).unwrap_or_else(|e| panic!("keys: {e}"))
}

/// The interceptor sending `token`.
pub fn bearer(token: &str) -> BearerToken {
    BearerToken::new(token).unwrap_or_else(|e| panic!("{e}"))
}

/// A connected channel to `addr`.
pub async fn channel(addr: SocketAddr) -> Channel {
    qinglian_kit::client::connect(
        &format!("http://{addr}"),
        None,
        Duration::from_secs(5),
        None,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Polls the gRPC health check of `addr` until the server says SERVING (at most 10 s).
pub async fn wait_until_serving(addr: SocketAddr) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(channel) = Endpoint::from_shared(format!("http://{addr}"))
            .unwrap_or_else(|e| panic!("endpoint: {e}"))
            .connect()
            .await
            && let Ok(response) = HealthClient::new(channel)
                .check(HealthCheckRequest {
                    service: String::new(),
                })
                .await
            && response.get_ref().status == ServingStatus::Serving as i32
        {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{addr} never became SERVING"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_test_writer()
        .try_init();
}
