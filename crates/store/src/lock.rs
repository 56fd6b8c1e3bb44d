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

    /// Takes the lock of the SQLite file `database` (its folder is created when missing).
    pub fn acquire_file(database: &Path) -> Result<Self, String> {
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
                return Err(format!(
                    "{} is in use by {holder} (it holds {})",
                    database.display(),
                    path.display()
                ));
            }
            Err(TryLockError::Error(e)) => {
                return Err(format!("cannot lock {}: {e}", path.display()));
            }
        }
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(Self {
            database: database.to_owned(),
            _file: file,
        })
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

    /// Removes the files earlier restores replaced: called once the service has started on the
    /// restored database. Returns the folders removed.
    pub fn discard_replaced(&self) -> Result<Vec<PathBuf>, String> {
        let replaced = self.replaced();
        for folder in &replaced {
            std::fs::remove_dir_all(folder)
                .map_err(|e| format!("cannot remove {}: {e}", folder.display()))?;
        }
        Ok(replaced)
    }
}

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
