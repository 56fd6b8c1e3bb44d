//! Ledger benchmark: prints its figures, each against a baseline measured in the same run.
//!
//! - GetLedgerStatistics over gRPC on a ledger of 500,000 measures, each answering one of 500,000
//!   problems (80% found by 20 inspection tours, the rest by checks and audits) in 200 units, against
//!   the same statistics computed directly by `ledger_statistics` (the GROUP BY queries the service
//!   runs) on a second connection to the same database: target ≤ 1.5×. Measured for the whole ledger
//!   and for one tour, each the median of 5 runs after one unmeasured run. Every run asserts that the
//!   gRPC rows and totals equal the direct ones, so both sides did the same work.
//!
//! The ledger is bulk-loaded into the supervision database once the service has migrated it, with
//! `insert_many` in transactions of 5,000 measures (with their problems, sources and links): loading
//! two million rows through the API would take far longer than the measurement. A PostgreSQL database
//! is then analyzed, as autovacuum would do during the run (changing the plans mid-run otherwise). A
//! SQLite one is left without statistics, as a freshly loaded one is until its connections close
//! (`PRAGMA optimize`): the statistics queries must plan well without them (a nested loop over
//! materialized tour sources once made the whole-ledger query run for more than twenty minutes).
//!
//! Runs on SQLite; also on PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set.
//! `cargo bench -p qinglian-scenarios --bench ledger`

mod common;

use common::median;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, Utc};
use qinglian_api::common::v1::WarningLevel;
use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::{
    self as pb, ProblemSeverity, ProblemSource, ProblemState, RectificationState, TourLevel,
};
use qinglian_kit::auth::Role;
use qinglian_store::Store;
use qinglian_store::testing::{Backend, TestDatabase};
use qinglian_supervision::entities::{
    inspection_tour, problem, problem_source, rectification, rectification_problem,
};
use qinglian_supervision::ledger::statistics::{LedgerScope, ledger_statistics};
use qinglian_test_support::{Authed, TestSupervision, TestTasks};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait, TransactionTrait};

const MEASURES: usize = 500_000;
const TOURS: usize = 20;
const UNITS: usize = 200;
/// Each tour inspects its own ten units.
const UNITS_PER_TOUR: usize = UNITS / TOURS;
/// Rows per INSERT: 1,000 measures bind 18,000 values, under SQLite's limit of 32,766.
const INSERT_ROWS: usize = 1000;
/// Measures, with their problems, sources and links, per transaction.
const TRANSACTION_ROWS: usize = 5000;
const SAMPLES: usize = 5;
const TARGET: f64 = 1.5;

fn main() {
    common::on_both_backends(run);
}

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let supervision_db = match backend {
        Backend::Sqlite => TestDatabase::sqlite_named("supervision"),
        Backend::Postgres => TestDatabase::postgres()
            .await
            .expect("postgres is configured"),
    };
    println!("\n== ledger benchmark on {backend:?}");
    let tasks = TestTasks::start(db).await;
    let supervision = TestSupervision::start(supervision_db, &tasks, tasks.addr).await;

    // The supervision service's database, opened a second time by URL with the service's default
    // settings: the direct baseline.
    let settings = qinglian_supervision::settings::Settings::defaults(&tasks.dir());
    let store = Store::connect(&supervision.db.url, &settings.database.connect_settings())
        .await
        .expect("store");
    let started = Instant::now();
    let tours = fill(&store).await;
    let loaded = started.elapsed();
    if backend == Backend::Postgres {
        store
            .conn()
            .execute_unprepared("ANALYZE")
            .await
            .expect("analyze");
    }
    println!(
        "set-up: {MEASURES} measures answering {MEASURES} problems of {TOURS} tours and other sources in {UNITS} units, inserted in {:.1} s, then analyzed (PostgreSQL only) in {:.1} s",
        loaded.as_secs_f64(),
        (started.elapsed() - loaded).as_secs_f64()
    );

    let mut client = supervision
        .rectifications(&tasks.token(Role::Discipline))
        .await;
    let scopes = [
        ("whole ledger", LedgerScope::default(), MEASURES),
        (
            "one tour",
            LedgerScope {
                tour_id: tours[0].clone(),
                unit_id: String::new(),
            },
            MEASURES * 8 / 10 / TOURS,
        ),
    ];
    for (label, scope, measures) in scopes {
        let (grpc, direct, rows) = compare(&mut client, &store, &scope, measures).await;
        let ratio = grpc.as_secs_f64() / direct.as_secs_f64();
        println!(
            "GetLedgerStatistics, {label} ({measures} measures, {rows} rows): gRPC {:.0} ms, direct {:.0} ms, ratio {ratio:.2} (target <= {TARGET:.2}): {}",
            grpc.as_secs_f64() * 1e3,
            direct.as_secs_f64() * 1e3,
            if ratio <= TARGET { "met" } else { "NOT MET" }
        );
    }
    let _ = store.close().await;
    supervision.stop().await.expect("stop supervision");
    tasks.stop().await.expect("stop tasks");
}

/// Median times of the statistics of `scope` over gRPC and directly, and the number of rows, after
/// one unmeasured run of each. Each direct run counts as of the day the gRPC run before it reported,
/// and must return exactly what it did, with `measures` measures in the total.
async fn compare(
    client: &mut RectificationServiceClient<Authed>,
    store: &Store,
    scope: &LedgerScope,
    measures: usize,
) -> (Duration, Duration, usize) {
    let mut grpc = Vec::with_capacity(SAMPLES);
    let mut direct = Vec::with_capacity(SAMPLES);
    let mut rows = 0;
    for sample in 0..=SAMPLES {
        let started = Instant::now();
        let response = client
            .get_ledger_statistics(pb::GetLedgerStatisticsRequest {
                tour_id: scope.tour_id.clone(),
                unit_id: scope.unit_id.clone(),
            })
            .await
            .expect("grpc")
            .into_inner();
        let grpc_time = started.elapsed();
        let today = NaiveDate::parse_from_str(&response.as_of_date, "%Y-%m-%d").expect("as of");
        let started = Instant::now();
        let (direct_rows, total) = ledger_statistics(store.conn(), scope, today)
            .await
            .expect("direct");
        let direct_time = started.elapsed();
        rows = direct_rows.len();
        let direct_rows: Vec<pb::LedgerStatisticsRow> =
            direct_rows.into_iter().map(Into::into).collect();
        assert_eq!(response.rows, direct_rows, "gRPC rows differ from direct");
        assert_eq!(
            response.total,
            Some(total.into()),
            "gRPC total differs from direct"
        );
        assert_eq!(
            response.total.map(|t| t.measures),
            i64::try_from(measures).ok()
        );
        if sample > 0 {
            grpc.push(grpc_time);
            direct.push(direct_time);
        }
    }
    (median(grpc), median(direct), rows)
}

/// Inserts the tours and the ledger (set-up, not measured) and returns the tour ids.
async fn fill(store: &Store) -> Vec<String> {
    let now = qinglian_store::time::now();
    let tours: Vec<String> = (0..TOURS)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let start = NaiveDate::from_ymd_opt(2022, 9, 1).expect("date");
    let rows = tours.iter().enumerate().map(|(n, id)| {
        inspection_tour::ActiveModel::from(inspection_tour::Model {
            id: id.clone(),
            level: TourLevel::City as i32,
            team_name: format!("第{}巡察组", n + 1),
            inspected_unit_id: unit(n * UNITS_PER_TOUR),
            start_date: start,
            end_date: start + Days::new(60),
            feedback_date: Some(start + Days::new(90)),
            version: 1,
            create_time: now,
        })
    });
    inspection_tour::Entity::insert_many(rows)
        .exec(store.conn())
        .await
        .expect("tours");
    for first in (0..MEASURES).step_by(TRANSACTION_ROWS) {
        let txn = store.conn().begin().await.expect("begin");
        let last = (first + TRANSACTION_ROWS).min(MEASURES);
        for from in (first..last).step_by(INSERT_ROWS) {
            let mut batch = Batch::default();
            for i in from..(from + INSERT_ROWS).min(last) {
                batch.push(i, &tours, now);
            }
            batch.insert(&txn).await;
        }
        txn.commit().await.expect("commit");
    }
    tours
}

fn unit(n: usize) -> String {
    format!("unit-{n:03}")
}

/// Problems with their sources, and the measures answering them, inserted together.
#[derive(Default)]
struct Batch {
    problems: Vec<problem::ActiveModel>,
    sources: Vec<problem_source::ActiveModel>,
    measures: Vec<rectification::ActiveModel>,
    links: Vec<rectification_problem::ActiveModel>,
}

impl Batch {
    /// Adds problem `i` and its measure. Of every ten problems eight come from a tour (each tour
    /// inspects its own ten units), one from a check and one from an audit. Measures: 45% verified
    /// (four in five of them on time), 15% awaiting verification, the rest in progress; deadlines
    /// across 2023, one in thirteen extended by 30 days, one in thirty-one recurred.
    fn push(&mut self, i: usize, tours: &[String], now: DateTime<Utc>) {
        let (source, reference, unit_id) = match i % 10 {
            0..=7 => {
                let tour = (i / 10) % TOURS;
                let unit_id = unit(tour * UNITS_PER_TOUR + (i / 200) % UNITS_PER_TOUR);
                (ProblemSource::Tour, tours[tour].clone(), unit_id)
            }
            8 => (
                ProblemSource::Check,
                format!("check-{}", i / 1000),
                unit((i / 10) % UNITS),
            ),
            _ => (
                ProblemSource::Audit,
                format!("audit-{}", i / 1000),
                unit((i / 10) % UNITS),
            ),
        };
        let state = match (i * 7919) % 100 {
            0..45 => RectificationState::Verified,
            45..60 => RectificationState::AwaitingVerification,
            _ => RectificationState::InProgress,
        };
        let verified = state == RectificationState::Verified;
        let original_deadline =
            NaiveDate::from_ymd_opt(2023, 1, 1).expect("date") + Days::new(((i * 37) % 365) as u64);
        let extended = i.is_multiple_of(13);
        let deadline = if extended {
            original_deadline + Days::new(30)
        } else {
            original_deadline
        };
        let complete_date = verified.then(|| deadline - Days::new(15) + Days::new((i % 20) as u64));
        let recurrence_count = i32::from(i.is_multiple_of(31));
        let problem_id = uuid::Uuid::now_v7().to_string();
        let measure_id = uuid::Uuid::now_v7().to_string();

        self.problems.push(
            problem::Model {
                id: problem_id.clone(),
                unit_id: unit_id.clone(),
                description: format!("问题{i}"),
                category: ["选人用人", "财务管理", "作风建设", "基层党建"][i % 4].to_owned(),
                severity: [
                    ProblemSeverity::Minor,
                    ProblemSeverity::Significant,
                    ProblemSeverity::Serious,
                ][i % 3] as i32,
                found_date: original_deadline - Days::new(120),
                state: if verified {
                    ProblemState::Closed
                } else {
                    ProblemState::Rectifying
                } as i32,
                recurrence_count,
                close_date: complete_date,
                version: 1,
                create_time: now,
                update_time: now,
            }
            .into(),
        );
        self.sources.push(
            problem_source::Model {
                problem_id: problem_id.clone(),
                source: source as i32,
                reference,
                link_time: now,
            }
            .into(),
        );
        self.measures.push(
            rectification::Model {
                id: measure_id.clone(),
                measure: format!("整改措施{i}"),
                responsible_person_id: format!("person-{unit_id}"),
                responsible_unit_id: unit_id,
                deadline,
                original_deadline,
                lasting_mechanism: i.is_multiple_of(4),
                state: state as i32,
                percent: if state == RectificationState::InProgress {
                    i32::try_from(i % 10 * 10).unwrap_or(0)
                } else {
                    100
                },
                warning_level: if verified {
                    WarningLevel::Unspecified
                } else {
                    WarningLevel::Red
                } as i32,
                complete_date,
                recheck_due_date: complete_date.map(|d| d + Days::new(90)),
                recurrence_count,
                extended,
                verification_requested_by: if state == RectificationState::AwaitingVerification {
                    "bench-clerk".into()
                } else {
                    String::new()
                },
                version: 1,
                create_time: now,
                update_time: now,
            }
            .into(),
        );
        self.links.push(
            rectification_problem::Model {
                rectification_id: measure_id,
                problem_id,
            }
            .into(),
        );
    }

    /// Inserts problems, sources, measures and links, in that order for the foreign keys.
    async fn insert(self, txn: &DatabaseTransaction) {
        problem::Entity::insert_many(self.problems)
            .exec(txn)
            .await
            .expect("problems");
        problem_source::Entity::insert_many(self.sources)
            .exec(txn)
            .await
            .expect("sources");
        rectification::Entity::insert_many(self.measures)
            .exec(txn)
            .await
            .expect("measures");
        rectification_problem::Entity::insert_many(self.links)
            .exec(txn)
            .await
            .expect("links");
    }
}
