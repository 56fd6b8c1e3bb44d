//! Annual report benchmark: prints its figure against a baseline measured in the same run.
//!
//! - GenerateAnnualReport over gRPC for an organisation's 2023, over 1,000,000 records spread over the
//!   three services, against the sum of the direct calls behind it, measured in the same run: target
//!   ≤ 5×. The direct side calls the domain code the services run, on second connections to the same
//!   databases: the organisation's plans of the year and `Assignments::plan_statistics` of each, the
//!   duty compliance of the organisation (`Duties::compliance`), `SupervisionStatistics::of` (which
//!   asks the directory for the subtree over gRPC, as the service does) and `OversightStatistics::of`.
//!   The gRPC side also asks the directory for the organisation and its subtree, renders the report and
//!   stores it as a new version. Each side is the median of 5 runs after one unmeasured run, the order
//!   alternating; every run asserts that the report's figures equal the direct results, so both sides
//!   counted the same records.
//!
//! The data set: 351 units (the organisation with 300 units below it, another organ with 49), five
//! plans, a duty rule over the organisation's Party branches and 80 of its fulfilments are created
//! through the APIs. The 1,000,000 records are then inserted directly into each service's database
//! once the service has migrated it, with `insert_many` in transactions: 400,000 tasks (three
//! quarters in the organisation's three 2023 plans); 250,000 talks, 50,000 checks (with their targets
//! and inspectors), 50,000 education activities, 100,000 problems (with their sources, found by 20
//! tours and other means) and 100,000 measures answering them; 45,000 oversight activities (with the
//! laws inspected), 2,500 deliberation opinions and 2,500 normative documents. Dates spread over
//! 2022–2023, units 85% inside the organisation's subtree. Loading a million records through the APIs
//! would take far longer than the measurement. The databases are then analyzed, as maintained ones
//! are (see the ledger benchmark). The services' clocks stand at 2024-01-10.
//!
//! The report service is given a peer deadline of 60 s instead of 2 s, so that a slow peer shows in
//! the timings rather than failing the run. QINGLIAN_BENCH_RECORDS
//! scales the data set (default 1000000).
//!
//! Runs on SQLite; also on PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set.
//! `cargo bench -p qinglian-scenarios --bench report`

#[path = "../common/mod.rs"]
mod common;

mod load;
mod oversight;
mod setup;
mod supervision;

use common::median;
use load::*;
use oversight::*;
use setup::*;
use supervision::*;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, Utc};
use qinglian_api::common::v1::Figure;
use qinglian_api::common::v1::WarningLevel;
use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{
    AnnualReport, DocumentState, GenerateAnnualReportRequest, OpinionState, OversightKind,
    OversightSubject, ReportFormat,
};
use qinglian_api::supervision::v1::{
    CheckKind, CheckState, EducationKind, ProblemSeverity, ProblemSource, ProblemState,
    RectificationState, TalkKind, TourLevel,
};
use qinglian_api::tasks::v1::{
    self as tpb, DutyFrequency, DutySubjectSelector, PlanKind, TaskState, UnitKind, duty_rule,
    get_duty_compliance_request,
};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::{Caller, Role, TokenKeys, load_or_create_key, mutation_context};
use qinglian_kit::clock::Clock;
use qinglian_kit::peers::PeerSettings;
use qinglian_oversight::entities::{
    activity_law, deliberation_opinion, normative_document, oversight_activity,
};
use qinglian_oversight::statistics::OversightStatistics;
use qinglian_store::Store;
use qinglian_store::page::ListRequest;
use qinglian_store::testing::{Backend, TestDatabase};
use qinglian_supervision::entities::{
    check, check_inspector, check_target, education_activity, inspection_tour, problem,
    problem_source, rectification, rectification_problem, talk,
};
use qinglian_supervision::statistics::SupervisionStatistics;
use qinglian_tasks::assignments::{Assignments, PlanStatistics, StatisticsScope};
use qinglian_tasks::duties::{ComplianceQuery, ComplianceTarget, Duties};
use qinglian_tasks::entities::task;
use qinglian_test_support::{Cluster, TestTasks, bearer, channel};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, TransactionTrait,
};

const YEAR: i32 = 2023;
const SAMPLES: usize = 5;
const TARGET: f64 = 5.0;
/// Departments below the organisation, each with seven Party branches and seven enterprises.
const DEPARTMENTS: usize = 20;
const UNITS_PER_DEPARTMENT: usize = 14;
/// Units below the other organ.
const OUTSIDE_UNITS: usize = 49;
/// Branches that recorded their lectures in the first and third quarters.
const LECTURING_BRANCHES: usize = 40;
/// Share of the records in the organisation's subtree, in percent.
const INSIDE_PERCENT: usize = 85;
const TOURS: usize = 20;
/// Rows per INSERT: at most 25 columns, so 25,000 values, under SQLite's limit of 32,766.
const INSERT_ROWS: usize = 1000;
/// Rows per transaction.
const TRANSACTION_ROWS: usize = 10_000;
/// The report service's deadline on each peer call.
const PEER_TIMEOUT: Duration = Duration::from_secs(60);

fn main() {
    common::on_both_backends(run);
}

/// How many records of each kind; the whole is QINGLIAN_BENCH_RECORDS, 1,000,000 by default.
#[derive(Clone, Copy, Debug)]
struct Sizes {
    tasks: usize,
    talks: usize,
    checks: usize,
    education: usize,
    problems: usize,
    activities: usize,
    opinions: usize,
    documents: usize,
}

impl Sizes {
    fn from_env() -> Self {
        let total: usize = std::env::var("QINGLIAN_BENCH_RECORDS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1_000_000);
        let per_million = |n: usize| n * total / 1_000_000;
        Self {
            tasks: per_million(400_000),
            talks: per_million(250_000),
            checks: per_million(50_000),
            education: per_million(50_000),
            problems: per_million(100_000),
            activities: per_million(45_000),
            opinions: per_million(2_500),
            documents: per_million(2_500),
        }
    }

    /// Records in all: the problems and the measures answering them count separately.
    fn total(&self) -> usize {
        self.tasks
            + self.talks
            + self.checks
            + self.education
            + 2 * self.problems
            + self.activities
            + self.opinions
            + self.documents
    }
}

async fn run(backend: Backend) {
    let Some(tasks_db) = TestDatabase::create(backend).await else {
        return;
    };
    println!("\n== annual report benchmark on {backend:?}");
    let clock = Clock::fixed(
        DateTime::parse_from_rfc3339("2024-01-10T09:00:00+08:00")
            .expect("t")
            .to_utc(),
    );
    let cluster = Cluster::on(tasks_db)
        .clock(clock.clone())
        .supervision()
        .oversight()
        .peer_timeout(PEER_TIMEOUT)
        .start()
        .await;
    let (tasks, supervision, oversight) =
        (&cluster.tasks, cluster.supervision(), cluster.oversight());

    let started = Instant::now();
    let units = create_units(tasks).await;
    let plans = create_plans(tasks, &units).await;
    record_lectures(tasks, &units).await;
    let through_api = started.elapsed();

    // Second connections to the three databases: the bulk load and the direct baseline.
    let tasks_store = Store::connect(&tasks.db.url, &tasks.settings.database.connect_settings())
        .await
        .expect("tasks store");
    let supervision_store = Store::connect(
        &supervision.db.url,
        &qinglian_supervision::settings::Settings::defaults(&tasks.dir())
            .database
            .connect_settings(),
    )
    .await
    .expect("supervision store");
    let oversight_store = Store::connect(
        &oversight.db.url,
        &qinglian_oversight::settings::Settings::defaults(&tasks.dir())
            .database
            .connect_settings(),
    )
    .await
    .expect("oversight store");
    let sizes = Sizes::from_env();
    let started = Instant::now();
    let mut rows = 0;
    rows += load_tasks(&tasks_store, &plans, &units, sizes).await;
    rows += load_supervision(&supervision_store, &units, sizes).await;
    rows += load_oversight(&oversight_store, &units, sizes).await;
    let loaded = started.elapsed();
    for store in [&tasks_store, &supervision_store, &oversight_store] {
        store
            .conn()
            .execute_unprepared("ANALYZE")
            .await
            .expect("analyze");
    }
    println!(
        "set-up: {} units, {} plans, a duty rule and {} fulfilments through the APIs in {:.1} s",
        units.inside.len() + units.outside.len(),
        plans.len(),
        LECTURING_BRANCHES * 2,
        through_api.as_secs_f64()
    );
    println!(
        "set-up: {} records ({} tasks; {} talks, {} checks, {} education activities, {} problems, {} measures; {} oversight activities, {} opinions, {} documents), {rows} rows with their links, inserted in {:.1} s, analyzed in {:.1} s",
        sizes.total(),
        sizes.tasks,
        sizes.talks,
        sizes.checks,
        sizes.education,
        sizes.problems,
        sizes.problems,
        sizes.activities,
        sizes.opinions,
        sizes.documents,
        loaded.as_secs_f64(),
        (started.elapsed() - loaded).as_secs_f64()
    );
    if sizes.total() < 1_000_000 {
        println!("NOTE: reduced data set of {} records", sizes.total());
    }

    let (secret, _) = load_or_create_key(&tasks.settings.auth.key_file).expect("key");
    let keys = TokenKeys::from_secret(&secret, &tasks.settings.auth.issuer).expect("keys");
    let peers = PeerSettings {
        tasks: format!("http://{}", tasks.addr),
        timeout: PEER_TIMEOUT,
        ..PeerSettings::default()
    };
    let directory = DirectoryPeer::new(&peers, Arc::new(keys), "bench").expect("directory peer");
    let direct = Direct {
        assignments: Assignments::new(
            tasks_store.clone(),
            clock.clone(),
            tasks.settings.service.work.clone(),
        ),
        duties: Duties::new(tasks_store.clone(), clock.clone()),
        supervision: SupervisionStatistics::new(supervision_store.clone(), directory.clone()),
        oversight: OversightStatistics::new(oversight_store.clone(), directory),
    };
    let mut reports = ReportServiceClient::with_interceptor(
        channel(oversight.addr).await,
        bearer(&tasks.token(Role::Viewer)),
    );
    compare(&mut reports, &direct, &units.organisation).await;

    for store in [tasks_store, supervision_store, oversight_store] {
        let _ = store.close().await;
    }
    cluster.stop().await.expect("stop the services");
}

/// Times the report over gRPC and directly (medians after one unmeasured run of each, the order
/// alternating), checks that both counted the same, and prints the figures.
async fn compare(
    reports: &mut ReportServiceClient<qinglian_test_support::Authed>,
    direct: &Direct,
    organisation: &str,
) {
    let mut grpc = Vec::with_capacity(SAMPLES);
    let mut direct_runs: Vec<Counted> = Vec::with_capacity(SAMPLES);
    let mut last = None;
    for sample in 0..=SAMPLES {
        let direct_first = sample % 2 == 1;
        let early = if direct_first {
            Some(direct.count(organisation).await)
        } else {
            None
        };
        let started = Instant::now();
        let report = reports
            .generate_annual_report(GenerateAnnualReportRequest {
                organisation_unit_id: organisation.to_owned(),
                year: YEAR,
                format: ReportFormat::PlainText as i32,
                ..Default::default()
            })
            .await
            .expect("generate")
            .into_inner()
            .report
            .expect("report");
        let grpc_time = started.elapsed();
        let counted = match early {
            Some(counted) => counted,
            None => direct.count(organisation).await,
        };
        assert_same(&report, &counted);
        if sample > 0 {
            grpc.push(grpc_time);
            direct_runs.push(counted.clone());
        }
        last = Some((report, counted));
    }
    let Some((report, counted)) = last else {
        return;
    };
    let figure = |key: &str| {
        report
            .figures
            .iter()
            .find(|f| f.key == key)
            .map_or(0.0, |f| f.value)
    };
    println!(
        "report {YEAR} of {} units, version {}, {} figures, {} characters: tasks.total {}, tasks.completed {}, duties.expected {}, talks.total {}, checks.total {}, education.total {}, problems.total {}, rectifications.completed {}, activities.reports {}, laws.inspected {}, opinions.sent {}, documents.filed {}",
        counted.unit_count,
        report.version,
        report.figures.len(),
        report.text.chars().count(),
        figure("tasks.total"),
        figure("tasks.completed"),
        figure("duties.expected"),
        figure("talks.total"),
        figure("checks.total"),
        figure("education.total"),
        figure("problems.total"),
        figure("rectifications.completed"),
        figure("activities.reports"),
        figure("laws.inspected"),
        figure("opinions.sent"),
        figure("documents.filed"),
    );
    let part = |pick: fn(&Counted) -> Duration| {
        median(direct_runs.iter().map(pick).collect()).as_secs_f64() * 1e3
    };
    let grpc = median(grpc);
    let total = median(direct_runs.iter().map(Counted::total).collect());
    let ratio = grpc.as_secs_f64() / total.as_secs_f64();
    println!(
        "GenerateAnnualReport: gRPC {:.0} ms, direct {:.0} ms (tasks {:.0} ms, duties {:.0} ms, supervision {:.0} ms, oversight {:.0} ms), ratio {ratio:.2} (target <= {TARGET:.2}): {}",
        grpc.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
        part(|c| c.tasks_time),
        part(|c| c.duties_time),
        part(|c| c.supervision_time),
        part(|c| c.oversight_time),
        if ratio <= TARGET { "met" } else { "NOT MET" }
    );
}

/// The report's figures are the direct ones: every supervision and oversight figure with its value,
/// the task totals summed over the plans, and the duty totals.
fn assert_same(report: &AnnualReport, counted: &Counted) {
    let reported: HashMap<&str, f64> = report
        .figures
        .iter()
        .map(|f| (f.key.as_str(), f.value))
        .collect();
    for figure in counted.supervision.iter().chain(&counted.oversight) {
        assert_eq!(
            reported.get(figure.key.as_str()),
            Some(&figure.value),
            "report figure {} differs from direct",
            figure.key
        );
    }
    let completed = counted.plans.completed_on_time + counted.plans.completed_late;
    for (key, value) in [
        ("tasks.total", counted.plans.total),
        ("tasks.completed", completed),
        ("duties.expected", counted.duties_expected),
        ("duties.delivered", counted.duties_delivered),
    ] {
        assert_eq!(
            reported.get(key),
            Some(&(value as f64)),
            "report figure {key}"
        );
    }
    let task_figures =
        2 + usize::from(completed > 0) + 2 * usize::from(counted.duties_expected > 0);
    assert_eq!(
        report.figures.len(),
        counted.supervision.len() + counted.oversight.len() + task_figures,
        "report figures differ from direct"
    );
    assert!(counted.plans.total > 0 && counted.duties_expected > 0);
    assert!(report.missing_sections.is_empty());
}

/// The domain code behind the report, called directly.
struct Direct {
    assignments: Assignments,
    duties: Duties,
    supervision: SupervisionStatistics,
    oversight: OversightStatistics,
}

/// What one direct run counted, and how long each part took.
#[derive(Clone)]
struct Counted {
    plans: PlanStatistics,
    duties_expected: i64,
    duties_delivered: i64,
    unit_count: usize,
    supervision: Vec<Figure>,
    oversight: Vec<Figure>,
    tasks_time: Duration,
    duties_time: Duration,
    supervision_time: Duration,
    oversight_time: Duration,
}

impl Counted {
    fn total(&self) -> Duration {
        self.tasks_time + self.duties_time + self.supervision_time + self.oversight_time
    }
}

impl Direct {
    /// Runs the queries the report needs for `organisation`'s year, one after the other.
    async fn count(&self, organisation: &str) -> Counted {
        let caller = Caller {
            subject: "oversight".into(),
            role: Role::Service,
            unit: None,
        };
        let started = Instant::now();
        let filter = format!("year = {YEAR} AND issuing_unit_id = \"{organisation}\"");
        let plans = self
            .assignments
            .list_plans(
                &caller,
                &ListRequest {
                    page_size: 1000,
                    page_token: "",
                    filter: &filter,
                    order_by: "create_time",
                    selection: "",
                },
            )
            .await
            .expect("plans")
            .items;
        let mut totals = PlanStatistics::default();
        for plan in plans {
            let of_plan = self
                .assignments
                .plan_statistics(&caller, &StatisticsScope::Plan(plan.id))
                .await
                .expect("plan statistics");
            totals.total += of_plan.total;
            totals.completed_on_time += of_plan.completed_on_time;
            totals.completed_late += of_plan.completed_late;
        }
        let tasks_time = started.elapsed();

        let started = Instant::now();
        let request = tpb::GetDutyComplianceRequest {
            target: Some(get_duty_compliance_request::Target::UnitId(
                organisation.to_owned(),
            )),
            span: Some(get_duty_compliance_request::Span::Year(YEAR)),
            as_of_date: String::new(),
        };
        let context = mutation_context(
            &caller,
            "/qinglian.tasks.v1.DutyService/GetDutyCompliance".to_owned(),
            "",
            &request,
        )
        .expect("context");
        let query = ComplianceQuery {
            target: ComplianceTarget::Unit(organisation.to_owned()),
            from: date(YEAR, 0),
            to: date(YEAR, 364),
            as_of: None,
        };
        let (_, entries) = self
            .duties
            .compliance(&caller, context, &query)
            .await
            .expect("compliance");
        let duties_expected = entries.iter().map(|e| i64::from(e.expected)).sum();
        let duties_delivered = entries
            .iter()
            .map(|e| e.delivered.min(i64::from(e.expected)))
            .sum();
        let duties_time = started.elapsed();

        let started = Instant::now();
        let (unit_ids, supervision, _names) = self
            .supervision
            .of(organisation, YEAR)
            .await
            .expect("supervision statistics");
        let supervision_time = started.elapsed();

        let started = Instant::now();
        let (oversight, _laws) = self
            .oversight
            .of(YEAR, &unit_ids)
            .await
            .expect("oversight statistics");
        let oversight_time = started.elapsed();
        Counted {
            plans: totals,
            duties_expected,
            duties_delivered,
            unit_count: unit_ids.len(),
            supervision,
            oversight,
            tasks_time,
            duties_time,
            supervision_time,
            oversight_time,
        }
    }
}
