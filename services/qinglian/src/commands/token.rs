//! `qinglian token issue --role R [--unit U] [--ttl 8h]`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::settings::EnvSource;

/// Token subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Signs a token with the deployment's key and prints it.
    Issue {
        /// admin, discipline, leader, clerk, viewer or service.
        #[arg(long)]
        role: Role,
        /// Unit scope: the token acts on this unit and everything below it.
        #[arg(long)]
        unit: Option<String>,
        /// How long the token is valid, e.g. 8h or 30d.
        #[arg(long, default_value = "8h", value_parser = humantime::parse_duration)]
        ttl: Duration,
        /// Who the token is for (the actor in the audit log).
        #[arg(long, default_value = "operator")]
        subject: String,
    },
}

/// Runs a token subcommand.
pub fn run(data_dir: &Path, config: Option<&Path>, command: Command) -> anyhow::Result<ExitCode> {
    let Command::Issue {
        role,
        unit,
        ttl,
        subject,
    } = command;
    let settings = qinglian_tasks::settings::load(data_dir, config, &EnvSource::Process)
        .map_err(anyhow::Error::msg)?;
    let (secret, created) =
        load_or_create_key(&settings.auth.key_file).map_err(anyhow::Error::msg)?;
    if created {
        eprintln!("created signing key {}", settings.auth.key_file.display());
    }
    let keys =
        TokenKeys::from_secret(&secret, &settings.auth.issuer).map_err(anyhow::Error::msg)?;
    let token = keys
        .issue(&subject, role, unit.as_deref(), ttl)
        .map_err(anyhow::Error::msg)?;
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}
