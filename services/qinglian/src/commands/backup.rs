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
use qinglian_store::lock::{DataLock, RESTORE_COMPLETE};
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
/// while a service runs or when a copy fails verification, before anything is touched; and when a
/// swap fails, the databases already swapped are put back.
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
        let file = std::path::absolute(embedded_file(service, &settings)?)?;
        let lock = DataLock::acquire_file(&file).map_err(|e| {
            anyhow::anyhow!(
                "cannot restore while the {service} service runs: {e}; stop every service first \
                 (nothing was restored)"
            )
        })?;
        if let Some(folder) = lock.interrupted().first() {
            bail!(
                "an earlier restore of {} was interrupted; its replaced files are in {}: move them \
                 back and remove the folder first (nothing was restored)",
                file.display(),
                folder.display()
            );
        }
        plan.push((service, source, lock));
    }
    for (service, source, _) in &plan {
        verify(service, source).await?;
    }
    // Every copy is staged beside its database before the first one is swapped in.
    let mut staged = Vec::new();
    for (_, source, lock) in &plan {
        match stage(source, lock.database()) {
            Ok(incoming) => staged.push(incoming),
            Err(e) => {
                staged.iter().for_each(|f| drop(std::fs::remove_file(f)));
                return Err(e.context("nothing was restored"));
            }
        }
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
    let mut swapped: Vec<Swapped> = Vec::new();
    for ((service, _, lock), incoming) in plan.iter().zip(&staged) {
        match Swapped::swap_in(incoming, lock, &stamp) {
            Ok(done) => swapped.push(done),
            Err(e) => {
                let undone = swapped.iter().rev().map(Swapped::undo).collect::<Vec<_>>();
                staged.iter().for_each(|f| drop(std::fs::remove_file(f)));
                if let Some(Err(undo)) = undone.into_iter().find(Result::is_err) {
                    bail!(
                        "cannot swap in the {service} copy: {e:#}; and putting back the databases \
                         already swapped failed: {undo:#} (their old files are in the \
                         .replaced-{stamp} folders)"
                    );
                }
                bail!("cannot swap in the {service} copy: {e:#}; nothing was restored");
            }
        }
    }
    for ((service, source, lock), done) in plan.iter().zip(&swapped) {
        done.complete()?;
        println!(
            "{service}: {} -> {} (the replaced files are kept in {} until the service starts)",
            source.display(),
            lock.database().display(),
            done.aside.display()
        );
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

/// Copies `source` beside `database` as a hidden file, on disk when this returns.
fn stage(source: &Path, database: &Path) -> anyhow::Result<PathBuf> {
    let incoming = sibling(database, "restoring")?;
    std::fs::copy(source, &incoming)
        .with_context(|| format!("cannot copy {} to {}", source.display(), incoming.display()))?;
    std::fs::File::open(&incoming).and_then(|f| f.sync_all())?;
    Ok(incoming)
}

/// One database swapped for its copy, its old files in the restore's folder beside it.
#[derive(Debug)]
struct Swapped {
    database: PathBuf,
    aside: PathBuf,
    /// The old database was linked (or copied) into `aside`.
    kept_database: bool,
    /// Its write-ahead log and index, moved into `aside`.
    moved: Vec<PathBuf>,
}

impl Swapped {
    /// Keeps the database and its write-ahead log in the restore's folder (the database by a hard
    /// link, so its path always names a whole file), then renames the staged copy over it. A crash
    /// in between leaves a folder without the completion marker, which stops the service's next
    /// start until an operator has looked.
    fn swap_in(incoming: &Path, lock: &DataLock, stamp: &str) -> anyhow::Result<Self> {
        let database = lock.database().to_owned();
        let aside = lock.aside(stamp);
        std::fs::create_dir_all(&aside)
            .with_context(|| format!("cannot create {}", aside.display()))?;
        let mut swapped = Self {
            database: database.clone(),
            aside,
            kept_database: false,
            moved: Vec::new(),
        };
        let result = swapped.move_aside_and_rename(incoming);
        if let Err(e) = result {
            let _ = swapped.undo();
            return Err(e);
        }
        Ok(swapped)
    }

    fn move_aside_and_rename(&mut self, incoming: &Path) -> anyhow::Result<()> {
        let name = |path: &Path| path.file_name().unwrap_or_default().to_owned();
        if self.database.exists() {
            let kept = self.aside.join(name(&self.database));
            std::fs::hard_link(&self.database, &kept)
                .or_else(|_| std::fs::copy(&self.database, &kept).map(drop))
                .with_context(|| format!("cannot keep {}", self.database.display()))?;
            self.kept_database = true;
        }
        for suffix in ["-wal", "-shm"] {
            let companion = PathBuf::from(format!("{}{suffix}", self.database.display()));
            if companion.exists() {
                std::fs::rename(&companion, self.aside.join(name(&companion)))
                    .with_context(|| format!("cannot move {} aside", companion.display()))?;
                self.moved.push(companion);
            }
        }
        std::fs::rename(incoming, &self.database)
            .with_context(|| format!("cannot move the copy into {}", self.database.display()))?;
        sync_folder(&self.database)
    }

    /// Puts the old files back where they were and removes the restore's folder.
    fn undo(&self) -> anyhow::Result<()> {
        let name = |path: &Path| path.file_name().unwrap_or_default().to_owned();
        if self.kept_database {
            std::fs::rename(self.aside.join(name(&self.database)), &self.database)
                .with_context(|| format!("cannot put back {}", self.database.display()))?;
        } else if self.database.exists() {
            std::fs::remove_file(&self.database)?;
        }
        for companion in &self.moved {
            std::fs::rename(self.aside.join(name(companion)), companion)
                .with_context(|| format!("cannot put back {}", companion.display()))?;
        }
        std::fs::remove_dir_all(&self.aside)?;
        sync_folder(&self.database)
    }

    /// Marks the restore of this database finished: its service may start and discard `aside`.
    fn complete(&self) -> anyhow::Result<()> {
        let marker = self.aside.join(RESTORE_COMPLETE);
        std::fs::write(&marker, b"")
            .and_then(|()| std::fs::File::open(&marker)?.sync_all())
            .with_context(|| format!("cannot write {}", marker.display()))?;
        sync_folder(&marker)
    }
}

/// Flushes the folder holding `path`, so that renames in it survive a power loss.
fn sync_folder(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir).and_then(|d| d.sync_all())?;
    }
    Ok(())
}

/// A hidden path beside `path` for work in progress, e.g. `.tasks.db.restoring`.
fn sibling(path: &Path, purpose: &str) -> anyhow::Result<PathBuf> {
    let name = path
        .file_name()
        .with_context(|| format!("{} names no file or folder", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new(""));
    Ok(dir.join(format!(".{}.{purpose}", name.to_string_lossy())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_keeps_the_old_files_aside_and_its_undo_puts_them_back() {
        let dir = tempfile::tempdir().expect("dir");
        let database = dir.path().join("tasks.db");
        let wal = dir.path().join("tasks.db-wal");
        std::fs::write(&database, b"old").expect("old");
        std::fs::write(&wal, b"old log").expect("log");
        let copy = dir.path().join("copy.db");
        std::fs::write(&copy, b"new").expect("copy");
        let lock = DataLock::acquire_file(&database).expect("lock");

        let incoming = stage(&copy, &database).expect("staged");
        let swapped = Swapped::swap_in(&incoming, &lock, "t1").expect("swapped");
        assert_eq!(std::fs::read(&database).expect("read"), b"new");
        assert!(!wal.exists(), "the old log is not read with the new file");
        assert_eq!(
            std::fs::read(swapped.aside.join("tasks.db")).expect("kept"),
            b"old"
        );
        assert_eq!(
            lock.interrupted(),
            std::slice::from_ref(&swapped.aside),
            "not yet complete"
        );

        swapped.undo().expect("undo");
        assert_eq!(std::fs::read(&database).expect("read"), b"old");
        assert_eq!(std::fs::read(&wal).expect("log"), b"old log");
        assert!(lock.replaced().is_empty());

        let incoming = stage(&copy, &database).expect("staged");
        let swapped = Swapped::swap_in(&incoming, &lock, "t2").expect("swapped");
        swapped.complete().expect("complete");
        assert!(lock.interrupted().is_empty());
        assert_eq!(lock.discard_replaced().expect("discard"), [swapped.aside]);
        assert_eq!(std::fs::read(&database).expect("read"), b"new");
    }
}
