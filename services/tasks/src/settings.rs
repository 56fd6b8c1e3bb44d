//! Settings of the task-assignment service, read from `QINGLIAN_TASKS__…`: the sections every service
//! has, and `[work]` for the rules of task work.

use std::time::Duration;

use qinglian_kit::settings::{self, Checks, ServiceSection};
use serde::{Deserialize, Serialize};

/// Settings of the task-assignment service: the common sections and `[work]`.
pub type Settings = settings::Settings<TasksSections>;

/// The task-assignment service's own sections.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TasksSections {
    /// Rules of task work.
    pub work: WorkSettings,
}

impl ServiceSection for TasksSections {
    const SERVICE: &'static str = "tasks";
    const PORT: u16 = 50051;
    const ADMIN_PORT: u16 = 9091;
    const SECTIONS: &'static [&'static str] = &["work"];

    fn defaults() -> Self {
        Self::default()
    }

    fn check(&self, checks: &Checks) -> Result<(), String> {
        let work = &self.work;
        checks.within("work.late_evidence_days", work.late_evidence_days, 0..=3660)?;
        checks.ladder(
            "work",
            work.green_days,
            work.yellow_days,
            work.sweep_interval,
        )
    }
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
        assert!(files.file_of("tasks").expect("folder").is_some());
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
        assert_eq!(loaded.auth.key_file, defaults.auth.key_file);
        assert_eq!(loaded.auth.revoked_file, defaults.auth.revoked_file);
        assert_eq!(loaded.log.otlp_endpoint, defaults.log.otlp_endpoint);
        assert_eq!(
            loaded.service.work.green_days,
            defaults.service.work.green_days
        );
        assert_eq!(
            loaded.service.work.sweep_interval,
            defaults.service.work.sweep_interval
        );
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
        let error = Settings::load(Path::new("./data"), None, &env).expect_err("refused");
        assert!(error.contains("yellow_days"), "{error}");
    }

    #[test]
    fn the_service_sections_are_read_from_the_environment() {
        let env = EnvSource::Map(
            [
                ("QINGLIAN_TASKS__WORK__GREEN_DAYS", "30"),
                ("QINGLIAN_TASKS__WORK__SWEEP_INTERVAL", "5m"),
                ("QINGLIAN_TASKS__SERVER__LISTEN", "0.0.0.0:6000"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into(),
        );
        let loaded = Settings::load(Path::new("./data"), None, &env).expect("loads");
        assert_eq!(loaded.service.work.green_days, 30);
        assert_eq!(loaded.service.work.sweep_interval, Duration::from_secs(300));
        assert_eq!(loaded.server.listen.port(), 6000);
        // A bare number is read as the text it was given, as for the common sections.
        let off = EnvSource::Map(
            [(
                "QINGLIAN_TASKS__WORK__SWEEP_INTERVAL".to_owned(),
                "0".to_owned(),
            )]
            .into(),
        );
        let loaded = Settings::load(Path::new("./data"), None, &off).expect("loads");
        assert_eq!(loaded.service.work.sweep_interval, Duration::ZERO);
        let bad = EnvSource::Map(
            [(
                "QINGLIAN_TASKS__WORK__GREEN_DAYS".to_owned(),
                "many".to_owned(),
            )]
            .into(),
        );
        let error = Settings::load(Path::new("./data"), None, &bad).expect_err("refused");
        assert!(error.starts_with("invalid tasks settings"), "{error}");
    }

    #[test]
    fn a_section_of_another_service_is_refused() {
        let env = EnvSource::Map(
            [(
                "QINGLIAN_TASKS__LEDGER__GREEN_DAYS".to_owned(),
                "25".to_owned(),
            )]
            .into(),
        );
        let error = Settings::load(Path::new("./data"), None, &env).expect_err("refused");
        assert_eq!(error, "invalid tasks settings: unknown section `ledger`");
    }
}
