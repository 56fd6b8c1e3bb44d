//! `qinglian backup` and `qinglian restore`: the embedded SQLite databases copied consistently while
//! the services run (`VACUUM INTO` reads one snapshot), and put back while they are stopped. A
//! PostgreSQL deployment is backed up with its own tools (`pg_dump` per service database).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use qinglian_kit::settings::{DatabaseSettings, EnvSource};
use qinglian_store::Store;
use qinglian_store::connect::sqlite_path;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The services whose databases are backed up, in order.
const SERVICES: [&str; 3] = ["tasks", "supervision", "oversight"];

/// Arguments of `backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Folder to write `<service>.db` files into; created, and must not already hold them.
    #[arg(long)]
    out: PathBuf,
}

/// Arguments of `restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// Folder holding `<service>.db` files written by `qinglian backup`.
    #[arg(long)]
    from: PathBuf,
}

fn database(
    service: &str,
    data_dir: &Path,
    config: Option<&Path>,
) -> anyhow::Result<DatabaseSettings> {
    let env = EnvSource::Process;
    match service {
        "tasks" => {
            qinglian_tasks::settings::Settings::load(data_dir, config, &env).map(|s| s.database)
        }
        "supervision" => qinglian_supervision::settings::Settings::load(data_dir, config, &env)
            .map(|s| s.database),
        _ => {
            qinglian_oversight::settings::Settings::load(data_dir, config, &env).map(|s| s.database)
        }
    }
    .map_err(anyhow::Error::msg)
}

/// The file of `service`'s embedded database; an error for a PostgreSQL one.
fn embedded_file(service: &str, database: &DatabaseSettings) -> anyhow::Result<PathBuf> {
    match sqlite_path(&database.url) {
        Some(path) => Ok(PathBuf::from(path)),
        None => bail!(
            "the {service} database is not an embedded SQLite file ({}); back PostgreSQL up with pg_dump",
            database.url.split('@').next_back().unwrap_or_default()
        ),
    }
}

/// Writes a consistent copy of every service's embedded database into `args.out`.
pub async fn backup(
    data_dir: &Path,
    config: Option<&Path>,
    args: BackupArgs,
) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for service in SERVICES {
        let settings = database(service, data_dir, config)?;
        let file = embedded_file(service, &settings)?;
        if !file.exists() {
            println!("{service}: no database at {}, skipped", file.display());
            continue;
        }
        let target = args.out.join(format!("{service}.db"));
        if target.exists() {
            bail!(
                "{} exists already; back up into an empty folder",
                target.display()
            );
        }
        let store = Store::connect(&settings.url, &settings.connect_settings())
            .await
            .with_context(|| format!("cannot open the {service} database"))?;
        store
            .conn()
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "VACUUM INTO ?",
                [target.to_string_lossy().into_owned().into()],
            ))
            .await
            .with_context(|| format!("cannot back up the {service} database"))?;
        store.close().await?;
        println!("{service}: {} -> {}", file.display(), target.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Puts the copies in `args.from` back in place of the embedded databases. The services must be
/// stopped: the write-ahead log of the database replaced is removed with it.
pub async fn restore(
    data_dir: &Path,
    config: Option<&Path>,
    args: RestoreArgs,
) -> anyhow::Result<ExitCode> {
    for service in SERVICES {
        let source = args.from.join(format!("{service}.db"));
        if !source.is_file() {
            println!("{service}: no {} in the backup, skipped", source.display());
            continue;
        }
        let settings = database(service, data_dir, config)?;
        let file = embedded_file(service, &settings)?;
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        for suffix in ["-wal", "-shm"] {
            let companion = PathBuf::from(format!("{}{suffix}", file.display()));
            if companion.exists() {
                std::fs::remove_file(&companion)
                    .with_context(|| format!("cannot remove {}", companion.display()))?;
            }
        }
        std::fs::copy(&source, &file)
            .with_context(|| format!("cannot restore {}", file.display()))?;
        println!("{service}: {} -> {}", source.display(), file.display());
    }
    Ok(ExitCode::SUCCESS)
}
