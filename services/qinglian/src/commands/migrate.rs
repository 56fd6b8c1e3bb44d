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
    #[arg(long, value_parser = ["tasks", "supervision"])]
    service: String,
    /// List the pending migrations without applying them.
    #[arg(long)]
    dry_run: bool,
}

/// Applies or lists the pending migrations.
pub async fn run(data_dir: &Path, config: Option<&Path>, args: Args) -> anyhow::Result<ExitCode> {
    let database = match args.service.as_str() {
        "tasks" => qinglian_tasks::settings::load(data_dir, config, &EnvSource::Process)
            .map(|s| s.database),
        "supervision" => {
            qinglian_supervision::settings::load(data_dir, config, &EnvSource::Process)
                .map(|s| s.database)
        }
        other => return Err(anyhow::anyhow!("unknown service {other}")),
    }
    .map_err(anyhow::Error::msg)?;
    let store = Store::connect(&database.url, &database.connect_settings())
        .await
        .context("cannot open the database")?;
    let pending = match args.service.as_str() {
        "tasks" => pending::<qinglian_tasks::migrations::Migrator>(&store).await?,
        _ => pending::<qinglian_supervision::migrations::Migrator>(&store).await?,
    };
    if args.dry_run {
        if pending.is_empty() {
            println!("no pending migrations");
        }
        for name in &pending {
            println!("pending {name}");
        }
    } else {
        match args.service.as_str() {
            "tasks" => {
                qinglian_store::migrate::run::<qinglian_tasks::migrations::Migrator>(store.conn())
                    .await?
            }
            _ => {
                qinglian_store::migrate::run::<qinglian_supervision::migrations::Migrator>(
                    store.conn(),
                )
                .await?
            }
        }
        println!("applied {} migrations", pending.len());
    }
    store.close().await?;
    Ok(ExitCode::SUCCESS)
}

async fn pending<M: sea_orm_migration::MigratorTrait>(
    store: &Store,
) -> anyhow::Result<Vec<String>> {
    Ok(qinglian_store::migrate::pending::<M>(store.conn()).await?)
}
