//! The lock a running service holds on its embedded database, so that nothing replaces the file under
//! it: `<database>.lock` beside the SQLite file, locked exclusively by the operating system for as
//! long as the process keeps it (a crash releases it) and holding the holder's pid for the message of
//! whoever is refused. `qinglian restore` takes the same lock, and so refuses while a service runs.
//! A PostgreSQL database needs none: its server guards it, and it is restored with its own tools.
//!
//! Files an earlier restore replaced wait beside the database, in `<database>.replaced-<time>`
//! folders, until the service next starts successfully on the restored file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::connect::sqlite_path;

/// An exclusive hold on one embedded database; released when dropped.
#[derive(Debug)]
pub struct DataLock {
    database: PathBuf,
    _file: File,
}

impl DataLock {
    /// Takes the lock of the database at `url` for this process, or None for a database that is not
    /// an embedded file. Refused with one line when another process holds it.
    pub fn acquire(url: &str) -> Result<Option<Self>, String> {
        let Some(database) = sqlite_path(url) else {
            return Ok(None);
        };
        Self::acquire_file(Path::new(database)).map(Some)
    }

    /// Takes the lock of the SQLite file `database` (its folder is created when missing); refused
    /// with one line naming the holder when another process holds it.
    pub fn acquire_file(database: &Path) -> Result<Self, String> {
        match Self::try_file(database)? {
            Taken::Locked(lock) => Ok(lock),
            Taken::Held(why) => Err(why),
        }
    }

    /// Takes the lock of the database at `url` (None for one that is not an embedded file), waiting
    /// up to `limit` for another process to let go of it; then refused as [`Self::acquire_file`] is.
    pub fn wait_for(url: &str, limit: std::time::Duration) -> Result<Option<Self>, String> {
        let Some(database) = sqlite_path(url) else {
            return Ok(None);
        };
        let deadline = std::time::Instant::now() + limit;
        loop {
            match Self::try_file(Path::new(database))? {
                Taken::Locked(lock) => return Ok(Some(lock)),
                Taken::Held(why) if std::time::Instant::now() >= deadline => return Err(why),
                Taken::Held(_) => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    }

    /// Takes the lock of `database` if no other process holds it.
    pub fn try_file(database: &Path) -> Result<Taken, String> {
        if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let path = lock_path(database);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = match holder.trim() {
                    "" => "another process".to_owned(),
                    pid => format!("process {pid}"),
                };
                return Ok(Taken::Held(format!(
                    "{} is in use by {holder} (it holds {})",
                    database.display(),
                    path.display()
                )));
            }
            Err(TryLockError::Error(e)) => {
                return Err(format!("cannot lock {}: {e}", path.display()));
            }
        }
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(Taken::Locked(Self {
            database: database.to_owned(),
            _file: file,
        }))
    }

    /// The database file this lock guards.
    pub fn database(&self) -> &Path {
        &self.database
    }

    /// The folders of files earlier restores replaced, oldest first.
    pub fn replaced(&self) -> Vec<PathBuf> {
        let (Some(dir), Some(name)) = (self.database.parent(), self.database.file_name()) else {
            return Vec::new();
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let prefix = format!("{}.replaced-", name.to_string_lossy());
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
            .map(|entry| entry.path())
            .collect();
        found.sort();
        found
    }

    /// The folder a restore at `stamp` sets the replaced files aside in.
    pub fn aside(&self, stamp: &str) -> PathBuf {
        PathBuf::from(format!("{}.replaced-{stamp}", self.database.display()))
    }

    /// Folders of restores that did not finish (no [`RESTORE_COMPLETE`] marker): the database may be
    /// the old one without its log, or missing, and the folder holds what it replaced.
    pub fn interrupted(&self) -> Vec<PathBuf> {
        self.replaced()
            .into_iter()
            .filter(|folder| !folder.join(RESTORE_COMPLETE).exists())
            .collect()
    }

    /// Removes the files finished restores replaced: called once the service has started on the
    /// restored database. Returns the folders removed; an interrupted restore's stay.
    pub fn discard_replaced(&self) -> Result<Vec<PathBuf>, String> {
        let replaced: Vec<PathBuf> = self
            .replaced()
            .into_iter()
            .filter(|folder| folder.join(RESTORE_COMPLETE).exists())
            .collect();
        for folder in &replaced {
            std::fs::remove_dir_all(folder)
                .map_err(|e| format!("cannot remove {}: {e}", folder.display()))?;
        }
        Ok(replaced)
    }
}

/// What trying to take a lock found.
#[derive(Debug)]
pub enum Taken {
    /// This process holds it now.
    Locked(DataLock),
    /// Another process holds it: why, in one line naming the holder.
    Held(String),
}

/// The file a restore writes into its folder of replaced files once the restored database is in
/// place.
pub const RESTORE_COMPLETE: &str = "restore-complete";

/// The lock file of SQLite file `database`.
pub fn lock_path(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}.lock", database.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_naming_the_first_until_it_lets_go() {
        let dir = tempfile::tempdir().expect("dir");
        let database = dir.path().join("tasks.db");
        let first = DataLock::acquire_file(&database).expect("first");
        let refused = DataLock::acquire_file(&database).expect_err("second");
        assert!(
            refused.contains(&format!("process {}", std::process::id())),
            "{refused}"
        );
        drop(first);
        DataLock::acquire_file(&database).expect("free again");
        let url = format!("sqlite://{}", database.display());
        assert!(DataLock::acquire(&url).expect("lock").is_some());
        assert!(
            DataLock::acquire("postgres://db/tasks")
                .expect("no lock")
                .is_none()
        );
    }
}
