//! One test body, two backends: SQLite always, PostgreSQL when `QINGLIAN_TEST_POSTGRES_URL` is set.
//!
//! Each test gets a database of its own: a SQLite file in a temporary folder, or a fresh PostgreSQL
//! database created on the configured server and dropped afterwards. When PostgreSQL is not configured
//! the PostgreSQL variant says so on the terminal (past the test harness's output capture); under CI it
//! fails instead, because CI must test both backends.

use std::io::Write;

use sea_orm::{ConnectionTrait, Database, DbErr};

/// Environment variable naming the PostgreSQL server for tests, e.g. postgres://postgres@127.0.0.1/test.
pub const POSTGRES_URL_VAR: &str = "QINGLIAN_TEST_POSTGRES_URL";

/// The backend of a test database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A database on the configured PostgreSQL server.
    Postgres,
}

/// A database that exists for one test.
#[derive(Debug)]
pub struct TestDatabase {
    /// Connection URL of the database.
    pub url: String,
    /// Which backend it is on.
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// A fresh SQLite database in a temporary folder.
    pub fn sqlite() -> Self {
        Self::sqlite_named("test")
    }

    /// A fresh SQLite file called `name`.db in a temporary folder.
    pub fn sqlite_named(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create temp folder: {e}"));
        let url = format!("sqlite://{}/{name}.db", dir.path().display());
        Self {
            url,
            backend: Backend::Sqlite,
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A fresh PostgreSQL database, or None (with a loud notice) when no server is configured.
    /// Panics when the server is configured but unreachable, and under CI when it is not configured.
    pub async fn postgres() -> Option<Self> {
        let Some(admin_url) = std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|url| !url.is_empty())
        else {
            if std::env::var_os("CI").is_some() {
                panic!("{POSTGRES_URL_VAR} is not set: CI must run the PostgreSQL tests");
            }
            let _ = writeln!(
                std::io::stderr(),
                "NOTICE: PostgreSQL variant NOT RUN: {POSTGRES_URL_VAR} is not set"
            );
            return None;
        };
        let name = format!("qinglian_t_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(admin_url.as_str())
            .await
            .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {POSTGRES_URL_VAR}: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let _ = admin.close().await;
        Some(Self {
            url: with_database(&admin_url, &name),
            backend: Backend::Postgres,
            _dir: None,
            postgres: Some((admin_url, name)),
        })
    }

    /// A fresh database on the same backend as this one, for another service of the same test; on
    /// SQLite a file called `name`.db.
    pub async fn sibling(&self, name: &str) -> Self {
        match self.backend {
            Backend::Sqlite => Self::sqlite_named(name),
            Backend::Postgres => Self::postgres().await.unwrap_or_else(|| {
                panic!("PostgreSQL is configured, since this database is on it")
            }),
        }
    }

    /// A fresh database on `backend`, or None when that backend is not available (see [`Self::postgres`]).
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite()),
            Backend::Postgres => Self::postgres().await,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, so the clean-up gets a runtime of its own.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| DbErr::Custom(e.to_string()))?;
            runtime.block_on(async {
                let admin = Database::connect(admin_url.as_str()).await?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await?;
                admin.close().await
            })
        });
        if let Ok(Err(e)) = cleanup.join() {
            let _ = writeln!(std::io::stderr(), "warning: test database not dropped: {e}");
        }
    }
}

/// `url` with its database name replaced by `database`.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

/// Declares, for each named async test body taking a [`TestDatabase`], a module with a `sqlite` and a
/// `postgres` test.
///
/// ```text
/// async fn creates_units(db: TestDatabase) { … }
/// qinglian_store::backend_tests!(creates_units);
/// ```
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::testing::TestDatabase::sqlite()).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::testing::TestDatabase::postgres().await {
                    super::$name(db).await
                }
            }
        }
    )+};
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_names_are_replaced_in_urls() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }
}
