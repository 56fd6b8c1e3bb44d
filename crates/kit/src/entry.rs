//! The entry point of every service binary, and the start-up every service shares: settings from the
//! defaults, the file and the environment; logging (and traces); the listeners bound, the database
//! opened and migrated, the signing key loaded (created on a first start, with an admin token shown
//! once); the service's APIs served beside the shared ones until SIGTERM or SIGINT; a drain; the
//! traces flushed. Bad settings exit with 2, a failure to start or to serve with 1, each as one line
//! prefixed with the binary's name. A service supplies only what is its own: a [`Service`].

mod application;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sea_orm_migration::MigratorTrait;
use tokio::task::JoinHandle;
use tonic::service::RoutesBuilder;

pub use application::Application;

use crate::clock::Clock;
use crate::peers::Peer;
use crate::server::Host;
use crate::settings::{ConfigFiles, EnvSource, ServiceSection, Settings};
use crate::startup::Opened;

/// What a service adds to the shared start-up: its sections, migrations, APIs and background work.
pub trait Service: Sized + Send + 'static {
    /// Its own settings sections.
    type Sections: ServiceSection + Send + Sync;
    /// Its migrations.
    type Migrator: MigratorTrait;

    /// The binary's name, e.g. `qinglian-tasks`: the prefix of its error lines and its traces'
    /// `service.name`.
    const BINARY: &'static str;
    /// What it is called in log lines, e.g. `task assignment service`.
    const TITLE: &'static str;
    /// The `ErrorInfo` domain of its statuses, e.g. `tasks.qinglian`.
    const DOMAIN: &'static str;

    /// Its own parts, over the store and keys just opened (peers, the settings it keeps, `clock`).
    fn assemble(
        opened: &Opened,
        settings: &Settings<Self::Sections>,
        clock: Clock,
    ) -> anyhow::Result<Self>;

    /// The peers its readiness waits for; none by default.
    fn readiness_peers(&self) -> Vec<Peer> {
        Vec::new()
    }

    /// Its APIs behind `host`'s interceptor, and the work it runs beside them.
    fn serve(self, host: &Host) -> Serving;
}

/// What a service serves: its APIs, their names (for health and reflection), and the background tasks
/// stopped once the APIs have drained.
#[derive(Debug)]
pub struct Serving {
    /// The APIs, already behind the interceptor.
    pub routes: RoutesBuilder,
    /// Their full protobuf names.
    pub names: Vec<&'static str>,
    /// Work beside them, e.g. the ladder's periodic sweep.
    pub background: Vec<JoinHandle<()>>,
}

/// The command line every service binary takes.
#[derive(Debug, clap::Parser)]
pub struct ServiceArgs {
    /// The service's TOML settings file; its environment variables QINGLIAN_<SERVICE>__… override it.
    /// Given, it is read instead of the service's file in --config-dir (which the image sets).
    #[arg(long, env = "QINGLIAN_CONFIG")]
    config: Option<PathBuf>,
    /// Folder of the deployment's settings files, `<service>.toml` each (as the `qinglian` CLI
    /// reads them); a service without one runs on its defaults and environment.
    #[arg(long, env = "QINGLIAN_CONFIG_DIR")]
    config_dir: Option<PathBuf>,
    /// Folder of the embedded database and signing key.
    #[arg(long, default_value = "./data", env = "QINGLIAN_DATA_DIR")]
    data_dir: PathBuf,
}

impl ServiceArgs {
    /// The settings files these arguments name.
    pub fn files(&self) -> ConfigFiles {
        match (&self.config, &self.config_dir) {
            (Some(file), _) => ConfigFiles::file(file),
            (None, Some(dir)) => ConfigFiles::dir(dir),
            (None, None) => ConfigFiles::none(),
        }
    }
}

/// The `main` of service `S`'s binary: its command line, then [`run`].
pub async fn main<S: Service>() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};

    let command = ServiceArgs::command()
        .name(S::BINARY)
        .about(format!("Runs the Qinglian {}.", S::TITLE));
    let args = match ServiceArgs::from_arg_matches(&command.get_matches()) {
        Ok(args) => args,
        Err(e) => e.exit(),
    };
    run::<S>(&args.data_dir, &args.files()).await
}

/// Runs service `S` with its settings for `data_dir` and its file among `files` until a signal
/// stops it.
pub async fn run<S: Service>(data_dir: &Path, files: &ConfigFiles) -> ExitCode {
    let settings = match Settings::<S::Sections>::load_from(data_dir, files, &EnvSource::Process) {
        Ok(settings) => settings,
        Err(e) => return failed(S::BINARY, &e, ExitCode::from(2)),
    };
    let telemetry = match crate::telemetry::init(&settings.log, S::BINARY) {
        Ok(telemetry) => telemetry,
        Err(e) => return failed(S::BINARY, &e, ExitCode::from(2)),
    };
    let app = match Application::<S>::build(&settings).await {
        Ok(app) => app,
        Err(e) => return failed(S::BINARY, &format!("{e:#}"), ExitCode::FAILURE),
    };
    if let Some(token) = app.first_admin_token() {
        println!(
            "created signing key {}; admin token (shown once):\n{token}",
            settings.auth.key_file.display()
        );
    }
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
