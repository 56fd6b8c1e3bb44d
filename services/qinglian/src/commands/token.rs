//! `qinglian token issue|revoke|list-revoked`: bearer tokens signed with the deployment's key, and the
//! revocation list every service reads (`auth.revoked_file`).

mod revoke;

use qinglian_kit::settings::ConfigFiles;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use qinglian_kit::auth::revoked::{self, format_expiry};
use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::settings::EnvSource;

pub use revoke::RevokeArgs;

/// Token subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Signs a token with the deployment's key and prints it; its id (for revocation) goes to stderr.
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
        /// Print one JSON object (token, id, subject, role, unit, expires) instead of the bare token.
        #[arg(long)]
        json: bool,
    },
    /// Puts a token on the revocation list; running services refuse it within seconds.
    Revoke(RevokeArgs),
    /// Prints the revoked tokens still in force: id, expiry and note, one a line.
    ListRevoked,
}

/// Runs a token subcommand with the task-assignment service's settings (key, issuer, revocation file).
pub fn run(data_dir: &Path, files: &ConfigFiles, command: Command) -> anyhow::Result<ExitCode> {
    let settings =
        qinglian_tasks::settings::Settings::load_from(data_dir, files, &EnvSource::Process)
            .map_err(anyhow::Error::msg)?;
    match command {
        Command::Issue {
            role,
            unit,
            ttl,
            subject,
            json,
        } => issue(&settings.auth, role, unit.as_deref(), ttl, &subject, json),
        Command::Revoke(args) => revoke::run(&settings.auth, args),
        Command::ListRevoked => list_revoked(&settings.auth.revoked_file),
    }
}

fn issue(
    auth: &qinglian_kit::settings::AuthSettings,
    role: Role,
    unit: Option<&str>,
    ttl: Duration,
    subject: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let (secret, created) = load_or_create_key(&auth.key_file).map_err(anyhow::Error::msg)?;
    if created {
        eprintln!("created signing key {}", auth.key_file.display());
    }
    let keys = TokenKeys::from_secret(&secret, &auth.issuer).map_err(anyhow::Error::msg)?;
    let (token, claims) = keys
        .issue_claims(subject, role, unit, ttl)
        .map_err(anyhow::Error::msg)?;
    if json {
        let issued = serde_json::json!({
            "token": token,
            "id": claims.jti,
            "subject": claims.sub,
            "role": claims.role.to_string(),
            "unit": claims.unit,
            "expires": format_expiry(claims.exp),
        });
        println!("{issued}");
    } else {
        println!("{token}");
        eprintln!("id: {}", claims.jti);
        eprintln!("expires: {}", format_expiry(claims.exp));
    }
    Ok(ExitCode::SUCCESS)
}

fn list_revoked(path: &Path) -> anyhow::Result<ExitCode> {
    let list = revoke::read_list(path)?;
    let mut entries: Vec<_> = list.into_iter().collect();
    entries.sort_by(|a, b| (a.1.expires, &a.0).cmp(&(b.1.expires, &b.0)));
    if entries.is_empty() {
        eprintln!("no token revoked ({})", path.display());
    }
    for (id, revocation) in entries {
        println!(
            "{}",
            revoked::line(&id, revocation.expires, &revocation.note)
        );
    }
    Ok(ExitCode::SUCCESS)
}
