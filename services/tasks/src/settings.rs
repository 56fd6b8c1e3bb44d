//! Settings of the task-assignment service, read from `QINGLIAN_TASKS__…`: the sections every service
//! has, and `[work]` for the rules of task work.

use std::path::Path;
use std::time::Duration;

use qinglian_kit::settings::{
    self, AdminSettings, AuthSettings, CommonSettings, DatabaseSettings, EnvSource, LogSettings,
    ServerSettings,
};
use serde::{Deserialize, Serialize};

/// The service's name in settings, environment variables and file names.
pub const SERVICE: &str = "tasks";
/// Default gRPC port.
pub const DEFAULT_PORT: u16 = 50051;
/// Default port of the admin HTTP listener (metrics and health).
pub const DEFAULT_ADMIN_PORT: u16 = 9091;

/// Settings of the task-assignment service.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
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
    /// Rules of task work.
    pub work: WorkSettings,
}

/// Rules of task work and its escalation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkSettings {
    /// Evidence dated more than this many days before it is entered marks the report as a late entry.
    pub late_evidence_days: u32,
    /// Days before the due date at which the GREEN warning goes to the handler.
    pub green_days: u32,
    /// Days before the due date at which the YELLOW warning goes to the handler and responsible leader.
    pub yellow_days: u32,
    /// How often the escalation sweep runs; 0s turns the periodic sweep off (RunSweep still works).
    #[serde(with = "humantime_serde")]
    pub sweep_interval: Duration,
}

impl Default for WorkSettings {
    fn default() -> Self {
        Self {
            late_evidence_days: 30,
            green_days: 20,
            yellow_days: 10,
            sweep_interval: Duration::from_secs(3600),
        }
    }
}

/// The embedded defaults: 127.0.0.1:50051, SQLite under `data_dir`.
pub fn defaults(data_dir: &Path) -> Settings {
    let common = CommonSettings::embedded(SERVICE, DEFAULT_PORT, DEFAULT_ADMIN_PORT, data_dir);
    Settings {
        server: common.server,
        database: common.database,
        auth: common.auth,
        log: common.log,
        admin: common.admin,
        work: WorkSettings::default(),
    }
}

/// Defaults for `data_dir`, then `file`, then the environment.
pub fn load(data_dir: &Path, file: Option<&Path>, env: &EnvSource) -> Result<Settings, String> {
    let loaded: Settings = settings::load(SERVICE, &defaults(data_dir), file, env)?;
    if loaded.work.yellow_days >= loaded.work.green_days {
        return Err(format!(
            "invalid {SERVICE} settings: work.yellow_days ({}) must be less than work.green_days ({})",
            loaded.work.yellow_days, loaded.work.green_days
        ));
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_loads_and_matches_the_defaults() {
        let example =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/config/tasks.example.toml");
        let loaded = load(
            Path::new("./data"),
            Some(&example),
            &EnvSource::Map(Default::default()),
        )
        .expect("example config loads");
        let defaults = defaults(Path::new("./data"));
        assert_eq!(loaded.server.listen, defaults.server.listen);
        assert_eq!(loaded.admin.listen, defaults.admin.listen);
        assert_eq!(loaded.database.url, defaults.database.url);
        assert_eq!(loaded.auth.key_file, defaults.auth.key_file);
        assert_eq!(loaded.auth.revoked_file, defaults.auth.revoked_file);
        assert_eq!(loaded.log.otlp_endpoint, defaults.log.otlp_endpoint);
        assert_eq!(loaded.work.green_days, defaults.work.green_days);
        assert_eq!(loaded.work.sweep_interval, defaults.work.sweep_interval);
    }

    #[test]
    fn inverted_thresholds_are_refused() {
        let env = EnvSource::Map(
            [(
                "QINGLIAN_TASKS__WORK__YELLOW_DAYS".to_owned(),
                "25".to_owned(),
            )]
            .into(),
        );
        let error = load(Path::new("./data"), None, &env).expect_err("refused");
        assert!(error.contains("yellow_days"), "{error}");
    }
}
