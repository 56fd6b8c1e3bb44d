//! `qinglian`: the operator CLI and the all-in-one server.

mod commands;
mod demo;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use qinglian_kit::settings::ConfigFiles;

/// Qinglian: integrity and oversight work, recorded and proven.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Folder of the embedded databases and the signing key.
    #[arg(
        long,
        global = true,
        default_value = "./data",
        env = "QINGLIAN_DATA_DIR"
    )]
    data_dir: PathBuf,
    /// Folder of the services' settings files, `tasks.toml`, `supervision.toml` and `oversight.toml`
    /// (the same files the service binaries read with `--config-dir`); environment variables
    /// QINGLIAN_<SERVICE>__… override them.
    #[arg(long, global = true, env = "QINGLIAN_CONFIG_DIR")]
    config_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs every service in this process, each on its own port (tasks 50051, supervision 50052,
    /// oversight 50053).
    Serve,
    /// Applies (or with --dry-run lists) the pending migrations of a service's database.
    Migrate(commands::migrate::Args),
    /// Issues and revokes bearer tokens.
    #[command(subcommand)]
    Token(commands::token::Command),
    /// Checks the health of each service; exits non-zero when one is not serving.
    Check(commands::check::Args),
    /// Starts every service on a fresh embedded database, records a sample year, and prints, writes and
    /// lints its generated 2023 report; then serves until Ctrl-C (or stops, with --exit).
    Demo(commands::demo::Args),
    /// Copies the embedded databases consistently while the services run.
    Backup(commands::backup::BackupArgs),
    /// Puts backed-up embedded databases back in place; the services must be stopped.
    Restore(commands::backup::RestoreArgs),
    /// Generates annual reports and lints drafts.
    #[command(subcommand)]
    Report(commands::report::Command),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let files = match &cli.config_dir {
        Some(dir) => ConfigFiles::dir(dir),
        None => ConfigFiles::none(),
    };
    let result = match cli.command {
        Command::Serve => commands::serve::run(&cli.data_dir, &files).await,
        Command::Migrate(args) => commands::migrate::run(&cli.data_dir, &files, args).await,
        Command::Token(command) => commands::token::run(&cli.data_dir, &files, command),
        Command::Check(args) => commands::check::run(&cli.data_dir, &files, args).await,
        Command::Demo(args) => commands::demo::run(&cli.data_dir, &files, args).await,
        Command::Backup(args) => commands::backup::backup(&cli.data_dir, &files, args).await,
        Command::Restore(args) => commands::backup::restore(&cli.data_dir, &files, args).await,
        Command::Report(command) => commands::report::run(&cli.data_dir, &files, command).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("qinglian: {e:#}");
            ExitCode::FAILURE
        }
    }
}
