//! `qinglian-oversight`: the oversight-reporting service on its own.

use std::path::PathBuf;

use clap::Parser;
use qinglian_kit::settings::EnvSource;

/// Runs the Qinglian oversight-reporting service.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// TOML settings file; environment variables QINGLIAN_OVERSIGHT__… override it.
    #[arg(long, env = "QINGLIAN_CONFIG")]
    config: Option<PathBuf>,
    /// Folder of the embedded database and signing key.
    #[arg(long, default_value = "./data")]
    data_dir: PathBuf,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let settings = match qinglian_oversight::settings::load(
        &args.data_dir,
        args.config.as_deref(),
        &EnvSource::Process,
    ) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("qinglian-oversight: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let telemetry = match qinglian_kit::telemetry::init(&settings.log, "qinglian-oversight") {
        Ok(telemetry) => telemetry,
        Err(e) => {
            eprintln!("qinglian-oversight: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let app = match qinglian_oversight::Application::build(&settings).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("qinglian-oversight: {e:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let stopped = app
        .run_until_stopped(qinglian_kit::shutdown::on_signal())
        .await;
    telemetry.shutdown().await;
    match stopped {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qinglian-oversight: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
