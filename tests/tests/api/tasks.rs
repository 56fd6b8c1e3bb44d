//! Plans and tasks: the workflow, extensions, late entries, role rules, chains and statistics.

use chrono::{DateTime, Utc};
use qinglian_api::common::v1::Evidence;
use qinglian_api::tasks::v1::task_service_client::TaskServiceClient;
use qinglian_api::tasks::v1::{self as pb, TaskState, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Authed, Cluster, TestTasks};
use tonic::Code;

use super::common::{create_person, create_unit, expect_code, violated_fields};

/// A bureau with its Party group, an office that leads tasks, another office, a leader and a handler.
pub struct Bureau {
    pub group: pb::Unit,
    pub organ: pb::Unit,
    pub office: pb::Unit,
    pub other_office: pb::Unit,
    pub leader: pb::Person,
    pub other_leader: pb::Person,
    pub handler: pb::Person,
    pub secretary: pb::Person,
}

pub async fn bureau(tasks: &TestTasks) -> Bureau {
    let mut d = tasks.admin_directory().await;
    let group = create_unit(&mut d, UnitKind::PartyGroup, "市民政局党组", None).await;
    let organ = create_unit(&mut d, UnitKind::Organ, "市民政局", Some(&group.id)).await;
    let office = create_unit(&mut d, UnitKind::Department, "办公室", Some(&organ.id)).await;
    let other_office = create_unit(&mut d, UnitKind::Department, "财务科", Some(&organ.id)).await;
    let secretary = create_person(&mut d, "党组书记", &group.id, true).await;
    let leader = create_person(&mut d, "分管副局长", &organ.id, true).await;
    let other_leader = create_person(&mut d, "另一副局长", &organ.id, true).await;
    let handler = create_person(&mut d, "经办人", &office.id, false).await;
    let mut head = group.clone();
    head.head_id = secretary.id.clone();
    d.update_unit(pb::UpdateUnitRequest {
        unit: Some(head),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["head_id".into()],
        }),
        request_id: String::new(),
    })
    .await
    .expect("secretary");
    d.set_portfolio(pb::SetPortfolioRequest {
        person_id: leader.id.clone(),
        unit_ids: vec![office.id.clone()],
        etag: String::new(),
        request_id: String::new(),
    })
    .await
    .expect("portfolio");
    Bureau {
        group,
        organ,
        office,
        other_office,
        leader,
        other_leader,
        handler,
        secretary,
    }
}

/// A plan of `unit` for `year`, published so its tasks are assigned and swept.
pub async fn published_plan(
    client: &mut TaskServiceClient<Authed>,
    unit: &str,
    year: i32,
) -> pb::Plan {
    let plan = create_plan(client, unit, year).await;
    client
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish")
        .into_inner()
        .plan
        .expect("plan")
}

pub async fn create_plan(
    client: &mut TaskServiceClient<Authed>,
    unit: &str,
    year: i32,
) -> pb::Plan {
    client
        .create_plan(pb::CreatePlanRequest {
            plan: Some(pb::Plan {
                year,
                title: format!("{year}年全面从严治党主要任务分工方案"),
                issuing_unit_id: unit.to_owned(),
                kind: pb::PlanKind::TaskDivision as i32,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("plan")
        .into_inner()
        .plan
        .expect("plan")
}

pub fn task(plan: &pb::Plan, b: &Bureau, code: &str, due: &str) -> pb::Task {
    pb::Task {
        plan_id: plan.id.clone(),
        code: code.to_owned(),
        title: format!("任务{code}"),
        category: "廉政教育".into(),
        lead_unit_id: b.office.id.clone(),
        cooperating_unit_ids: vec![b.other_office.id.clone()],
        responsible_leader_id: b.leader.id.clone(),
        handler_id: b.handler.id.clone(),
        due_date: due.to_owned(),
        accountabilities: vec![qinglian_api::common::v1::Accountability::Direct as i32],
        ..Default::default()
    }
}

pub async fn create_task(client: &mut TaskServiceClient<Authed>, task: pb::Task) -> pb::Task {
    client
        .create_task(pb::CreateTaskRequest {
            task: Some(task),
            request_id: String::new(),
        })
        .await
        .expect("task")
        .into_inner()
        .task
        .expect("task")
}

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("time").to_utc()
}

fn evidence(about: &str) -> Evidence {
    Evidence {
        file_name: "会议记录.pdf".into(),
        sha256: "a".repeat(64),
        size_bytes: 1024,
        media_type: "application/pdf".into(),
        about_date: about.into(),
        storage_uri: "docs://2023/1".into(),
    }
}

fn id(id: &str) -> String {
    id.to_owned()
}

async fn workflow_moves_only_along_legal_transitions(db: TestDatabase) {
    let clock = Clock::fixed(at("2023-03-01T09:00:00Z"));
    let cluster = Cluster::on(db).clock(clock.clone()).start().await;
    let tasks = &cluster.tasks;
    let b = bureau(tasks).await;
    let mut admin = tasks.tasks(&tasks.token(Role::Admin)).await;
    let plan = create_plan(&mut admin, &b.organ.id, 2023).await;
    let parent = create_task(&mut admin, task(&plan, &b, "1", "2023-06-30")).await;
    assert_eq!(parent.state, TaskState::Draft as i32);
    let mut child_fields = task(&plan, &b, "1.1", "2023-05-31");
    child_fields.parent_task_id = parent.id.clone();
    let child = create_task(&mut admin, child_fields).await;
    let spare = create_task(&mut admin, task(&plan, &b, "2", "2023-06-30")).await;
    admin
        .delete_task(pb::DeleteTaskRequest {
            id: spare.id.clone(),
            etag: String::new(),
            request_id: String::new(),
        })
        .await
        .expect("drafts can be deleted");

    // Starting a draft is illegal and names the state.
    let status = expect_code(
        admin
            .start_task(pb::StartTaskRequest {
                id: id(&parent.id),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );
    assert!(
        status.message().contains("TASK_STATE_DRAFT"),
        "{}",
        status.message()
    );

    let published = admin
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish")
        .into_inner()
        .plan
        .expect("plan");
    assert_eq!(published.state, pb::PlanState::Published as i32);
    let assigned = admin
        .get_task(pb::GetTaskRequest { id: id(&parent.id) })
        .await
        .expect("get")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(assigned.state, TaskState::Assigned as i32);
    expect_code(
        admin
            .delete_task(pb::DeleteTaskRequest {
                id: id(&child.id),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );

    // The office clerk works the tasks; the leader reviews.
    let clerk_token = tasks.scoped_token(Role::Clerk, Some(&b.office.id));
    let mut clerk = tasks.tasks(&clerk_token).await;
    for task_id in [&parent.id, &child.id] {
        clerk
            .start_task(pb::StartTaskRequest {
                id: id(task_id),
                ..Default::default()
            })
            .await
            .expect("start");
        clerk
            .report_progress(pb::ReportProgressRequest {
                task_id: id(task_id),
                text: "召开专题会议部署".into(),
                percent: 60,
                evidence: vec![evidence("2023-02-28")],
                request_id: String::new(),
            })
            .await
            .expect("progress");
        clerk
            .submit_task(pb::SubmitTaskRequest {
                id: id(task_id),
                ..Default::default()
            })
            .await
            .expect("submit");
    }
    let mut leader = tasks
        .tasks(&tasks.token_for(&b.leader.id, Role::Leader, None))
        .await;
    // The parent cannot complete while its sub-task is open.
    expect_code(
        leader
            .approve_task(pb::ApproveTaskRequest {
                id: id(&parent.id),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );
    let returned = leader
        .return_task(pb::ReturnTaskRequest {
            id: id(&child.id),
            reason: "材料不全".into(),
            ..Default::default()
        })
        .await
        .expect("return")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(
        (returned.state, returned.return_reason.as_str()),
        (TaskState::Returned as i32, "材料不全")
    );
    assert_eq!(
        violated_fields(
            leader
                .return_task(pb::ReturnTaskRequest {
                    id: id(&child.id),
                    ..Default::default()
                })
                .await
        ),
        ["reason"]
    );
    clerk
        .start_task(pb::StartTaskRequest {
            id: id(&child.id),
            ..Default::default()
        })
        .await
        .expect("restart");
    clerk
        .submit_task(pb::SubmitTaskRequest {
            id: id(&child.id),
            ..Default::default()
        })
        .await
        .expect("resubmit");
    let done = leader
        .approve_task(pb::ApproveTaskRequest {
            id: id(&child.id),
            ..Default::default()
        })
        .await
        .expect("approve child")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(
        (
            done.state,
            done.completed_date.as_str(),
            done.progress_percent
        ),
        (TaskState::Completed as i32, "2023-03-01", 100)
    );
    leader
        .approve_task(pb::ApproveTaskRequest {
            id: id(&parent.id),
            ..Default::default()
        })
        .await
        .expect("approve parent");
    // Closed tasks move no further.
    expect_code(
        admin
            .cancel_task(pb::CancelTaskRequest {
                id: id(&parent.id),
                reason: "x".into(),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );
    let reports = clerk
        .list_progress_reports(pb::ListProgressReportsRequest {
            task_id: id(&parent.id),
            ..Default::default()
        })
        .await
        .expect("reports")
        .into_inner()
        .progress_reports;
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].evidence, vec![evidence("2023-02-28")]);
    assert!(!reports[0].late_entry);

    // Cancel an open task, then archive: archived plans take no tasks.
    let extra = create_task(&mut admin, task(&plan, &b, "3", "2023-09-30")).await;
    assert_eq!(extra.state, TaskState::Assigned as i32);
    let cancelled = admin
        .cancel_task(pb::CancelTaskRequest {
            id: id(&extra.id),
            reason: "职能调整".into(),
            ..Default::default()
        })
        .await
        .expect("cancel")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(cancelled.cancel_reason, "职能调整");
    admin
        .archive_plan(pb::ArchivePlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("archive");
    expect_code(
        admin
            .create_task(pb::CreateTaskRequest {
                task: Some(task(&plan, &b, "4", "2023-12-31")),
                request_id: String::new(),
            })
            .await,
        Code::FailedPrecondition,
    );
    expect_code(
        admin
            .archive_plan(pb::ArchivePlanRequest {
                id: plan.id.clone(),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );
    cluster.stop().await.expect("stop");
}

async fn extensions_keep_the_original_date_and_late_entries_are_flagged(db: TestDatabase) {
    let clock = Clock::fixed(at("2023-06-01T09:00:00Z"));
    let cluster = Cluster::on(db).clock(clock.clone()).start().await;
    let tasks = &cluster.tasks;
    let b = bureau(tasks).await;
    let mut admin = tasks.tasks(&tasks.token(Role::Admin)).await;
    let plan = create_plan(&mut admin, &b.organ.id, 2023).await;
    admin
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish");
    let t = create_task(&mut admin, task(&plan, &b, "1", "2023-06-30")).await;
    let mut clerk = tasks
        .tasks(&tasks.scoped_token(Role::Clerk, Some(&b.office.id)))
        .await;
    clerk
        .start_task(pb::StartTaskRequest {
            id: id(&t.id),
            ..Default::default()
        })
        .await
        .expect("start");

    // Old evidence makes a late entry even before the due date.
    let report = clerk
        .report_progress(pb::ReportProgressRequest {
            task_id: id(&t.id),
            text: "补录材料".into(),
            percent: 10,
            evidence: vec![evidence("2023-03-01")],
            request_id: String::new(),
        })
        .await
        .expect("report")
        .into_inner();
    assert!(report.progress_report.as_ref().expect("report").late_entry);
    assert!(report.task.as_ref().expect("task").late_entry);

    let too_early = clerk
        .request_extension(pb::RequestExtensionRequest {
            task_id: id(&t.id),
            requested_due_date: "2023-06-01".into(),
            reason: "x".into(),
            request_id: String::new(),
        })
        .await;
    assert_eq!(violated_fields(too_early), ["requested_due_date"]);
    let extension = clerk
        .request_extension(pb::RequestExtensionRequest {
            task_id: id(&t.id),
            requested_due_date: "2023-08-31".into(),
            reason: "需等待上级文件".into(),
            request_id: String::new(),
        })
        .await
        .expect("request")
        .into_inner()
        .extension
        .expect("extension");
    // Another leader cannot decide; the responsible one can.
    let mut other = tasks
        .tasks(&tasks.token_for(&b.other_leader.id, Role::Leader, None))
        .await;
    expect_code(
        other
            .decide_extension(pb::DecideExtensionRequest {
                id: extension.id.clone(),
                approve: true,
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    let mut leader = tasks
        .tasks(&tasks.token_for(&b.leader.id, Role::Leader, None))
        .await;
    let decided = leader
        .decide_extension(pb::DecideExtensionRequest {
            id: extension.id.clone(),
            approve: true,
            ..Default::default()
        })
        .await
        .expect("decide")
        .into_inner();
    let moved = decided.task.expect("task");
    assert_eq!(
        (
            moved.due_date.as_str(),
            moved.original_due_date.as_str(),
            moved.extended
        ),
        ("2023-08-31", "2023-06-30", true)
    );
    expect_code(
        leader
            .decide_extension(pb::DecideExtensionRequest {
                id: extension.id,
                approve: false,
                reason: "x".into(),
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );

    // Past the (new) due date every report is a late entry.
    clock.set(at("2023-09-05T09:00:00Z"));
    let late = clerk
        .report_progress(pb::ReportProgressRequest {
            task_id: id(&t.id),
            text: "完成".into(),
            percent: 100,
            evidence: vec![],
            request_id: String::new(),
        })
        .await
        .expect("late report")
        .into_inner()
        .progress_report
        .expect("report");
    assert!(late.late_entry);
    assert!(
        late.late_reasons[0].contains("after the due date 2023-08-31"),
        "{:?}",
        late.late_reasons
    );
    let extensions = clerk
        .list_extensions(pb::ListExtensionsRequest {
            task_id: id(&t.id),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .extensions;
    assert_eq!(extensions.len(), 1);
    cluster.stop().await.expect("stop");
}

async fn roles_see_and_do_only_their_part(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let b = bureau(tasks).await;
    let mut admin = tasks.tasks(&tasks.token(Role::Admin)).await;
    let plan = create_plan(&mut admin, &b.organ.id, 2023).await;
    admin
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish");
    let mine = create_task(&mut admin, task(&plan, &b, "1", "2030-06-30")).await;
    let mut foreign_fields = task(&plan, &b, "2", "2030-06-30");
    foreign_fields.lead_unit_id = b.group.id.clone();
    foreign_fields.cooperating_unit_ids = vec![];
    foreign_fields.responsible_leader_id = b.other_leader.id.clone();
    let foreign = create_task(&mut admin, foreign_fields).await;

    // Viewers and discipline read everything and change nothing.
    for role in [Role::Viewer, Role::Discipline] {
        let mut reader = tasks.tasks(&tasks.token(role)).await;
        let all = reader
            .list_tasks(pb::ListTasksRequest::default())
            .await
            .expect("list")
            .into_inner()
            .tasks;
        assert_eq!(all.len(), 2, "{role}");
        expect_code(
            reader
                .start_task(pb::StartTaskRequest {
                    id: id(&mine.id),
                    ..Default::default()
                })
                .await,
            Code::PermissionDenied,
        );
        expect_code(
            reader
                .create_plan(pb::CreatePlanRequest {
                    plan: Some(pb::Plan::default()),
                    request_id: String::new(),
                })
                .await,
            Code::PermissionDenied,
        );
    }
    // A clerk of the office reads and works its tasks only; a clerk of another unit sees neither.
    let mut clerk = tasks
        .tasks(&tasks.scoped_token(Role::Clerk, Some(&b.office.id)))
        .await;
    let visible = clerk
        .list_tasks(pb::ListTasksRequest::default())
        .await
        .expect("list")
        .into_inner()
        .tasks;
    assert_eq!(
        visible.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        [mine.id.as_str()]
    );
    expect_code(
        clerk
            .get_task(pb::GetTaskRequest {
                id: id(&foreign.id),
            })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        clerk
            .start_task(pb::StartTaskRequest {
                id: id(&foreign.id),
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        clerk
            .get_task(pb::GetTaskRequest {
                id: uuid::Uuid::now_v7().to_string(),
            })
            .await,
        Code::PermissionDenied,
    );
    let mut cooperating = tasks
        .tasks(&tasks.scoped_token(Role::Clerk, Some(&b.other_office.id)))
        .await;
    cooperating
        .get_task(pb::GetTaskRequest { id: id(&mine.id) })
        .await
        .expect("a cooperating unit reads");
    let outsider_unit = {
        let mut d = tasks.admin_directory().await;
        create_unit(&mut d, UnitKind::Organ, "市财政局", None).await
    };
    let mut outsider = tasks
        .tasks(&tasks.scoped_token(Role::Clerk, Some(&outsider_unit.id)))
        .await;
    expect_code(
        outsider
            .get_task(pb::GetTaskRequest { id: id(&mine.id) })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        outsider
            .start_task(pb::StartTaskRequest {
                id: id(&mine.id),
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    assert!(
        outsider
            .list_tasks(pb::ListTasksRequest::default())
            .await
            .expect("list")
            .into_inner()
            .tasks
            .is_empty()
    );

    // A leader reads the tasks of their portfolio or responsibility, and reviews only their own.
    let mut leader = tasks
        .tasks(&tasks.token_for(&b.leader.id, Role::Leader, None))
        .await;
    let theirs = leader
        .list_tasks(pb::ListTasksRequest::default())
        .await
        .expect("list")
        .into_inner()
        .tasks;
    assert_eq!(
        theirs.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        [mine.id.as_str()]
    );
    expect_code(
        leader
            .get_task(pb::GetTaskRequest {
                id: id(&foreign.id),
            })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        leader
            .start_task(pb::StartTaskRequest {
                id: id(&mine.id),
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    clerk
        .start_task(pb::StartTaskRequest {
            id: id(&mine.id),
            ..Default::default()
        })
        .await
        .expect("start");
    clerk
        .submit_task(pb::SubmitTaskRequest {
            id: id(&mine.id),
            ..Default::default()
        })
        .await
        .expect("submit");
    let mut other_leader = tasks
        .tasks(&tasks.token_for(&b.other_leader.id, Role::Leader, None))
        .await;
    expect_code(
        other_leader
            .approve_task(pb::ApproveTaskRequest {
                id: id(&mine.id),
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        clerk
            .approve_task(pb::ApproveTaskRequest {
                id: id(&mine.id),
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    // The handler never approves their own task, even as a leader.
    let mut handler_as_leader = tasks
        .tasks(&tasks.token_for(&b.handler.id, Role::Leader, None))
        .await;
    expect_code(
        handler_as_leader
            .approve_task(pb::ApproveTaskRequest {
                id: id(&mine.id),
                ..Default::default()
            })
            .await,
        Code::PermissionDenied,
    );
    leader
        .approve_task(pb::ApproveTaskRequest {
            id: id(&mine.id),
            ..Default::default()
        })
        .await
        .expect("approve");
    cluster.stop().await.expect("stop");
}

async fn chains_and_statistics_answer_from_the_records(db: TestDatabase) {
    let clock = Clock::fixed(at("2023-01-10T09:00:00Z"));
    let cluster = Cluster::on(db).clock(clock.clone()).start().await;
    let tasks = &cluster.tasks;
    let b = bureau(tasks).await;
    let mut admin = tasks.tasks(&tasks.token(Role::Admin)).await;
    let plan = create_plan(&mut admin, &b.organ.id, 2023).await;
    admin
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish");

    let first = create_task(&mut admin, task(&plan, &b, "1", "2023-03-31")).await;
    let chain = admin
        .get_responsibility_chain(pb::GetResponsibilityChainRequest {
            task_id: id(&first.id),
        })
        .await
        .expect("chain")
        .into_inner()
        .links;
    let roles: Vec<(i32, &str, i32)> = chain
        .iter()
        .map(|l| (l.role, l.name.as_str(), l.accountability))
        .collect();
    use pb::ResponsibilityRole as R;
    use qinglian_api::common::v1::Accountability as A;
    assert_eq!(
        roles,
        [
            (R::Handler as i32, "经办人", A::Direct as i32),
            (R::LeadUnit as i32, "办公室", A::Direct as i32),
            (
                R::ResponsibleLeader as i32,
                "分管副局长",
                A::Leadership as i32
            ),
            (
                R::PartyOrganisation as i32,
                "市民政局党组",
                A::Primary as i32
            ),
            (R::PartySecretary as i32, "党组书记", A::First as i32),
        ]
    );
    assert_eq!(chain[2].via_unit_ids, vec![b.office.id.clone()]);
    assert_eq!(chain[4].person_id, b.secretary.id);

    // Twelve tasks in three categories: some completed on time, some late, some overdue, one extended.
    let mut clerk = tasks
        .tasks(&tasks.scoped_token(Role::Clerk, Some(&b.office.id)))
        .await;
    let mut leader = tasks
        .tasks(&tasks.token_for(&b.leader.id, Role::Leader, None))
        .await;
    let categories = ["政治建设", "廉政教育", "日常监督"];
    let mut all = vec![first];
    for i in 2..=12 {
        let mut fields = task(
            &plan,
            &b,
            &i.to_string(),
            if i % 2 == 0 {
                "2023-02-28"
            } else {
                "2023-05-31"
            },
        );
        fields.category = categories[i % 3].to_owned();
        all.push(create_task(&mut admin, fields).await);
    }
    for t in &all[..4] {
        clerk
            .start_task(pb::StartTaskRequest {
                id: id(&t.id),
                ..Default::default()
            })
            .await
            .expect("start");
        clerk
            .submit_task(pb::SubmitTaskRequest {
                id: id(&t.id),
                ..Default::default()
            })
            .await
            .expect("submit");
        leader
            .approve_task(pb::ApproveTaskRequest {
                id: id(&t.id),
                ..Default::default()
            })
            .await
            .expect("on time");
    }
    clock.set(at("2023-04-15T09:00:00Z"));
    for t in &all[4..7] {
        clerk
            .start_task(pb::StartTaskRequest {
                id: id(&t.id),
                ..Default::default()
            })
            .await
            .expect("start");
        clerk
            .submit_task(pb::SubmitTaskRequest {
                id: id(&t.id),
                ..Default::default()
            })
            .await
            .expect("submit");
        leader
            .approve_task(pb::ApproveTaskRequest {
                id: id(&t.id),
                ..Default::default()
            })
            .await
            .expect("approve");
    }
    let ext = clerk
        .request_extension(pb::RequestExtensionRequest {
            task_id: id(&all[7].id),
            requested_due_date: "2023-12-31".into(),
            reason: "延期".into(),
            request_id: String::new(),
        })
        .await
        .expect("extension")
        .into_inner()
        .extension
        .expect("extension");
    leader
        .decide_extension(pb::DecideExtensionRequest {
            id: ext.id,
            approve: true,
            ..Default::default()
        })
        .await
        .expect("approve ext");
    admin
        .cancel_task(pb::CancelTaskRequest {
            id: id(&all[8].id),
            reason: "撤销".into(),
            ..Default::default()
        })
        .await
        .expect("cancel");

    // The expected figures, computed here from what the test did.
    let today = "2023-04-15";
    let fetched: Vec<pb::Task> = admin
        .list_tasks(pb::ListTasksRequest {
            page_size: 100,
            filter: format!("plan_id = \"{}\"", plan.id),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .tasks;
    assert_eq!(fetched.len(), 12);
    let done = |t: &&pb::Task| t.state == TaskState::Completed as i32;
    let on_time = fetched
        .iter()
        .filter(done)
        .filter(|t| t.completed_date <= t.due_date)
        .count() as i64;
    let late = fetched
        .iter()
        .filter(done)
        .filter(|t| t.completed_date > t.due_date)
        .count() as i64;
    let open = |t: &&pb::Task| {
        t.state != TaskState::Completed as i32 && t.state != TaskState::Cancelled as i32
    };
    let overdue = fetched
        .iter()
        .filter(open)
        .filter(|t| t.due_date.as_str() < today)
        .count() as i64;
    assert!(
        on_time > 0 && late > 0 && overdue > 0,
        "the fixture covers every case"
    );
    let stats = admin
        .get_plan_statistics(pb::GetPlanStatisticsRequest {
            plan_id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("statistics")
        .into_inner()
        .statistics
        .expect("statistics");
    assert_eq!(stats.total, 12);
    assert_eq!(
        (
            stats.completed_on_time,
            stats.completed_late,
            stats.overdue,
            stats.extended
        ),
        (on_time, late, overdue, 1)
    );
    assert_eq!(stats.as_of_date, today);
    assert!((stats.on_time_rate - on_time as f64 / (on_time + late) as f64).abs() < 1e-9);
    let count_of = |list: &[pb::KeyedCount], key: &str| {
        list.iter().find(|c| c.key == key).map_or(0, |c| c.count)
    };
    assert_eq!(count_of(&stats.by_state, "TASK_STATE_COMPLETED"), 7);
    assert_eq!(count_of(&stats.by_state, "TASK_STATE_CANCELLED"), 1);
    for category in ["政治建设", "日常监督"] {
        let expected = fetched.iter().filter(|t| t.category == category).count() as i64;
        assert_eq!(
            count_of(&stats.by_category, category),
            expected,
            "{category}"
        );
    }
    assert_eq!(count_of(&stats.by_lead_unit, &b.office.id), 12);
    let by_unit = admin
        .get_plan_statistics(pb::GetPlanStatisticsRequest {
            unit_id: b.office.id.clone(),
            year: 2023,
            ..Default::default()
        })
        .await
        .expect("unit statistics")
        .into_inner()
        .statistics
        .expect("statistics");
    assert_eq!(by_unit.total, 12);
    let overdue_list = admin
        .list_tasks(pb::ListTasksRequest {
            overdue_only: true,
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("overdue")
        .into_inner()
        .tasks;
    assert_eq!(overdue_list.len() as i64, overdue);
    let filtered = admin
        .list_tasks(pb::ListTasksRequest {
            filter: "due_date <= 2023-02-28 AND extended = false".into(),
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("filter")
        .into_inner()
        .tasks;
    assert_eq!(
        filtered.len(),
        fetched
            .iter()
            .filter(|t| t.due_date.as_str() <= "2023-02-28" && !t.extended)
            .count()
    );
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    workflow_moves_only_along_legal_transitions,
    extensions_keep_the_original_date_and_late_entries_are_flagged,
    roles_see_and_do_only_their_part,
    chains_and_statistics_answer_from_the_records,
);
