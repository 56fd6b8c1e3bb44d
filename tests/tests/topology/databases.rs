//! One database per service for a run: on the PostgreSQL server named by QINGLIAN_TEST_POSTGRES_URL
//! (created with unique names, dropped WITH (FORCE) when the run ends, also when it fails), or, when
//! none is configured, three SQLite files, after a loud notice that PostgreSQL was not tested.

use std::io::Write;

use qinglian_store::testing::{Backend, TestDatabase};

/// The databases of the three services.
#[derive(Debug)]
pub struct Databases {
    /// The task-assignment service's.
    pub tasks: TestDatabase,
    /// The supervision-records service's.
    pub supervision: TestDatabase,
    /// The oversight-reporting service's.
    pub oversight: TestDatabase,
}

impl Databases {
    /// Three fresh databases on PostgreSQL when configured, else SQLite (under CI an unconfigured
    /// PostgreSQL fails the test instead, as for every other PostgreSQL test).
    pub async fn create(variant: &str) -> Self {
        match TestDatabase::postgres().await {
            Some(tasks) => Self {
                tasks,
                supervision: postgres().await,
                oversight: postgres().await,
            },
            None => {
                let _ = writeln!(
                    std::io::stderr(),
                    "NOTICE: the {variant} production topology did NOT run on PostgreSQL \
                     (QINGLIAN_TEST_POSTGRES_URL is not set); running it on three SQLite files instead"
                );
                Self {
                    tasks: TestDatabase::sqlite_named("tasks"),
                    supervision: TestDatabase::sqlite_named("supervision"),
                    oversight: TestDatabase::sqlite_named("oversight"),
                }
            }
        }
    }

    /// The backend the run is on.
    pub fn backend(&self) -> Backend {
        self.tasks.backend
    }

    /// The database of `service`.
    pub fn of(&self, service: &str) -> &TestDatabase {
        match service {
            "tasks" => &self.tasks,
            "supervision" => &self.supervision,
            "oversight" => &self.oversight,
            other => panic!("no database for service {other}"),
        }
    }
}

async fn postgres() -> TestDatabase {
    TestDatabase::postgres()
        .await
        .unwrap_or_else(|| panic!("PostgreSQL went away between two databases"))
}
