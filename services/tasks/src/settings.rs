//! Settings of the task-assignment service: the common sections, read from `QINGLIAN_TASKS__…`.

use std::path::Path;

use qinglian_kit::settings::{self, CommonSettings, EnvSource};

/// The service's name in settings, environment variables and file names.
pub const SERVICE: &str = "tasks";
/// Default gRPC port.
pub const DEFAULT_PORT: u16 = 50051;

/// Settings of the task-assignment service.
pub type Settings = CommonSettings;

/// The embedded defaults: 127.0.0.1:50051, SQLite under `data_dir`.
pub fn defaults(data_dir: &Path) -> Settings {
    CommonSettings::embedded(SERVICE, DEFAULT_PORT, data_dir)
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
        assert_eq!(loaded.database.url, defaults.database.url);
        assert_eq!(loaded.auth.key_file, defaults.auth.key_file);
    }
}
