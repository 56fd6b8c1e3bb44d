//! The cross-service scenario on a running topology, through the public gRPC APIs with tokens signed
//! by the deployment's key: directory → plan and tasks → talks, a tour, problems, measures with
//! progress → restart of the supervision service → nothing acknowledged lost → sign-off → oversight
//! activities and a sent opinion → the annual reports, whose figures must equal the counts kept.

mod directory;
mod ledger;
mod oversight;
mod plan;
mod report;
mod survival;
mod tally;

use std::io::Write;
use std::time::Instant;

use chrono::Datelike;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Cluster, Member, Transport};
use tally::Tally;

/// The day the services take for today: the binaries read the system clock, so the scenario records
/// everything on today's date (UTC, as the services count days) and reports on this year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// Today, `YYYY-MM-DD`.
    pub today: String,
    /// This year.
    pub year: i32,
}

impl Day {
    fn now() -> Self {
        let today = chrono::Utc::now().date_naive();
        Self {
            today: today.format("%Y-%m-%d").to_string(),
            year: today.year(),
        }
    }
}

/// Starts the topology over `transport` and runs the scenario on it.
pub async fn run(transport: Transport, variant: &str) {
    let started = Instant::now();
    let mut cluster = Cluster::on(database(variant).await)
        .supervision()
        .oversight()
        .spawn(transport)
        .await;
    println!(
        "{variant}: three service processes on {:?} SERVING after {:.1?}",
        cluster.backend(),
        started.elapsed()
    );
    if transport == Transport::MutualTls {
        for service in Member::ALL {
            assert!(
                !cluster.anonymous_client_is_served(service).await,
                "{service} served a client without a certificate"
            );
        }
    }
    let day = Day::now();
    let mut tally = Tally::default();
    let mut government = Tally::default();

    let org = directory::record(&cluster).await;
    let plan = plan::record(&cluster, &org, &day, &mut tally).await;
    let records = ledger::record(&cluster, &org, &day, &mut tally).await;
    let before = survival::snapshot(&cluster, &org, &records).await;
    let restarting = Instant::now();
    cluster.restart(Member::Supervision).await;
    println!(
        "{variant}: supervision stopped by SIGTERM and SERVING again after {:.1?}",
        restarting.elapsed()
    );
    survival::assert_nothing_lost(&cluster, &org, &day, &records, &before).await;
    ledger::sign_off(&cluster, &org, &records, &mut tally).await;
    let oversight = oversight::record(&cluster, &org, &day, &mut tally, &mut government).await;

    directory::assert_present(&cluster, &org).await;
    plan::assert_present(&cluster, &plan).await;
    oversight::assert_present(&cluster, &org, &oversight).await;
    assert_eq!(
        Day::now().year,
        day.year,
        "the run crossed into a new year, which moves the report's figures; run it again"
    );
    for service in Member::ALL {
        assert_eq!(
            cluster.admin_get(service, "/readyz").await.0,
            200,
            "{service} ready"
        );
        let (status, metrics) = cluster.admin_get(service, "/metrics").await;
        assert!(
            status == 200 && !metrics.is_empty(),
            "{service} metrics: {status}"
        );
    }
    report::assert_figures(&cluster, &org.organ, &day, &tally, "市人大常委会机关").await;
    report::assert_figures(&cluster, &org.government, &day, &government, "市人民政府").await;
    println!(
        "{variant}: {} figures of two reports equal the counts kept; scenario done in {:.1?}",
        tally.len() + government.len(),
        started.elapsed()
    );
}

/// The first database of a run: on the PostgreSQL server named by QINGLIAN_TEST_POSTGRES_URL, or,
/// when none is configured, a SQLite file after a loud notice that PostgreSQL was not tested (under CI
/// an unconfigured PostgreSQL fails instead, as for every other PostgreSQL test). The other members'
/// databases are its siblings on the same backend.
async fn database(variant: &str) -> TestDatabase {
    match TestDatabase::postgres().await {
        Some(db) => db,
        None => {
            let _ = writeln!(
                std::io::stderr(),
                "NOTICE: the {variant} production topology did NOT run on PostgreSQL \
                 (QINGLIAN_TEST_POSTGRES_URL is not set); running it on SQLite files instead"
            );
            TestDatabase::sqlite_named("tasks")
        }
    }
}
