//! Layered settings: built-in defaults → an optional TOML file → environment variables
//! `QINGLIAN_<SERVICE>__<SECTION>__<KEY>` last. Unknown keys and bad values stop start-up with one line
//! naming what is wrong.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use config::{Config, Environment, File, FileFormat};
use qinglian_store::commit::BatchSettings;

pub mod checks;

pub use checks::Checks;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Where environment variables come from: the process, or a map (tests never call `set_var`).
#[derive(Clone, Debug, Default)]
pub enum EnvSource {
    /// The process environment.
    #[default]
    Process,
    /// These variables only.
    Map(HashMap<String, String>),
}

/// Loads settings of type `S` for `service` (e.g. `tasks`, read from `QINGLIAN_TASKS__…`).
pub fn load<S: Serialize + DeserializeOwned>(
    service: &str,
    defaults: &S,
    file: Option<&Path>,
    env: &EnvSource,
) -> Result<S, String> {
    layered(service, defaults, file, env)?
        .try_deserialize()
        .map_err(|e| invalid(service, e))
}

/// One line saying what is wrong with `service`'s settings, naming the variable of the setting
/// when the error names one.
fn invalid(service: &str, error: config::ConfigError) -> String {
    let key = match &error {
        config::ConfigError::Type { key: Some(key), .. } => Some(key.clone()),
        config::ConfigError::At { key: Some(key), .. } => Some(key.clone()),
        _ => None,
    };
    let line = format!("invalid {service} settings: {error}").replace('\n', " ");
    match key {
        Some(key) => format!("{line} (set by {})", checks::variable(service, &key)),
        None => line,
    }
}

/// `defaults`, overlaid by `file` and then the environment, not yet read into a type.
fn layered<S: Serialize>(
    service: &str,
    defaults: &S,
    file: Option<&Path>,
    env: &EnvSource,
) -> Result<Config, String> {
    let mut builder = Config::builder().add_source(
        Config::try_from(defaults).map_err(|e| format!("invalid built-in settings: {e}"))?,
    );
    if let Some(path) = file {
        if !path.exists() {
            return Err(format!("config file {} does not exist", path.display()));
        }
        builder = builder.add_source(File::from(path).format(FileFormat::Toml).required(true));
    }
    let mut environment = Environment::with_prefix(&format!("QINGLIAN_{}", service.to_uppercase()))
        .prefix_separator("__")
        .separator("__")
        .try_parsing(true);
    if let EnvSource::Map(map) = env {
        environment = environment.source(Some(map.clone().into_iter().collect()));
    }
    builder
        .add_source(environment)
        .build()
        .map_err(|e| invalid(service, e))
}

/// Where a deployment's settings files are: a folder holding `<service>.toml` for each service that
/// has one (`--config-dir`, the CLI's and every binary's), or one service's own file (`--config`, the
/// binaries' only). A service without a file in the folder runs on its defaults and environment.
#[derive(Clone, Debug, Default)]
pub struct ConfigFiles {
    dir: Option<PathBuf>,
    file: Option<PathBuf>,
}

impl ConfigFiles {
    /// No files: defaults and environment only.
    pub fn none() -> Self {
        Self::default()
    }

    /// `<dir>/<service>.toml` for each service.
    pub fn dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
            file: None,
        }
    }

    /// One service's own file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            dir: None,
            file: Some(file.into()),
        }
    }

    /// The file `service` reads, if any; an error when the folder named does not exist.
    pub fn file_of(&self, service: &str) -> Result<Option<PathBuf>, String> {
        if let Some(file) = &self.file {
            return Ok(Some(file.clone()));
        }
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        if !dir.is_dir() {
            return Err(format!("config folder {} does not exist", dir.display()));
        }
        let file = dir.join(format!("{service}.toml"));
        Ok(file.exists().then_some(file))
    }
}

/// The listening socket and the shutdown bound.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address of the gRPC listener.
    pub listen: SocketAddr,
    /// How long the service keeps accepting and answering calls after SIGTERM or SIGINT while it
    /// already reports NOT_SERVING, so that load balancers remove it before its port closes.
    #[serde(with = "humantime_serde")]
    pub drain_delay: Duration,
    /// How long in-flight calls may take to finish once the drain delay is over.
    #[serde(with = "humantime_serde")]
    pub shutdown_grace: Duration,
    /// TLS of the listener; plaintext when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<crate::tls::ServerTlsSettings>,
}

impl ServerSettings {
    /// Where a client on this host reaches this listener: the loopback address for a listener on
    /// every interface, `https://` when it serves TLS.
    pub fn local_url(&self) -> String {
        use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

        let host = match self.listen.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let scheme = match self.tls {
            Some(_) => "https",
            None => "http",
        };
        format!("{scheme}://{}", SocketAddr::new(host, self.listen.port()))
    }

    /// The listener's TLS configuration, read from its files; None for plaintext.
    pub fn tls_config(&self) -> Result<Option<tonic::transport::ServerTlsConfig>, String> {
        self.tls
            .as_ref()
            .map(|tls| tls.server_config("server.tls"))
            .transpose()
    }
}

/// The service's database.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://path.db` (embedded default) or `postgres://user@host/db`.
    pub url: String,
    /// Most pooled connections.
    pub max_connections: u32,
    /// How long start-up waits for the database to answer before it gives up naming the host.
    #[serde(with = "humantime_serde")]
    pub connect_timeout: Duration,
    /// How long a mutation's request id is remembered.
    #[serde(with = "humantime_serde")]
    pub idempotency_retention: Duration,
    /// Most mutations committed together in one transaction (group commit).
    pub batch_max: usize,
    /// How long an open batch waits for one more mutation before it commits; 0 commits as soon as
    /// no mutation is waiting.
    #[serde(with = "humantime_serde")]
    pub batch_linger: Duration,
    /// Longest a mutation may hold its turn in a batch before it is rolled back, so that one stalled
    /// mutation cannot stall every writer.
    #[serde(with = "humantime_serde")]
    pub turn_timeout: Duration,
}

/// Token verification.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// File holding the base64 HS256 signing key, shared by every service of a deployment. When the
    /// file does not exist it is created with a random key and an admin token is printed once.
    pub key_file: PathBuf,
    /// Issuer written into and required of tokens.
    pub issuer: String,
    /// The revocation list: one revoked token a line, `<token id> <expiry> [note]` (the expiry in RFC
    /// 3339 or unix seconds), `#` comments. A missing file revokes nothing; changes are picked up
    /// within seconds while the service runs (see `auth::RevokedTokens`).
    pub revoked_file: PathBuf,
}

/// Logging.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `tracing` filter directives, e.g. `info,qinglian_store=debug`.
    pub filter: String,
    /// `text` for people, `json` for log collectors.
    pub format: LogFormat,
    /// OTLP/gRPC collector that receives the spans, e.g. `http://otel-collector:4317`; empty turns
    /// the export off. Needs a binary built with the `otel` feature.
    pub otlp_endpoint: String,
}

/// Log line format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The admin HTTP listener: Prometheus `/metrics`, `/healthz` and `/readyz`, apart from the gRPC port.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminSettings {
    /// Address of the admin HTTP listener (port 0 picks a free port).
    pub listen: SocketAddr,
}

/// What a service adds to the sections every service has: its own sections, their defaults and the
/// checks across their values.
pub trait ServiceSection: Clone + std::fmt::Debug + Serialize + DeserializeOwned {
    /// The service's name in settings, environment variables and file names, e.g. `tasks`.
    const SERVICE: &'static str;
    /// Default gRPC port.
    const PORT: u16;
    /// Default port of the admin HTTP listener (metrics and health).
    const ADMIN_PORT: u16;
    /// The names of its own top-level sections, e.g. `["work"]`; any other section is refused.
    const SECTIONS: &'static [&'static str];

    /// The embedded defaults of its own sections.
    fn defaults() -> Self;

    /// Checks of its values that types cannot express (ranges, parsers, thresholds in order), each
    /// failure one line made by `checks`.
    fn check(&self, checks: &Checks) -> Result<(), String> {
        let _ = checks;
        Ok(())
    }
}

/// A service's settings: the sections every service has and, beside them, its own. Read with
/// [`Settings::load`], which reads both parts straight from the layered sources (a flattened
/// derive would lose their typing of environment strings).
#[derive(Clone, Debug, Serialize)]
pub struct Settings<S> {
    /// Listener and shutdown.
    pub server: ServerSettings,
    /// Database.
    pub database: DatabaseSettings,
    /// Tokens.
    pub auth: AuthSettings,
    /// Logging.
    pub log: LogSettings,
    /// Metrics and health over HTTP.
    pub admin: AdminSettings,
    /// The service's own sections.
    #[serde(flatten)]
    pub service: S,
}

/// The names of the sections every service has.
const COMMON_SECTIONS: [&str; 5] = ["server", "database", "auth", "log", "admin"];

impl<S: ServiceSection> Settings<S> {
    /// The embedded defaults: 127.0.0.1 on the service's ports, SQLite under `data_dir`.
    pub fn defaults(data_dir: &Path) -> Self {
        let common = CommonSettings::embedded(S::SERVICE, S::PORT, S::ADMIN_PORT, data_dir);
        Self {
            server: common.server,
            database: common.database,
            auth: common.auth,
            log: common.log,
            admin: common.admin,
            service: S::defaults(),
        }
    }

    /// Defaults for `data_dir`, then the service's file among `files`, then the environment, as
    /// [`Settings::load`] reads them.
    pub fn load_from(
        data_dir: &Path,
        files: &ConfigFiles,
        env: &EnvSource,
    ) -> Result<Self, String> {
        let file = files.file_of(S::SERVICE)?;
        Self::load(data_dir, file.as_deref(), env)
    }

    /// Defaults for `data_dir`, then `file`, then the environment; a section the service does not
    /// have, an unknown key in a section and a bad value are each refused with one line.
    pub fn load(data_dir: &Path, file: Option<&Path>, env: &EnvSource) -> Result<Self, String> {
        let service = S::SERVICE;
        let config = layered(service, &Self::defaults(data_dir), file, env)?;
        let sections: HashMap<String, serde::de::IgnoredAny> = config
            .clone()
            .try_deserialize()
            .map_err(|e| invalid(service, e))?;
        let mut unknown: Vec<&String> = sections
            .keys()
            .filter(|key| {
                !COMMON_SECTIONS.contains(&key.as_str()) && !S::SECTIONS.contains(&key.as_str())
            })
            .collect();
        unknown.sort();
        if let Some(section) = unknown.first() {
            return Err(format!(
                "invalid {service} settings: unknown section `{section}`"
            ));
        }
        // Each part is read from the sources directly and ignores the other's sections; every
        // section itself refuses keys it does not have.
        let common: CommonSettings = config
            .clone()
            .try_deserialize()
            .map_err(|e| invalid(service, e))?;
        let own: S = config.try_deserialize().map_err(|e| invalid(service, e))?;
        let checks = Checks::new(S::SERVICE);
        common
            .check(&checks)
            .and_then(|()| own.check(&checks))
            .map_err(|e| format!("invalid {service} settings: {e}"))?;
        Ok(Self {
            server: common.server,
            database: common.database,
            auth: common.auth,
            log: common.log,
            admin: common.admin,
            service: own,
        })
    }
}

/// The sections every service has. Each section refuses keys it does not have; a section no part of
/// the service has is refused by [`Settings::load`], which reads this beside the service's own.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CommonSettings {
    /// Listener and shutdown.
    pub server: ServerSettings,
    /// Database.
    pub database: DatabaseSettings,
    /// Tokens.
    pub auth: AuthSettings,
    /// Logging.
    pub log: LogSettings,
    /// Metrics and health over HTTP.
    pub admin: AdminSettings,
}

/// The longest drain delay and shutdown grace: beyond them an orchestrator kills the process anyway.
const LONGEST_STOP: Duration = Duration::from_secs(600);

impl CommonSettings {
    /// Every common setting's range or parser.
    pub fn check(&self, checks: &Checks) -> Result<(), String> {
        let (server, database) = (&self.server, &self.database);
        checks.duration_within(
            "server.drain_delay",
            server.drain_delay,
            Duration::ZERO..=LONGEST_STOP,
        )?;
        checks.duration_within(
            "server.shutdown_grace",
            server.shutdown_grace,
            Duration::ZERO..=LONGEST_STOP,
        )?;
        // Shown without its password.
        checks.parses(
            "database.url",
            &qinglian_store::connect::redacted(&database.url),
            |_| qinglian_store::connect::check_url(&database.url),
        )?;
        checks.within(
            "database.max_connections",
            database.max_connections,
            1..=1000,
        )?;
        checks.duration_within(
            "database.connect_timeout",
            database.connect_timeout,
            Duration::from_millis(100)..=Duration::from_secs(300),
        )?;
        checks.duration_within(
            "database.idempotency_retention",
            database.idempotency_retention,
            Duration::from_secs(60)..=Duration::from_secs(366 * 24 * 3600),
        )?;
        checks.within("database.batch_max", database.batch_max, 1..=10_000)?;
        checks.duration_within(
            "database.batch_linger",
            database.batch_linger,
            Duration::ZERO..=Duration::from_secs(1),
        )?;
        checks.duration_within(
            "database.turn_timeout",
            database.turn_timeout,
            Duration::from_millis(10)..=Duration::from_secs(60),
        )?;
        checks.parses("auth.issuer", &self.auth.issuer, checks::not_empty)?;
        checks.parses("log.filter", &self.log.filter, |filter| {
            tracing_subscriber::EnvFilter::builder().parse(filter)
        })?;
        if !self.log.otlp_endpoint.is_empty() {
            checks.parses(
                "log.otlp_endpoint",
                &self.log.otlp_endpoint,
                checks::http_url,
            )?;
        }
        Ok(())
    }

    /// The embedded defaults of a service listening on `port` (gRPC) and `admin_port` (metrics and
    /// health) with its SQLite file under `data_dir`.
    pub fn embedded(service: &str, port: u16, admin_port: u16, data_dir: &Path) -> Self {
        Self {
            server: ServerSettings {
                listen: SocketAddr::from(([127, 0, 0, 1], port)),
                drain_delay: Duration::from_secs(5),
                shutdown_grace: Duration::from_secs(10),
                tls: None,
            },
            database: DatabaseSettings {
                url: format!("sqlite://{}/{service}.db", data_dir.display()),
                max_connections: 8,
                connect_timeout: Duration::from_secs(2),
                idempotency_retention: Duration::from_secs(24 * 3600),
                batch_max: BatchSettings::default().max,
                batch_linger: BatchSettings::default().linger,
                turn_timeout: BatchSettings::default().turn_timeout,
            },
            auth: AuthSettings {
                key_file: data_dir.join("auth.key"),
                issuer: "qinglian".to_owned(),
                revoked_file: data_dir.join("revoked-tokens"),
            },
            log: LogSettings {
                filter: "info".to_owned(),
                format: LogFormat::Text,
                otlp_endpoint: String::new(),
            },
            admin: AdminSettings {
                listen: SocketAddr::from(([127, 0, 0, 1], admin_port)),
            },
        }
    }
}

impl DatabaseSettings {
    /// The store's connection settings.
    pub fn connect_settings(&self) -> qinglian_store::connect::ConnectSettings {
        qinglian_store::connect::ConnectSettings {
            max_connections: self.max_connections,
            connect_timeout: self.connect_timeout,
            idempotency_retention: self.idempotency_retention,
            batch: BatchSettings {
                max: self.batch_max,
                linger: self.batch_linger,
                turn_timeout: self.turn_timeout,
                ..BatchSettings::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> CommonSettings {
        CommonSettings::embedded("tasks", 50051, 9091, Path::new("./data"))
    }

    fn env(pairs: &[(&str, &str)]) -> EnvSource {
        EnvSource::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("tasks.toml");
        std::fs::write(
            &file,
            "[server]\nlisten = \"0.0.0.0:6000\"\nshutdown_grace = \"3s\"\n[log]\nformat = \"json\"\n",
        )
        .expect("write");
        let vars = env(&[
            ("QINGLIAN_TASKS__SERVER__LISTEN", "0.0.0.0:7000"),
            ("QINGLIAN_TASKS__DATABASE__URL", "postgres://db/tasks"),
        ]);
        let settings = load("tasks", &defaults(), Some(&file), &vars).expect("load");
        assert_eq!(settings.server.listen.port(), 7000);
        assert_eq!(settings.server.shutdown_grace, Duration::from_secs(3));
        assert_eq!(settings.log.format, LogFormat::Json);
        assert_eq!(settings.database.url, "postgres://db/tasks");
        assert_eq!(settings.database.max_connections, 8);
    }

    #[test]
    fn bad_values_and_unknown_keys_are_one_clear_error() {
        let bad = load(
            "tasks",
            &defaults(),
            None,
            &env(&[("QINGLIAN_TASKS__SERVER__LISTEN", "not an address")]),
        )
        .expect_err("bad address");
        assert!(bad.starts_with("invalid tasks settings"), "{bad}");
        assert!(!bad.contains('\n'));
        let unknown = load(
            "tasks",
            &defaults(),
            None,
            &env(&[("QINGLIAN_TASKS__SERVER__LISTN", "x")]),
        )
        .expect_err("unknown key");
        assert!(unknown.contains("listn"), "{unknown}");
        let missing = load(
            "tasks",
            &defaults(),
            Some(Path::new("/nonexistent.toml")),
            &env(&[]),
        );
        assert!(missing.expect_err("missing").contains("does not exist"));
    }

    #[test]
    fn tls_is_off_by_default_and_set_by_file_paths_from_the_environment() {
        let plain = load("tasks", &defaults(), None, &env(&[])).expect("defaults");
        assert_eq!(plain.server.tls, None);
        let tls = load(
            "tasks",
            &defaults(),
            None,
            &env(&[
                ("QINGLIAN_TASKS__SERVER__TLS__CERT_FILE", "/tls/tasks.pem"),
                ("QINGLIAN_TASKS__SERVER__TLS__KEY_FILE", "/tls/tasks.key"),
            ]),
        )
        .expect("tls");
        let server_tls = tls.server.tls.expect("tls section");
        assert_eq!(server_tls.cert_file, Path::new("/tls/tasks.pem"));
        assert_eq!(server_tls.client_ca_file, None);
        let half = load(
            "tasks",
            &defaults(),
            None,
            &env(&[("QINGLIAN_TASKS__SERVER__TLS__CERT_FILE", "/tls/tasks.pem")]),
        )
        .expect_err("no key");
        assert!(half.contains("key_file"), "{half}");
    }
}
