//! Task benchmark: prints its figures, each against a baseline measured in the same run.
//!
//! - GetPlanStatistics over gRPC on a plan of 1,000,000 tasks, against one hand-written grouped query
//!   over the same table through the driver (the limit): target ≤ 1.5×; the domain service called
//!   directly is shown too, to tell the query's cost from the call's.
//! - An escalation sweep over 1,000,000 open tasks: peak memory growth of the process, target ≤ 200 MiB.
//! - ReportProgress over gRPC at 16 in flight: reports per second.
//!
//! Runs on SQLite; also on PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set.
//! `cargo bench -p qinglian-scenarios --bench tasks`

mod common;

use common::median;
use std::time::Instant;

use qinglian_api::common::v1::WarningLevel;
use qinglian_api::tasks::v1::{self as pb, PlanState, TaskState, UnitKind};
use qinglian_kit::auth::{Caller, Role};
use qinglian_kit::clock::Clock;
use qinglian_store::Store;
use qinglian_store::testing::{Backend, TestDatabase};
use qinglian_tasks::assignments::{Assignments, StatisticsScope};
use qinglian_tasks::entities::{plan, task};
use qinglian_tasks::escalations::Escalations;
use qinglian_test_support::TestTasks;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

const TASKS: usize = 1_000_000;
const IN_FLIGHT: usize = 16;
const REPORTS: usize = 2000;
const SAMPLES: usize = 5;

fn main() {
    common::on_both_backends(run);
}

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    println!("\n== task benchmark on {backend:?}");
    let clock = Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2023-06-01T01:00:00Z")
            .expect("t")
            .to_utc(),
    );
    let tasks = TestTasks::start_with_clock(db, clock.clone()).await;
    let admin = tasks.token(Role::Admin);
    let mut directory = tasks.directory(&admin).await;
    let unit = directory
        .create_unit(pb::CreateUnitRequest {
            unit: Some(pb::Unit {
                kind: UnitKind::Organ as i32,
                name: "基准单位".into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("unit")
        .into_inner()
        .unit
        .expect("unit");
    let mut client = tasks.tasks(&admin).await;
    let plan = client
        .create_plan(pb::CreatePlanRequest {
            plan: Some(pb::Plan {
                year: 2023,
                title: "基准方案".into(),
                issuing_unit_id: unit.id.clone(),
                kind: pb::PlanKind::TaskDivision as i32,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("plan")
        .into_inner()
        .plan
        .expect("plan");
    client
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish");

    let store = Store::connect(&tasks.db.url, &tasks.settings.database.connect_settings())
        .await
        .expect("store");
    let started = Instant::now();
    fill(&store, &plan.id, &unit.id, TASKS).await;
    println!(
        "set-up: {TASKS} tasks inserted in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Statistics: gRPC against the domain service called directly on the same store.
    let caller = Caller {
        subject: "bench".into(),
        role: Role::Admin,
        unit: None,
    };
    let assignments = Assignments::new(
        store.clone(),
        clock.clone(),
        tasks.settings.service.work.clone(),
    );
    let scope = StatisticsScope::Plan(plan.id.clone());
    let mut direct = Vec::new();
    let mut grpc = Vec::new();
    let mut by_hand = Vec::new();
    for _ in 0..SAMPLES {
        let t = Instant::now();
        let counted = grouped_by_hand(&store, &plan.id, clock.today()).await;
        by_hand.push(t.elapsed());
        assert_eq!(counted, TASKS as i64);
        let t = Instant::now();
        let stats = assignments
            .plan_statistics(&caller, &scope)
            .await
            .expect("direct");
        direct.push(t.elapsed());
        assert_eq!(stats.total as usize, TASKS);
        let t = Instant::now();
        let stats = client
            .get_plan_statistics(pb::GetPlanStatisticsRequest {
                plan_id: plan.id.clone(),
                ..Default::default()
            })
            .await
            .expect("grpc")
            .into_inner()
            .statistics
            .expect("stats");
        grpc.push(t.elapsed());
        assert_eq!(stats.total as usize, TASKS);
    }
    let (direct, grpc, by_hand) = (median(direct), median(grpc), median(by_hand));
    println!(
        "GetPlanStatistics over {TASKS} tasks: gRPC {:.0} ms; one hand-written grouped query {:.0} ms, ratio {:.2} (target <= 1.50); the domain call directly {:.0} ms",
        grpc.as_secs_f64() * 1e3,
        by_hand.as_secs_f64() * 1e3,
        grpc.as_secs_f64() / by_hand.as_secs_f64(),
        direct.as_secs_f64() * 1e3,
    );

    // The sweep: every task is open and inside the GREEN horizon; one in a hundred needs raising.
    let escalations = Escalations::new(
        store.clone(),
        clock.clone(),
        tasks.settings.service.work.clone(),
    );
    // Reset the peak to the current size where the kernel allows it; either way the whole-process peak
    // after the sweep bounds what the sweep used.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kib("VmRSS:");
    let t = Instant::now();
    let outcome = escalations.sweep(&caller).await.expect("sweep");
    let grown_mib = status_kib("VmHWM:").saturating_sub(before) as f64 / 1024.0;
    println!(
        "sweep over {} open tasks ({} raised) in {:.1} s: whole-process peak {:.0} MiB, {grown_mib:.1} MiB above the size at its start (target <= 200 MiB)",
        outcome.examined,
        outcome.raised,
        t.elapsed().as_secs_f64(),
        status_kib("VmHWM:") as f64 / 1024.0
    );

    // ReportProgress at 16 in flight, one task per worker.
    let mut ids = Vec::new();
    for i in 0..IN_FLIGHT {
        let created = client
            .create_task(pb::CreateTaskRequest {
                task: Some(pb::Task {
                    plan_id: plan.id.clone(),
                    title: format!("进度任务{i}"),
                    lead_unit_id: unit.id.clone(),
                    due_date: "2023-12-31".into(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("task")
            .into_inner()
            .task
            .expect("task");
        client
            .start_task(pb::StartTaskRequest {
                id: created.id.clone(),
                ..Default::default()
            })
            .await
            .expect("start");
        ids.push(created.id);
    }
    let t = Instant::now();
    let workers: Vec<_> = ids
        .into_iter()
        .map(|task_id| {
            let mut client = client.clone();
            tokio::spawn(async move {
                for i in 0..REPORTS / IN_FLIGHT {
                    client
                        .report_progress(pb::ReportProgressRequest {
                            task_id: task_id.clone(),
                            text: format!("第{i}次进展"),
                            percent: i32::try_from(i % 100).unwrap_or(0),
                            evidence: vec![],
                            request_id: String::new(),
                        })
                        .await
                        .expect("report");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker");
    }
    println!(
        "ReportProgress, {IN_FLIGHT} in flight: {:.0}/s over {REPORTS} reports",
        REPORTS as f64 / t.elapsed().as_secs_f64()
    );
    let _ = store.close().await;
    tasks.stop().await.expect("stop");
}

/// The plan's figures as one hand-written query would count them: one pass over the plan's tasks
/// grouped by state, category and lead unit, with the on-time, late, overdue and extended counts as
/// conditional sums. Returns the tasks counted.
async fn grouped_by_hand(store: &Store, plan_id: &str, today: chrono::NaiveDate) -> i64 {
    let (completed, cancelled) = (TaskState::Completed as i32, TaskState::Cancelled as i32);
    let sql = format!(
        "SELECT state, category, lead_unit_id, COUNT(*) AS tasks, \
         SUM(CASE WHEN state = {completed} AND completed_date <= due_date THEN 1 ELSE 0 END) AS on_time, \
         SUM(CASE WHEN state = {completed} AND completed_date > due_date THEN 1 ELSE 0 END) AS late, \
         SUM(CASE WHEN due_date < $1 AND state NOT IN ({completed}, {cancelled}) THEN 1 ELSE 0 END) AS overdue, \
         SUM(CASE WHEN extended THEN 1 ELSE 0 END) AS extended \
         FROM tasks WHERE plan_id = $2 GROUP BY state, category, lead_unit_id"
    );
    let rows = store
        .conn()
        .query_all_raw(Statement::from_sql_and_values(
            store.backend(),
            sql,
            // Numbered in the order they appear, as SQLite's driver binds them.
            [today.into(), plan_id.into()],
        ))
        .await
        .expect("grouped query");
    rows.iter()
        .map(|row| row.try_get::<i64>("", "tasks").expect("tasks"))
        .sum()
}

/// Inserts `count` published tasks (set-up, not measured): due within the GREEN horizon, all but one
/// in a hundred already warned GREEN, a few completed or cancelled, in three categories.
async fn fill(store: &Store, plan_id: &str, unit_id: &str, count: usize) {
    let now = qinglian_store::time::now();
    let due = chrono::NaiveDate::from_ymd_opt(2023, 6, 15).expect("date");
    let plan_row = plan::Entity::find_by_id(plan_id.to_owned())
        .one(store.conn())
        .await
        .expect("plan");
    assert_eq!(plan_row.map(|p| p.state), Some(PlanState::Published as i32));
    let categories = ["政治建设", "廉政教育", "日常监督"];
    for chunk in (0..count).collect::<Vec<_>>().chunks(1000) {
        let rows = chunk.iter().map(|i| {
            let state = match i % 50 {
                0 => TaskState::Completed,
                1 => TaskState::Cancelled,
                _ => TaskState::InProgress,
            };
            task::ActiveModel::from(task::Model {
                id: uuid::Uuid::now_v7().to_string(),
                plan_id: plan_id.to_owned(),
                parent_task_id: None,
                code: String::new(),
                title: format!("任务{i}"),
                description: String::new(),
                category: categories[i % 3].to_owned(),
                lead_unit_id: unit_id.to_owned(),
                responsible_leader_id: None,
                handler_id: None,
                due_date: due,
                original_due_date: due,
                accountabilities: String::new(),
                state: state as i32,
                progress_percent: 0,
                return_reason: String::new(),
                cancel_reason: String::new(),
                extended: i % 97 == 0,
                late_entry: false,
                completed_date: (state == TaskState::Completed).then_some(due),
                warning_level: if i % 100 == 7 {
                    WarningLevel::Unspecified
                } else {
                    WarningLevel::Green
                } as i32,
                version: 1,
                create_time: now,
                update_time: now,
            })
        });
        task::Entity::insert_many(rows)
            .exec(store.conn())
            .await
            .expect("fill");
    }
}

/// A size line of /proc/self/status (VmRSS: current, VmHWM: peak since the last reset), in KiB.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
