//! `qinglian migrate --service S [--dry-run]`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use qinglian_kit::settings::EnvSource;
use qinglian_store::Store;

/// Arguments of `migrate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The service whose database to migrate.
    #[arg(long, value_parser = ["tasks"])]
    service: String,
    /// List the pending migrations without applying them.
    #[arg(long)]
    dry_run: bool,
}

/// Applies or lists the pending migrations.
pub async fn run(data_dir: &Path, config: Option<&Path>, args: Args) -> anyhow::Result<ExitCode> {
    let settings = match args.service.as_str() {
        "tasks" => qinglian_tasks::settings::load(data_dir, config, &EnvSource::Process),
        other => return Err(anyhow::anyhow!("unknown service {other}")),
    }
    .map_err(anyhow::Error::msg)?;
    let store = Store::connect(
        &settings.database.url,
        &settings.database.connect_settings(),
    )
    .await
    .context("cannot open the database")?;
    type Migrator = qinglian_tasks::migrations::Migrator;
    let pending = qinglian_store::migrate::pending::<Migrator>(store.conn()).await?;
    if args.dry_run {
        if pending.is_empty() {
            println!("no pending migrations");
        }
        for name in &pending {
            println!("pending {name}");
        }
    } else {
        qinglian_store::migrate::run::<Migrator>(store.conn()).await?;
        println!("applied {} migrations", pending.len());
    }
    store.close().await?;
    Ok(ExitCode::SUCCESS)
}
