//! Settings of the oversight-reporting service, read from `QINGLIAN_OVERSIGHT__…`.

use std::path::Path;

use qinglian_kit::peers::PeerSettings;
use qinglian_kit::settings::{
    self, AdminSettings, AuthSettings, CommonSettings, DatabaseSettings, EnvSource, LogSettings,
    ServerSettings,
};
use serde::{Deserialize, Serialize};

/// The service's name in settings, environment variables and file names.
pub const SERVICE: &str = "oversight";
/// Default gRPC port.
pub const DEFAULT_PORT: u16 = 50053;
/// Default port of the admin HTTP listener (metrics and health).
pub const DEFAULT_ADMIN_PORT: u16 = 9093;

/// Settings of the oversight-reporting service.
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
    /// Where the task-assignment (directory) and supervision-records (ledger) services are.
    pub peers: PeerSettings,
    /// Deliberation opinions.
    pub opinions: OpinionSettings,
    /// Annual reports.
    pub reports: ReportSettings,
}

/// Where report templates come from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// A folder of templates (`<name>.j2`) that replace or add to the embedded ones; empty for the
    /// embedded ones only.
    pub template_dir: String,
}

/// Rules of deliberation opinions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionSettings {
    /// Days the body overseen has to report how it handled an opinion, when sending sets no deadline.
    pub handling_days: u32,
}

impl Default for OpinionSettings {
    fn default() -> Self {
        Self { handling_days: 60 }
    }
}

/// The embedded defaults: 127.0.0.1:50053, SQLite under `data_dir`, peers on 50051 and 50052.
pub fn defaults(data_dir: &Path) -> Settings {
    let common = CommonSettings::embedded(SERVICE, DEFAULT_PORT, DEFAULT_ADMIN_PORT, data_dir);
    Settings {
        server: common.server,
        database: common.database,
        auth: common.auth,
        log: common.log,
        admin: common.admin,
        peers: PeerSettings::default(),
        opinions: OpinionSettings::default(),
        reports: ReportSettings::default(),
    }
}

/// Defaults for `data_dir`, then `file`, then the environment.
pub fn load(data_dir: &Path, file: Option<&Path>, env: &EnvSource) -> Result<Settings, String> {
    settings::load(SERVICE, &defaults(data_dir), file, env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_loads_and_matches_the_defaults() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../deploy/config/oversight.example.toml");
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
        assert_eq!(loaded.peers.supervision, defaults.peers.supervision);
        assert_eq!(loaded.opinions, defaults.opinions);
        assert_eq!(loaded.reports, defaults.reports);
    }
}
