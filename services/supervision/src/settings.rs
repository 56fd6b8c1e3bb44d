//! Settings of the supervision-records service, read from `QINGLIAN_SUPERVISION__…`.

use std::path::Path;
use std::time::Duration;

use qinglian_kit::peers::PeerSettings;
use qinglian_kit::settings::{
    self, AdminSettings, AuthSettings, CommonSettings, DatabaseSettings, EnvSource, LogSettings,
    ServerSettings,
};
use serde::{Deserialize, Serialize};

/// The service's name in settings, environment variables and file names.
pub const SERVICE: &str = "supervision";
/// Default gRPC port.
pub const DEFAULT_PORT: u16 = 50052;
/// Default port of the admin HTTP listener (metrics and health).
pub const DEFAULT_ADMIN_PORT: u16 = 9092;

/// Settings of the supervision-records service.
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
    /// Where the task-assignment service (the directory) is.
    pub peers: PeerSettings,
    /// The rectification ledger.
    pub ledger: LedgerSettings,
}

/// Rules of the rectification ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerSettings {
    /// Months after sign-off (销号) at which the re-check (回头看) of a measure falls due.
    pub recheck_months: u32,
    /// Days before a measure's deadline at which the ladder raises GREEN.
    pub green_days: u32,
    /// Days before the deadline at which it raises YELLOW; less than green_days.
    pub yellow_days: u32,
    /// How often the ladder sweeps the open measures; 0s turns the periodic sweep off.
    #[serde(with = "humantime_serde")]
    pub sweep_interval: Duration,
}

impl Default for LedgerSettings {
    fn default() -> Self {
        Self {
            recheck_months: 6,
            green_days: 20,
            yellow_days: 10,
            sweep_interval: Duration::from_secs(3600),
        }
    }
}

/// The embedded defaults: 127.0.0.1:50052, SQLite under `data_dir`, the directory on 127.0.0.1:50051.
pub fn defaults(data_dir: &Path) -> Settings {
    let common = CommonSettings::embedded(SERVICE, DEFAULT_PORT, DEFAULT_ADMIN_PORT, data_dir);
    Settings {
        server: common.server,
        database: common.database,
        auth: common.auth,
        log: common.log,
        admin: common.admin,
        peers: PeerSettings::default(),
        ledger: LedgerSettings::default(),
    }
}

/// Defaults for `data_dir`, then `file`, then the environment.
pub fn load(data_dir: &Path, file: Option<&Path>, env: &EnvSource) -> Result<Settings, String> {
    let loaded: Settings = settings::load(SERVICE, &defaults(data_dir), file, env)?;
    if loaded.ledger.yellow_days >= loaded.ledger.green_days {
        return Err(format!(
            "invalid {SERVICE} settings: ledger.yellow_days ({}) must be less than ledger.green_days ({})",
            loaded.ledger.yellow_days, loaded.ledger.green_days
        ));
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_loads_and_matches_the_defaults() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../deploy/config/supervision.example.toml");
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
        assert_eq!(loaded.peers.tasks, defaults.peers.tasks);
        assert_eq!(loaded.peers.timeout, defaults.peers.timeout);
        assert_eq!(loaded.ledger, defaults.ledger);
    }
}
