//! One meaning of a deadline on the task ladder: recipients widen with the level, an approved
//! extension starts the ladder again from the new date, a warning is never raised to no one, and an
//! archived plan is read only and never swept.

use qinglian_api::common::v1::WarningLevel;
use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tonic::Code;
use tonic_types::StatusExt;

use super::common::expect_code;
use super::tasks::{Bureau, at, bureau, create_task, published_plan, task};

/// A client of the escalation service.
type Ladder = pb::escalation_service_client::EscalationServiceClient<qinglian_test_support::Authed>;

/// Sweeps once a day for `days` days from the clock's today, answering the days that raised.
async fn sweep_daily(ladder: &mut Ladder, clock: &Clock, days: i64) -> Vec<String> {
    let mut raised_on = Vec::new();
    for _ in 0..days {
        let outcome = ladder
            .run_sweep(pb::RunSweepRequest {})
            .await
            .expect("sweep")
            .into_inner();
        if outcome.escalations_raised > 0 {
            raised_on.push(outcome.as_of_date);
        }
        clock.advance(chrono::Duration::days(1));
    }
    raised_on
}

/// A bureau with a published 2023 plan, on a clock fixed at 2023-06-01, and the admin's clients.
struct Scene {
    clock: Clock,
    cluster: Cluster,
    b: Bureau,
    admin: pb::task_service_client::TaskServiceClient<qinglian_test_support::Authed>,
    ladder: Ladder,
    plan: pb::Plan,
}

impl Scene {
    async fn start(db: TestDatabase) -> Self {
        let clock = Clock::fixed(at("2023-06-01T01:00:00Z"));
        let cluster = Cluster::on(db).clock(clock.clone()).start().await;
        let tasks = &cluster.tasks;
        let b = bureau(tasks).await;
        let admin_token = tasks.token(Role::Admin);
        let mut admin = tasks.tasks(&admin_token).await;
        let ladder = tasks.escalations(&admin_token).await;
        let plan = published_plan(&mut admin, &b.organ.id, 2023).await;
        Self {
            clock,
            cluster,
            b,
            admin,
            ladder,
            plan,
        }
    }
}

/// The escalations `filter` lists, as the admin sees them.
async fn listed(ladder: &mut Ladder, filter: &str) -> Vec<pb::Escalation> {
    ladder
        .list_escalations(pb::ListEscalationsRequest {
            filter: filter.to_owned(),
            ..Default::default()
        })
        .await
        .expect("list escalations")
        .into_inner()
        .escalations
}

/// The `ErrorInfo` reason of `status`.
fn reason(status: &tonic::Status) -> String {
    status
        .get_error_details()
        .error_info()
        .map(|info| info.reason.clone())
        .unwrap_or_default()
}

/// The reason of a FAILED_PRECONDITION answer.
fn precondition<T: std::fmt::Debug>(result: Result<T, tonic::Status>) -> String {
    reason(&expect_code(result, Code::FailedPrecondition))
}

async fn an_approved_extension_starts_the_ladder_again(db: TestDatabase) {
    let Scene {
        clock,
        cluster,
        b,
        mut admin,
        mut ladder,
        plan,
    } = Scene::start(db).await;
    let tasks = &cluster.tasks;
    let t = create_task(&mut admin, task(&plan, &b, "1", "2023-06-30")).await;
    assert_eq!(
        sweep_daily(&mut ladder, &clock, 31).await,
        ["2023-06-10", "2023-06-20", "2023-07-01"]
    );

    // Overdue at RED; the responsible leader approves a new date two months on.
    let mut clerk = tasks
        .tasks(&tasks.token_for(&b.handler.id, Role::Clerk, None))
        .await;
    let extension = clerk
        .request_extension(pb::RequestExtensionRequest {
            task_id: t.id.clone(),
            requested_due_date: "2023-08-31".into(),
            reason: "需等待上级文件".into(),
            request_id: String::new(),
        })
        .await
        .expect("request")
        .into_inner()
        .extension
        .expect("extension");
    expect_code(
        clerk
            .request_extension(pb::RequestExtensionRequest {
                task_id: t.id.clone(),
                requested_due_date: "2023-09-30".into(),
                reason: "再次申请".into(),
                request_id: String::new(),
            })
            .await,
        Code::FailedPrecondition,
    );
    let mut leader = tasks
        .tasks(&tasks.token_for(&b.leader.id, Role::Leader, None))
        .await;
    let moved = leader
        .decide_extension(pb::DecideExtensionRequest {
            id: extension.id.clone(),
            approve: true,
            ..Default::default()
        })
        .await
        .expect("approve")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(moved.due_date, "2023-08-31");
    assert_eq!(moved.warning_level, WarningLevel::Unspecified as i32);

    // The warnings of the old date are superseded, none is lost.
    let old = listed(
        &mut ladder,
        &format!("task_id = \"{}\" AND superseded = true", t.id),
    )
    .await;
    assert_eq!(old.len(), 3);
    assert!(old.iter().all(|e| e.due_date == "2023-06-30"));

    // The ladder climbs again against the new date: GREEN 20 days before, YELLOW 10, RED after.
    let days =
        (chrono::NaiveDate::from_ymd_opt(2023, 9, 2).expect("day") - clock.today()).num_days();
    assert_eq!(
        sweep_daily(&mut ladder, &clock, days).await,
        ["2023-08-11", "2023-08-21", "2023-09-01"]
    );
    let in_force = listed(
        &mut ladder,
        &format!("task_id = \"{}\" AND superseded = false", t.id),
    )
    .await;
    assert_eq!(
        in_force
            .iter()
            .map(|e| (e.level, e.due_date.as_str()))
            .collect::<Vec<_>>(),
        [
            (WarningLevel::Green as i32, "2023-08-31"),
            (WarningLevel::Yellow as i32, "2023-08-31"),
            (WarningLevel::Red as i32, "2023-08-31"),
        ]
    );
    cluster.stop().await.expect("stop");
}

async fn a_warning_without_named_people_goes_up_the_chain(db: TestDatabase) {
    let Scene {
        clock,
        cluster,
        b,
        mut admin,
        mut ladder,
        plan,
    } = Scene::start(db).await;
    // No handler and no responsible leader; the office and the organ have no head: GREEN and
    // YELLOW reach the Party group's secretary, the nearest head on the lead unit's path.
    let mut unnamed = task(&plan, &b, "u", "2023-06-15");
    unnamed.handler_id = String::new();
    unnamed.responsible_leader_id = String::new();
    let t = create_task(&mut admin, unnamed).await;
    sweep_daily(&mut ladder, &clock, 6).await;
    let raised = listed(&mut ladder, &format!("task_id = \"{}\"", t.id)).await;
    assert_eq!(
        raised
            .iter()
            .map(|e| (e.level, e.recipient_ids.clone()))
            .collect::<Vec<_>>(),
        [
            (WarningLevel::Green as i32, vec![b.secretary.id.clone()]),
            (WarningLevel::Yellow as i32, vec![b.secretary.id.clone()]),
        ]
    );
    cluster.stop().await.expect("stop");
}

async fn an_archived_plan_is_read_only_and_archived_only_when_closed(db: TestDatabase) {
    let Scene {
        cluster,
        b,
        mut admin,
        plan,
        ..
    } = Scene::start(db).await;
    let open = create_task(&mut admin, task(&plan, &b, "1", "2023-06-30")).await;

    // Refused while a task is open, naming it.
    let refused = expect_code(
        admin
            .archive_plan(pb::ArchivePlanRequest {
                id: plan.id.clone(),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );
    assert!(
        refused.message().contains(&open.id),
        "{}",
        refused.message()
    );
    assert_eq!(reason(&refused), "PLAN_HAS_OPEN_TASKS");
    let cancelled = admin
        .cancel_task(pb::CancelTaskRequest {
            id: open.id.clone(),
            reason: "职能调整".into(),
            ..Default::default()
        })
        .await
        .expect("cancel")
        .into_inner()
        .task
        .expect("task");
    admin
        .archive_plan(pb::ArchivePlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("archive once every task is closed");

    // Every task mutation is refused on an archived plan.
    let mut update = cancelled.clone();
    update.title = "改名".into();
    let renamed = admin
        .update_task(pb::UpdateTaskRequest {
            task: Some(update),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["title".into()],
            }),
            request_id: String::new(),
        })
        .await;
    assert_eq!(precondition(renamed), "PLAN_ARCHIVED");
    let deleted = admin
        .delete_task(pb::DeleteTaskRequest {
            id: open.id.clone(),
            ..Default::default()
        })
        .await;
    assert_eq!(precondition(deleted), "PLAN_ARCHIVED");
    let extended = admin
        .request_extension(pb::RequestExtensionRequest {
            task_id: open.id.clone(),
            requested_due_date: "2023-12-31".into(),
            reason: "x".into(),
            request_id: String::new(),
        })
        .await;
    assert_eq!(precondition(extended), "PLAN_ARCHIVED");
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    an_approved_extension_starts_the_ladder_again,
    a_warning_without_named_people_goes_up_the_chain,
    an_archived_plan_is_read_only_and_archived_only_when_closed,
);
