//! Connecting to the database a service owns.
//!
//! The URL decides the backend: `sqlite://path/to/file.db` (the embedded default, created when missing)
//! or `postgres://user@host/db`. SQLite runs in WAL mode with foreign keys on, a busy timeout, and
//! `synchronous = FULL`, so that a committed (acknowledged) change survives a power loss, not only a
//! process crash.

use std::{sync::Arc, time::Duration};

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, DatabaseBackend, DatabaseConnection, DbErr};
use tokio::sync::watch;

use crate::commit::{BatchSettings, Committer};

/// Rows `PRAGMA optimize` samples per index when a connection closes (bounds its cost).
const SQLITE_ANALYSIS_LIMIT: u32 = 1000;

/// How long a call waits for a free pooled connection before it fails.
const POOL_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a SQLite writer waits for the write lock before failing.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A service's database, with the signal that tells outbox watchers a transaction committed.
#[derive(Clone, Debug)]
pub struct Store {
    conn: DatabaseConnection,
    /// The queue of this store's mutations to its committer.
    pub(crate) committer: Committer,
    /// Carries the outbox sequence of the last commit made through this store.
    committed: Arc<watch::Sender<i64>>,
    /// How long a request id is remembered.
    pub(crate) idempotency_retention: chrono::Duration,
}

/// Connection options that are not in the URL.
#[derive(Clone, Debug)]
pub struct ConnectSettings {
    /// Most connections the pool opens.
    pub max_connections: u32,
    /// How long connecting waits for the database to answer.
    pub connect_timeout: Duration,
    /// How long a request id is remembered (AIP-155 retention window).
    pub idempotency_retention: Duration,
    /// How mutations are grouped into transactions.
    pub batch: BatchSettings,
}

impl Default for ConnectSettings {
    fn default() -> Self {
        Self {
            max_connections: 8,
            connect_timeout: Duration::from_secs(2),
            idempotency_retention: Duration::from_secs(24 * 3600),
            batch: BatchSettings::default(),
        }
    }
}

impl Store {
    /// Opens the pool. For SQLite the file (and its folder) is created when missing; a PostgreSQL
    /// server is first reached on one connection, so that a server that is down, refuses or does
    /// not answer within the connect timeout is reported with its host and the cause.
    pub async fn connect(url: &str, settings: &ConnectSettings) -> Result<Self, DbErr> {
        check_url(url).map_err(DbErr::Custom)?;
        if settings.max_connections == 0 {
            return Err(DbErr::Custom("a pool needs at least one connection".into()));
        }
        if sqlite_path(url).is_none() && !url.starts_with("sqlite:") {
            reach_postgres(url, settings.connect_timeout).await?;
        }
        if let Some(path) = sqlite_path(url)
            && let Some(dir) = std::path::Path::new(path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                DbErr::Custom(format!(
                    "cannot create database folder {}: {e}",
                    dir.display()
                ))
            })?;
        }
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(settings.max_connections)
            .min_connections(1)
            // How long a call waits for a pooled connection under load (not the start-up bound,
            // which `reach_postgres` applies): sea-orm's connect timeout would set the same.
            .acquire_timeout(POOL_ACQUIRE_TIMEOUT)
            .sqlx_logging(false)
            // A PostgreSQL connection can go stale (server restart, dropped link), so it is pinged
            // before use; a SQLite connection is a file handle on a local thread, and the ping
            // would be one more hand-off on every read.
            .test_before_acquire(!url.starts_with("sqlite:"))
            .map_sqlx_sqlite_opts(|opts| {
                opts.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    // Keeps the planner's statistics current, as SQLite recommends: statistics
                    // queries over large tables depend on them.
                    .optimize_on_close(true, SQLITE_ANALYSIS_LIMIT)
            });
        let conn = sea_orm::Database::connect(options).await?;
        let retention = chrono::Duration::from_std(settings.idempotency_retention)
            .map_err(|_| DbErr::Custom("idempotency retention is too long".into()))?;
        let committed = Arc::new(watch::Sender::new(0));
        let committer =
            Committer::start(conn.clone(), settings.batch, retention, committed.clone());
        Ok(Self {
            conn,
            committer,
            committed,
            idempotency_retention: retention,
        })
    }

    /// The pool, for reads. Writes go through [`Store::begin`](crate::mutation).
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Which backend the URL selected.
    pub fn backend(&self) -> DatabaseBackend {
        self.conn.get_database_backend()
    }

    /// A receiver that changes whenever a mutation commits through this store.
    pub fn subscribe_commits(&self) -> watch::Receiver<i64> {
        self.committed.subscribe()
    }

    /// How many pooled connections are open, idle and allowed, for metrics.
    pub fn pool_use(&self) -> PoolUse {
        match self.backend() {
            DatabaseBackend::Sqlite => PoolUse::of(self.conn.get_sqlite_connection_pool()),
            DatabaseBackend::Postgres => PoolUse::of(self.conn.get_postgres_connection_pool()),
            _ => PoolUse::default(),
        }
    }

    /// Answers once the database answers a trivial statement on a pooled connection.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.conn.ping().await
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(self) -> Result<(), DbErr> {
        self.conn.close().await
    }
}

/// The use of a store's connection pool at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolUse {
    /// Connections lent out to queries and transactions.
    pub in_use: u32,
    /// Open connections waiting in the pool.
    pub idle: u32,
    /// Most connections the pool opens (`database.max_connections`).
    pub max: u32,
}

impl PoolUse {
    fn of<DB: sea_orm::sqlx::Database>(pool: &sea_orm::sqlx::Pool<DB>) -> Self {
        let idle = u32::try_from(pool.num_idle()).unwrap_or(u32::MAX);
        Self {
            in_use: pool.size().saturating_sub(idle),
            idle,
            max: pool.options().get_max_connections(),
        }
    }
}

/// Whether `url` is a database URL the store can open: `sqlite:` or `postgres(ql)://`, well formed;
/// the error says why not.
pub fn check_url(url: &str) -> Result<(), String> {
    use std::str::FromStr;

    if url.starts_with("sqlite:") {
        if sqlite_path(url).is_none() {
            // Each pooled connection would have a database of its own, lost at exit.
            return Err(
                "a SQLite URL must name a file (an in-memory database loses every record)"
                    .to_owned(),
            );
        }
        sea_orm::sqlx::sqlite::SqliteConnectOptions::from_str(url)
            .map(|_| ())
            .map_err(|e| e.to_string())
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        sea_orm::sqlx::postgres::PgConnectOptions::from_str(url)
            .map(|_| ())
            .map_err(|e| e.to_string())
    } else {
        Err("the URL must start with sqlite: or postgres://".to_owned())
    }
}

/// `url` with the password of its user, if any, replaced by `***`: how a URL is shown in messages.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{name}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Opens and closes one connection to the PostgreSQL server of `url` within `timeout`, naming the
/// server and the cause when it cannot.
async fn reach_postgres(url: &str, timeout: Duration) -> Result<(), DbErr> {
    use std::str::FromStr;

    use sea_orm::sqlx::Connection;
    use sea_orm::sqlx::postgres::{PgConnectOptions, PgConnection};

    let options = PgConnectOptions::from_str(url).map_err(|e| DbErr::Custom(e.to_string()))?;
    let server = format!(
        "PostgreSQL at {}:{} (database {})",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("of the user")
    );
    match tokio::time::timeout(timeout, PgConnection::connect_with(&options)).await {
        Ok(Ok(connection)) => {
            let _ = connection.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(DbErr::Custom(format!("cannot reach {server}: {e}"))),
        Err(_) => Err(DbErr::Custom(format!(
            "{server} did not answer within {}",
            humantime_secs(timeout)
        ))),
    }
}

/// `duration` as people write it, e.g. `2s` or `1.5s`.
fn humantime_secs(duration: Duration) -> String {
    format!("{}s", duration.as_secs_f64())
}

/// The file path of a SQLite URL, or None for other backends and in-memory databases.
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;

    #[test]
    fn passwords_are_kept_out_of_shown_urls() {
        assert_eq!(
            super::redacted("postgres://qinglian:s3cret@db:5432/tasks"),
            "postgres://qinglian:***@db:5432/tasks"
        );
        assert_eq!(
            super::redacted("postgres://db/tasks"),
            "postgres://db/tasks"
        );
        assert_eq!(super::redacted("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    /// `.cargo/config.toml` builds the bundled SQLite with the query planner stability
    /// guarantee: without it every statement with a bound LIMIT is parsed again on each run.
    #[tokio::test]
    async fn bundled_sqlite_keeps_prepared_plans() {
        use sea_orm::{ConnectionTrait, Statement};
        let dir = tempfile::tempdir().expect("temp folder");
        let url = format!("sqlite://{}/options.db", dir.path().display());
        let store = super::Store::connect(&url, &Default::default())
            .await
            .expect("store");
        let rows = store
            .conn()
            .query_all_raw(Statement::from_string(
                store.backend(),
                "PRAGMA compile_options",
            ))
            .await
            .expect("compile options");
        let options: Vec<String> = rows
            .iter()
            .map(|row| row.try_get_by_index::<String>(0).expect("option"))
            .collect();
        assert!(
            options.iter().any(|o| o == "ENABLE_QPSG"),
            "compiled without ENABLE_QPSG: {options:?}"
        );
    }

    #[test]
    fn sqlite_paths_are_taken_from_urls() {
        assert_eq!(
            sqlite_path("sqlite://data/tasks.db?mode=rwc"),
            Some("data/tasks.db")
        );
        assert_eq!(sqlite_path("sqlite:///tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://localhost/test"), None);
    }
}
