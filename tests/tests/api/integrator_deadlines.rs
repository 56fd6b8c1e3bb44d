//! Deadlines as an integrator reads the contracts: the three-colour ladder walked day by day, an
//! approved extension superseding the old warnings, and archiving plans with open tasks.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate};
use qinglian_api::common::v1::{ExtensionState, WarningLevel};
use qinglian_api::tasks::v1::{self as pb, PlanKind, PlanState, PolicySource, TaskState, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Cluster};
use tonic::Code;

type Directory = pb::directory_service_client::DirectoryServiceClient<Authed>;
type Tasks = pb::task_service_client::TaskServiceClient<Authed>;
type Escalations = pb::escalation_service_client::EscalationServiceClient<Authed>;

fn mask(paths: &[&str]) -> Option<prost_types::FieldMask> {
    Some(prost_types::FieldMask {
        paths: paths.iter().map(|p| (*p).to_string()).collect(),
    })
}

async fn new_unit(dir: &mut Directory, kind: UnitKind, name: &str, parent: &str) -> pb::Unit {
    dir.create_unit(pb::CreateUnitRequest {
        unit: Some(pb::Unit {
            kind: kind as i32,
            name: name.into(),
            parent_id: parent.into(),
            ..Default::default()
        }),
        request_id: String::new(),
    })
    .await
    .expect("create unit")
    .into_inner()
    .unit
    .expect("unit")
}

async fn new_person(dir: &mut Directory, name: &str, unit: &str, team: bool) -> pb::Person {
    dir.create_person(pb::CreatePersonRequest {
        person: Some(pb::Person {
            name: name.into(),
            unit_id: unit.into(),
            party_member: true,
            leading_cadre: team,
            leadership_team_member: team,
            ..Default::default()
        }),
        request_id: String::new(),
    })
    .await
    .expect("create person")
    .into_inner()
    .person
    .expect("person")
}

async fn set_head(dir: &mut Directory, unit: &pb::Unit, head: &str) -> pb::Unit {
    let mut change = unit.clone();
    change.head_id = head.into();
    let updated = dir
        .update_unit(pb::UpdateUnitRequest {
            unit: Some(change),
            update_mask: mask(&["head_id"]),
            request_id: String::new(),
        })
        .await
        .expect("set head")
        .into_inner()
        .unit
        .expect("unit");
    assert_eq!(updated.head_id, head);
    updated
}

async fn published_plan(client: &mut Tasks, issuing_unit: &str) -> pb::Plan {
    let plan = client
        .create_plan(pb::CreatePlanRequest {
            plan: Some(pb::Plan {
                year: 2023,
                title: "2023年党风廉政建设主要任务分工方案".into(),
                issuing_unit_id: issuing_unit.into(),
                kind: PlanKind::TaskDivision as i32,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("create plan")
        .into_inner()
        .plan
        .expect("plan");
    let published = client
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            etag: plan.etag.clone(),
            request_id: String::new(),
        })
        .await
        .expect("publish plan")
        .into_inner()
        .plan
        .expect("plan");
    assert_eq!(published.state, PlanState::Published as i32);
    published
}

async fn new_task(
    client: &mut Tasks,
    plan: &str,
    lead_unit: &str,
    leader: &str,
    handler: &str,
    due: &str,
) -> pb::Task {
    let task = client
        .create_task(pb::CreateTaskRequest {
            task: Some(pb::Task {
                plan_id: plan.into(),
                title: "落实全面从严治党主体责任".into(),
                category: "政治建设".into(),
                lead_unit_id: lead_unit.into(),
                responsible_leader_id: leader.into(),
                handler_id: handler.into(),
                due_date: due.into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("create task")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(task.state, TaskState::Assigned as i32);
    assert_eq!(task.due_date, due);
    task
}

async fn escalations_of(client: &mut Escalations, task: &str) -> Vec<pb::Escalation> {
    client
        .list_escalations(pb::ListEscalationsRequest {
            page_size: 1000,
            filter: format!("task_id = \"{task}\""),
            order_by: "create_time".into(),
            ..Default::default()
        })
        .await
        .expect("list escalations")
        .into_inner()
        .escalations
}

async fn get_task(client: &mut Tasks, id: &str) -> pb::Task {
    client
        .get_task(pb::GetTaskRequest { id: id.into() })
        .await
        .expect("get task")
        .into_inner()
        .task
        .expect("task")
}

/// The machine-readable reason of a refusal: the ErrorInfo reason when the status carries one, else
/// the message (where a reason code may be spelled out).
fn reason(status: &tonic::Status) -> String {
    use tonic_types::StatusExt;
    match status.get_details_error_info() {
        Some(info) => info.reason,
        None => status.message().to_string(),
    }
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_string()).collect()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Walks the clock one day at a time from tomorrow to `until` (inclusive), sweeping each day, and
/// returns the days on which the sweep raised something, with the level raised then.
async fn walk(
    clock: &Clock,
    sweeper: &mut Escalations,
    task: &str,
    until: NaiveDate,
) -> Vec<(String, WarningLevel, i32)> {
    let mut raised = Vec::new();
    let mut seen = escalations_of(sweeper, task).await.len();
    while clock.today() < until {
        clock.advance(Duration::days(1));
        let sweep = sweeper
            .run_sweep(pb::RunSweepRequest {})
            .await
            .expect("sweep")
            .into_inner();
        assert_eq!(sweep.as_of_date, clock.today().to_string());
        let all = escalations_of(sweeper, task).await;
        assert_eq!(
            all.len() - seen,
            usize::try_from(sweep.escalations_raised).expect("count"),
            "on {}: the sweep's count matches what was listed",
            clock.today()
        );
        for new in &all[seen..] {
            assert_eq!(new.raise_date, clock.today().to_string());
            raised.push((new.raise_date.clone(), new.level(), new.days_left));
        }
        seen = all.len();
    }
    raised
}

async fn the_ladder_raises_each_level_once_and_starts_again_after_an_extension(db: TestDatabase) {
    let start = DateTime::parse_from_rfc3339("2023-03-01T08:00:00Z")
        .expect("time")
        .to_utc();
    let clock = Clock::fixed(start);
    let cluster = Cluster::on(db).clock(clock.clone()).start().await;
    let tasks = &cluster.tasks;
    let admin = tasks.token(Role::Admin);
    let mut dir = tasks.directory(&admin).await;

    let group = new_unit(&mut dir, UnitKind::PartyGroup, "市民政局党组", "").await;
    let organ = new_unit(&mut dir, UnitKind::Organ, "市民政局", &group.id).await;
    let secretary = new_person(&mut dir, "张书记", &group.id, true).await;
    let head = new_person(&mut dir, "李局长", &organ.id, true).await;
    let leader = new_person(&mut dir, "王副局长", &organ.id, true).await;
    let handler = new_person(&mut dir, "赵科员", &organ.id, false).await;
    set_head(&mut dir, &group, &secretary.id).await;
    let organ = set_head(&mut dir, &organ, &head.id).await;

    let mut admin_tasks = tasks.tasks(&admin).await;
    let mut sweeper = tasks.escalations(&admin).await;
    let plan = published_plan(&mut admin_tasks, &group.id).await;
    // 40 days ahead.
    let task = new_task(
        &mut admin_tasks,
        &plan.id,
        &organ.id,
        &leader.id,
        &handler.id,
        "2023-04-10",
    )
    .await;
    assert_eq!(task.original_due_date, "2023-04-10");
    assert_eq!(task.warning_level(), WarningLevel::Unspecified);

    // Defaults (no policy set): GREEN at 20 days left, YELLOW at 10, RED once overdue.
    let policy = sweeper
        .get_escalation_policy(pb::GetEscalationPolicyRequest {
            plan_id: plan.id.clone(),
        })
        .await
        .expect("policy")
        .into_inner()
        .policy
        .expect("policy");
    assert_eq!((policy.green_days, policy.yellow_days), (20, 10));

    // Today itself (40 days left) raises nothing.
    let first = sweeper
        .run_sweep(pb::RunSweepRequest {})
        .await
        .expect("sweep")
        .into_inner();
    assert_eq!(first.as_of_date, "2023-03-01");
    assert_eq!(first.escalations_raised, 0);

    let raised = walk(&clock, &mut sweeper, &task.id, date("2023-04-20")).await;
    assert_eq!(
        raised,
        vec![
            ("2023-03-21".to_string(), WarningLevel::Green, 20),
            ("2023-03-31".to_string(), WarningLevel::Yellow, 10),
            ("2023-04-11".to_string(), WarningLevel::Red, -1),
        ],
        "each level once, at its threshold"
    );

    let old = escalations_of(&mut sweeper, &task.id).await;
    assert_eq!(old.len(), 3);
    let by_level = |level: WarningLevel, list: &[pb::Escalation]| -> pb::Escalation {
        list.iter()
            .find(|e| e.level() == level && !e.superseded)
            .cloned()
            .unwrap_or_else(|| panic!("no live {level:?} in {list:?}"))
    };
    let green = by_level(WarningLevel::Green, &old);
    let yellow = by_level(WarningLevel::Yellow, &old);
    let red = by_level(WarningLevel::Red, &old);
    for e in [&green, &yellow, &red] {
        assert_eq!(e.due_date, "2023-04-10");
        assert!(!e.superseded && !e.acknowledged);
    }
    // Recipients widen with the level.
    let recipients = |e: &pb::Escalation| e.recipient_ids.iter().cloned().collect::<BTreeSet<_>>();
    assert_eq!(recipients(&green), set(&[&handler.id]));
    assert_eq!(recipients(&yellow), set(&[&handler.id, &leader.id]));
    assert_eq!(
        recipients(&red),
        set(&[&handler.id, &leader.id, &head.id, &secretary.id])
    );
    assert_eq!(
        get_task(&mut admin_tasks, &task.id).await.warning_level(),
        WarningLevel::Red
    );

    // Leaders see the escalations addressed to them: the leader got YELLOW and RED, not GREEN.
    let mut leader_escalations = tasks
        .escalations(&tasks.token_for(&leader.id, Role::Leader, None))
        .await;
    let seen_by_leader: BTreeSet<String> = escalations_of(&mut leader_escalations, &task.id)
        .await
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(seen_by_leader, set(&[&yellow.id, &red.id]));

    // The handler asks for a later date; the responsible leader approves.
    let mut handler_tasks = tasks
        .tasks(&tasks.token_for(&handler.id, Role::Clerk, Some(&organ.id)))
        .await;
    let extension = handler_tasks
        .request_extension(pb::RequestExtensionRequest {
            task_id: task.id.clone(),
            requested_due_date: "2023-06-10".into(),
            reason: "需等待上级文件下发".into(),
            request_id: String::new(),
        })
        .await
        .expect("request extension")
        .into_inner()
        .extension
        .expect("extension");
    assert_eq!(extension.state(), ExtensionState::Pending);
    assert_eq!(extension.requested_by, handler.id);

    let mut leader_tasks = tasks
        .tasks(&tasks.token_for(&leader.id, Role::Leader, None))
        .await;
    let decided = leader_tasks
        .decide_extension(pb::DecideExtensionRequest {
            id: extension.id.clone(),
            approve: true,
            reason: "同意".into(),
            request_id: String::new(),
        })
        .await
        .expect("approve extension")
        .into_inner();
    let approved = decided.extension.expect("extension");
    assert_eq!(approved.state(), ExtensionState::Approved);
    assert_eq!(approved.decided_by, leader.id);
    let moved = decided.task.expect("task");
    assert_eq!(moved.due_date, "2023-06-10");
    assert_eq!(moved.original_due_date, "2023-04-10");
    assert!(moved.extended);
    assert_eq!(
        moved.warning_level(),
        WarningLevel::Unspecified,
        "the ladder starts again from the new date"
    );
    assert_eq!(
        get_task(&mut admin_tasks, &task.id).await.warning_level(),
        WarningLevel::Unspecified
    );

    // The old warnings are still listed, now superseded.
    let after = escalations_of(&mut sweeper, &task.id).await;
    assert_eq!(after.len(), 3);
    for e in &after {
        assert!(e.superseded, "superseded after the extension: {e:?}");
        assert_eq!(e.due_date, "2023-04-10");
    }
    let superseded_ids: BTreeSet<String> = after.iter().map(|e| e.id.clone()).collect();
    assert_eq!(superseded_ids, set(&[&green.id, &yellow.id, &red.id]));

    // Sweeping again today (51 days left) raises nothing; then the ladder climbs against 2023-06-10.
    let again = sweeper
        .run_sweep(pb::RunSweepRequest {})
        .await
        .expect("sweep")
        .into_inner();
    assert_eq!(again.escalations_raised, 0);
    let raised = walk(&clock, &mut sweeper, &task.id, date("2023-06-15")).await;
    assert_eq!(
        raised,
        vec![
            ("2023-05-21".to_string(), WarningLevel::Green, 20),
            ("2023-05-31".to_string(), WarningLevel::Yellow, 10),
            ("2023-06-11".to_string(), WarningLevel::Red, -1),
        ],
        "the ladder raises again against the new due date"
    );
    let all = escalations_of(&mut sweeper, &task.id).await;
    assert_eq!(all.len(), 6);
    let fresh: Vec<&pb::Escalation> = all.iter().filter(|e| !e.superseded).collect();
    assert_eq!(fresh.len(), 3);
    assert!(fresh.iter().all(|e| e.due_date == "2023-06-10"));
    assert_eq!(
        get_task(&mut admin_tasks, &task.id).await.warning_level(),
        WarningLevel::Red
    );
    cluster.stop().await.expect("stop");
}

async fn archiving_needs_closed_tasks_and_freezes_them(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let admin = tasks.token(Role::Admin);
    let mut dir = tasks.directory(&admin).await;
    let committee = new_unit(&mut dir, UnitKind::PartyCommittee, "区委", "").await;
    let organ = new_unit(&mut dir, UnitKind::Organ, "区司法局", &committee.id).await;
    let leader = new_person(&mut dir, "陈副局长", &organ.id, true).await;
    let handler = new_person(&mut dir, "周科员", &organ.id, false).await;

    let mut client = tasks.tasks(&admin).await;
    let plan = published_plan(&mut client, &committee.id).await;
    let due = (chrono::Utc::now().date_naive() + Duration::days(60)).to_string();
    let task = new_task(
        &mut client,
        &plan.id,
        &organ.id,
        &leader.id,
        &handler.id,
        &due,
    )
    .await;

    let refused = client
        .archive_plan(pb::ArchivePlanRequest {
            id: plan.id.clone(),
            etag: String::new(),
            request_id: String::new(),
        })
        .await
        .expect_err("archive with an open task");
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert_eq!(reason(&refused), "PLAN_HAS_OPEN_TASKS", "{refused:?}");
    assert!(
        refused.message().contains(&task.id),
        "names the open task: {}",
        refused.message()
    );

    let cancelled = client
        .cancel_task(pb::CancelTaskRequest {
            id: task.id.clone(),
            reason: "机构调整".into(),
            etag: task.etag.clone(),
            request_id: String::new(),
        })
        .await
        .expect("cancel")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(cancelled.state(), TaskState::Cancelled);
    assert_eq!(cancelled.cancel_reason, "机构调整");

    let archived = client
        .archive_plan(pb::ArchivePlanRequest {
            id: plan.id.clone(),
            etag: String::new(),
            request_id: String::new(),
        })
        .await
        .expect("archive")
        .into_inner()
        .plan
        .expect("plan");
    assert_eq!(archived.state(), PlanState::Archived);
    assert!(archived.archive_time.is_some());

    let mut change = cancelled.clone();
    change.title = "改个标题".into();
    let frozen = client
        .update_task(pb::UpdateTaskRequest {
            task: Some(change),
            update_mask: mask(&["title"]),
            request_id: String::new(),
        })
        .await
        .expect_err("update in an archived plan");
    assert_eq!(frozen.code(), Code::FailedPrecondition, "{frozen:?}");
    assert_eq!(reason(&frozen), "PLAN_ARCHIVED", "{frozen:?}");
    assert_eq!(get_task(&mut client, &task.id).await.title, task.title);

    let mut escalations = tasks.escalations(&admin).await;
    let unknown = escalations
        .get_escalation_policy(pb::GetEscalationPolicyRequest {
            plan_id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .expect_err("unknown plan");
    assert_eq!(unknown.code(), Code::InvalidArgument, "{unknown:?}");
    let policy = escalations
        .get_escalation_policy(pb::GetEscalationPolicyRequest {
            plan_id: plan.id.clone(),
        })
        .await
        .expect("policy")
        .into_inner()
        .policy
        .expect("policy");
    assert_ne!(policy.source(), PolicySource::Unspecified);
    assert_eq!(policy.source(), PolicySource::Defaults);
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    the_ladder_raises_each_level_once_and_starts_again_after_an_extension,
    archiving_needs_closed_tasks_and_freezes_them,
);
