//! `qinglian migrate --service S [--dry-run]`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use qinglian_kit::settings::{ConfigFiles, DatabaseSettings, EnvSource};
use qinglian_store::Store;
use sea_orm_migration::MigratorTrait;

/// How long a migrate waits for another process to let go of an embedded database.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Arguments of `migrate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The service whose database to migrate.
    #[arg(long, value_parser = ["tasks", "supervision", "oversight"])]
    service: String,
    /// List the pending migrations without applying them.
    #[arg(long)]
    dry_run: bool,
}

/// Applies or lists the pending migrations of the chosen service's database.
pub async fn run(data_dir: &Path, files: &ConfigFiles, args: Args) -> anyhow::Result<ExitCode> {
    let env = EnvSource::Process;
    match args.service.as_str() {
        "tasks" => {
            let settings = qinglian_tasks::settings::Settings::load_from(data_dir, files, &env);
            migrate::<qinglian_tasks::migrations::Migrator>(settings.map(|s| s.database), args)
                .await
        }
        "supervision" => {
            let settings =
                qinglian_supervision::settings::Settings::load_from(data_dir, files, &env);
            migrate::<qinglian_supervision::migrations::Migrator>(
                settings.map(|s| s.database),
                args,
            )
            .await
        }
        "oversight" => {
            let settings = qinglian_oversight::settings::Settings::load_from(data_dir, files, &env);
            migrate::<qinglian_oversight::migrations::Migrator>(settings.map(|s| s.database), args)
                .await
        }
        other => Err(anyhow::anyhow!("unknown service {other}")),
    }
}

async fn migrate<M: MigratorTrait>(
    database: Result<DatabaseSettings, String>,
    args: Args,
) -> anyhow::Result<ExitCode> {
    let database = database.map_err(anyhow::Error::msg)?;
    let store = Store::connect(&database.url, &database.connect_settings())
        .await
        .context("cannot open the database")?;
    if args.dry_run {
        let pending = qinglian_store::migrate::pending::<M>(store.conn()).await?;
        if pending.is_empty() {
            println!("no pending migrations");
        }
        for name in &pending {
            println!("pending {name}");
        }
    } else {
        // An embedded database is migrated by its service's start, never under it; another
        // migrate of it is waited for.
        let _held =
            qinglian_store::lock::DataLock::wait_for(&database.url, LOCK_WAIT).map_err(|e| {
                anyhow::anyhow!("cannot migrate: {e}; stop the service (it migrates on start)")
            })?;
        // Under the database's lock: another process migrating at once leaves this one nothing.
        let applied = qinglian_store::migrate::run::<M>(store.conn()).await?;
        for name in &applied {
            println!("applied {name}");
        }
        println!("applied {} migrations", applied.len());
    }
    store.close().await?;
    Ok(ExitCode::SUCCESS)
}
