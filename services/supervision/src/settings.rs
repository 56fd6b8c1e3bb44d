//! Settings of the supervision-records service, read from `QINGLIAN_SUPERVISION__…`.

use std::time::Duration;

use qinglian_kit::peers::PeerSettings;
use qinglian_kit::settings::{self, Checks, ServiceSection};
use serde::{Deserialize, Serialize};

/// Settings of the supervision-records service: the common sections, `[peers]` and `[ledger]`.
pub type Settings = settings::Settings<SupervisionSections>;

/// The supervision-records service's own sections.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SupervisionSections {
    /// Where the task-assignment service (the directory) is.
    pub peers: PeerSettings,
    /// The rectification ledger.
    pub ledger: LedgerSettings,
}

impl ServiceSection for SupervisionSections {
    const SERVICE: &'static str = "supervision";
    const PORT: u16 = 50052;
    const ADMIN_PORT: u16 = 9092;
    const SECTIONS: &'static [&'static str] = &["peers", "ledger"];

    fn defaults() -> Self {
        Self::default()
    }

    fn check(&self, checks: &Checks) -> Result<(), String> {
        self.peers.check(checks)?;
        let ledger = &self.ledger;
        checks.within("ledger.recheck_months", ledger.recheck_months, 1..=60)?;
        checks.ladder(
            "ledger",
            ledger.green_days,
            ledger.yellow_days,
            ledger.sweep_interval,
        )
    }
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use qinglian_kit::settings::EnvSource;

    use super::*;

    #[test]
    fn the_example_config_loads_and_matches_the_defaults() {
        let deployment = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/config");
        // Read as every binary reads it: its own file in the deployment's config folder.
        let files = qinglian_kit::settings::ConfigFiles::dir(deployment);
        assert!(files.file_of("supervision").expect("folder").is_some());
        let loaded = Settings::load_from(
            Path::new("./data"),
            &files,
            &EnvSource::Map(Default::default()),
        )
        .expect("example config loads");
        let defaults = Settings::defaults(Path::new("./data"));
        assert_eq!(loaded.server.listen, defaults.server.listen);
        assert_eq!(loaded.admin.listen, defaults.admin.listen);
        assert_eq!(loaded.database.url, defaults.database.url);
        assert_eq!(loaded.service.peers.tasks, defaults.service.peers.tasks);
        assert_eq!(loaded.service.peers.timeout, defaults.service.peers.timeout);
        assert_eq!(loaded.service.ledger, defaults.service.ledger);
    }
}
