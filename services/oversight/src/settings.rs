//! Settings of the oversight-reporting service, read from `QINGLIAN_OVERSIGHT__…`.

use qinglian_kit::peers::PeerSettings;
use qinglian_kit::settings::{self, Checks, ServiceSection};
use serde::{Deserialize, Serialize};

/// Settings of the oversight-reporting service: the common sections, `[peers]`, `[opinions]` and
/// `[reports]`.
pub type Settings = settings::Settings<OversightSections>;

/// The oversight-reporting service's own sections.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OversightSections {
    /// Where the task-assignment (directory) and supervision-records (ledger) services are.
    pub peers: PeerSettings,
    /// Deliberation opinions.
    pub opinions: OpinionSettings,
    /// Annual reports.
    pub reports: ReportSettings,
}

impl ServiceSection for OversightSections {
    const SERVICE: &'static str = "oversight";
    const PORT: u16 = 50053;
    const ADMIN_PORT: u16 = 9093;
    const SECTIONS: &'static [&'static str] = &["peers", "opinions", "reports"];

    fn defaults() -> Self {
        Self::default()
    }

    fn check(&self, checks: &Checks) -> Result<(), String> {
        self.peers.check(checks)?;
        checks.within(
            "opinions.handling_days",
            self.opinions.handling_days,
            1..=366,
        )
    }
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
        assert!(files.file_of("oversight").expect("folder").is_some());
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
        assert_eq!(
            loaded.service.peers.supervision,
            defaults.service.peers.supervision
        );
        assert_eq!(loaded.service.opinions, defaults.service.opinions);
        assert_eq!(loaded.service.reports, defaults.service.reports);
    }
}
