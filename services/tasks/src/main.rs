//! `qinglian-tasks`: the task-assignment service on its own.

use std::path::PathBuf;

use clap::Parser;

/// Runs the Qinglian task-assignment service.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// TOML settings file; environment variables QINGLIAN_TASKS__… override it.
    #[arg(long, env = "QINGLIAN_CONFIG")]
    config: Option<PathBuf>,
    /// Folder of the embedded database and signing key.
    #[arg(long, default_value = "./data")]
    data_dir: PathBuf,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    qinglian_kit::entry::run::<qinglian_tasks::Tasks>(&args.data_dir, args.config.as_deref()).await
}
