//! The entry point of every service binary: settings from the defaults, the file and the environment;
//! logging (and traces); build; serve until SIGTERM or SIGINT; flush the traces. Bad settings exit
//! with 2, a failure to start or to serve with 1, each as one line prefixed with the binary's name.

use std::future::Future;
use std::path::Path;
use std::process::ExitCode;

use crate::settings::{EnvSource, LogSettings};
use crate::shutdown::CancellationToken;

/// A service as its binary runs it.
pub trait Service: Sized {
    /// Its settings.
    type Settings;

    /// The binary's name, e.g. `qinglian-tasks`: the prefix of its error lines and its traces'
    /// `service.name`.
    const BINARY: &'static str;

    /// The settings for `data_dir`, overlaid by `file` and then the environment.
    fn load(
        data_dir: &Path,
        file: Option<&Path>,
        env: &EnvSource,
    ) -> Result<Self::Settings, String>;

    /// The logging section of `settings`.
    fn log(settings: &Self::Settings) -> &LogSettings;

    /// Connects, migrates and binds.
    fn build(settings: &Self::Settings) -> impl Future<Output = anyhow::Result<Self>>;

    /// Tells the operator what they must know before it serves (e.g. a first admin token).
    fn announce(&self, _settings: &Self::Settings) {}

    /// Serves until `shutdown` is cancelled, then drains.
    fn run_until_stopped(
        self,
        shutdown: CancellationToken,
    ) -> impl Future<Output = anyhow::Result<()>>;
}

/// Runs service `S` with its settings for `data_dir` and `config` until a signal stops it.
pub async fn run<S: Service>(data_dir: &Path, config: Option<&Path>) -> ExitCode {
    let settings = match S::load(data_dir, config, &EnvSource::Process) {
        Ok(settings) => settings,
        Err(e) => return failed(S::BINARY, &e, ExitCode::from(2)),
    };
    let telemetry = match crate::telemetry::init(S::log(&settings), S::BINARY) {
        Ok(telemetry) => telemetry,
        Err(e) => return failed(S::BINARY, &e, ExitCode::from(2)),
    };
    let app = match S::build(&settings).await {
        Ok(app) => app,
        Err(e) => return failed(S::BINARY, &format!("{e:#}"), ExitCode::FAILURE),
    };
    app.announce(&settings);
    let stopped = app.run_until_stopped(crate::shutdown::on_signal()).await;
    telemetry.shutdown().await;
    match stopped {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed(S::BINARY, &format!("{e:#}"), ExitCode::FAILURE),
    }
}

fn failed(binary: &str, error: &str, code: ExitCode) -> ExitCode {
    eprintln!("{binary}: {error}");
    code
}
