//! `qinglian backup` and `qinglian restore` of the embedded SQLite databases. A PostgreSQL deployment
//! is backed up with its own tools (`pg_dump` per service database).
//!
//! `backup` copies each database consistently while the services run (`VACUUM INTO` reads one
//! snapshot) into a temporary folder beside `--out`, and renames it to `--out` only when every copy
//! is complete. `restore` refuses while any service holds its database (see
//! `qinglian_store::lock`), verifies every copy first (SQLite's integrity check, the audit chain),
//! and only then swaps each file in with a rename, moving the files it replaces (with their
//! write-ahead log) aside into `<database>.replaced-<time>`, which the service removes once it has
//! started on the restored database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use qinglian_kit::settings::{ConfigFiles, DatabaseSettings};
use qinglian_store::Store;
use qinglian_store::connect::sqlite_path;
use qinglian_store::lock::DataLock;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DbBackend, Statement};

use super::suite::SuiteSettings;

/// Arguments of `backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Folder to create with a `<service>.db` copy of each embedded database; must not exist yet
    /// (or be empty).
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

/// Each service with its database settings, in order.
fn databases(
    data_dir: &Path,
    files: &ConfigFiles,
) -> anyhow::Result<[(&'static str, DatabaseSettings); 3]> {
    let settings = SuiteSettings::load(data_dir, files)?;
    Ok([
        ("tasks", settings.tasks.database),
        ("supervision", settings.supervision.database),
        ("oversight", settings.oversight.database),
    ])
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

/// Writes a consistent copy of every service's embedded database into the new folder `args.out`.
pub async fn backup(
    data_dir: &Path,
    files: &ConfigFiles,
    args: BackupArgs,
) -> anyhow::Result<ExitCode> {
    let out = args.out;
    if out.exists() && std::fs::read_dir(&out)?.next().is_some() {
        bail!(
            "{} exists and is not empty; back up into a new folder",
            out.display()
        );
    }
    let databases = databases(data_dir, files)?;
    let partial = sibling(&out, "partial")?;
    std::fs::create_dir_all(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let written = copy_all(&databases, &partial).await;
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&partial);
        return Err(e);
    }
    if out.exists() {
        std::fs::remove_dir(&out).with_context(|| format!("cannot replace {}", out.display()))?;
    }
    std::fs::rename(&partial, &out)
        .with_context(|| format!("cannot rename {} to {}", partial.display(), out.display()))?;
    for line in written? {
        println!("{line}");
    }
    println!("backup complete in {}", out.display());
    Ok(ExitCode::SUCCESS)
}

/// Copies each database into `folder`; the lines to print.
async fn copy_all(
    databases: &[(&'static str, DatabaseSettings)],
    folder: &Path,
) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for (service, settings) in databases {
        let file = embedded_file(service, settings)?;
        if !file.exists() {
            lines.push(format!(
                "{service}: no database at {}, skipped",
                file.display()
            ));
            continue;
        }
        let target = folder.join(format!("{service}.db"));
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
        lines.push(format!("{service}: {}", file.display()));
    }
    Ok(lines)
}

/// Puts the copies in `args.from` back in place of the embedded databases, all or none: refused
/// while a service runs or when a copy fails verification, before anything is touched.
pub async fn restore(
    data_dir: &Path,
    files: &ConfigFiles,
    args: RestoreArgs,
) -> anyhow::Result<ExitCode> {
    let mut plan = Vec::new();
    for (service, settings) in databases(data_dir, files)? {
        let source = args.from.join(format!("{service}.db"));
        if !source.is_file() {
            println!("{service}: no {} in the backup, skipped", source.display());
            continue;
        }
        let file = embedded_file(service, &settings)?;
        let lock = DataLock::acquire_file(&file).map_err(|e| {
            anyhow::anyhow!(
                "cannot restore while the {service} service runs: {e}; stop every service first \
                 (nothing was restored)"
            )
        })?;
        plan.push((service, source, lock));
    }
    for (service, source, _) in &plan {
        verify(service, source).await?;
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
    for (service, source, lock) in &plan {
        let aside = swap_in(source, lock.database(), &stamp)?;
        match aside {
            Some(aside) => println!(
                "{service}: {} -> {} (the replaced files are kept in {} until the service starts)",
                source.display(),
                lock.database().display(),
                aside.display()
            ),
            None => println!(
                "{service}: {} -> {}",
                source.display(),
                lock.database().display()
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks that `source` is a whole SQLite database whose audit chain is intact, reading it only.
async fn verify(service: &str, source: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}", source.display());
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| opts.read_only(true).immutable(true));
    let conn = Database::connect(options)
        .await
        .with_context(|| format!("{}: not a readable database", source.display()))?;
    let integrity = conn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .with_context(|| format!("{}: not a SQLite database", source.display()))?
        .map(|row| row.try_get_by_index::<String>(0))
        .transpose()?;
    if integrity.as_deref() != Some("ok") {
        bail!(
            "{}: the {service} copy is damaged ({}); nothing was restored",
            source.display(),
            integrity.unwrap_or_default()
        );
    }
    let chain = qinglian_store::audit::verify_chain(&conn)
        .await
        .with_context(|| format!("{}: not a {service} database", source.display()))?;
    if let Some((sequence, why)) = chain.broken {
        bail!(
            "{}: the {service} audit chain breaks at event {sequence} ({why}); nothing was restored",
            source.display()
        );
    }
    conn.close().await?;
    Ok(())
}

/// Copies `source` next to `database`, moves `database` and its write-ahead log aside into
/// `<database>.replaced-<stamp>`, and renames the copy into place. Returns the folder set aside.
fn swap_in(source: &Path, database: &Path, stamp: &str) -> anyhow::Result<Option<PathBuf>> {
    let incoming = sibling(database, "restoring")?;
    std::fs::copy(source, &incoming)
        .with_context(|| format!("cannot copy {} to {}", source.display(), incoming.display()))?;
    std::fs::File::open(&incoming).and_then(|f| f.sync_all())?;
    let companions: Vec<PathBuf> = ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", database.display())))
        .filter(|path| path.exists())
        .collect();
    let aside = match companions.is_empty() {
        true => None,
        false => {
            let aside = PathBuf::from(format!("{}.replaced-{stamp}", database.display()));
            std::fs::create_dir_all(&aside)
                .with_context(|| format!("cannot create {}", aside.display()))?;
            for path in &companions {
                let name = path.file_name().unwrap_or_default();
                std::fs::rename(path, aside.join(name))
                    .with_context(|| format!("cannot move {} aside", path.display()))?;
            }
            Some(aside)
        }
    };
    std::fs::rename(&incoming, database)
        .with_context(|| format!("cannot move the copy into {}", database.display()))?;
    if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir).and_then(|d| d.sync_all())?;
    }
    Ok(aside)
}

/// A hidden path beside `path` for work in progress, e.g. `.tasks.db.restoring`.
fn sibling(path: &Path, purpose: &str) -> anyhow::Result<PathBuf> {
    let name = path
        .file_name()
        .with_context(|| format!("{} names no file or folder", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new(""));
    Ok(dir.join(format!(".{}.{purpose}", name.to_string_lossy())))
}
