//! The year's task-division plan of the organ: two tasks led by the office, published; the handler
//! works the first and the responsible leader approves it, the second stays open.

use qinglian_api::common::v1::Evidence;
use qinglian_api::tasks::v1::task_service_client::TaskServiceClient;
use qinglian_api::tasks::v1::{self as pb, TaskState};
use qinglian_kit::auth::Role;

use super::Day;
use super::directory::Organisation;
use super::tally::Tally;
use qinglian_test_support::{Member, Processes};

/// The plan and its tasks (ids).
#[derive(Debug)]
pub struct Plan {
    /// The plan.
    pub id: String,
    /// Its tasks: the first completed, the second open.
    pub tasks: Vec<String>,
}

/// Records, publishes and works the plan; counts its tasks.
pub async fn record(cluster: &Processes, org: &Organisation, day: &Day, tally: &mut Tally) -> Plan {
    let admin = cluster.token("topology-admin", Role::Admin, None);
    let mut admin = TaskServiceClient::new(cluster.authed(Member::Tasks, &admin).await);
    let plan = admin
        .create_plan(pb::CreatePlanRequest {
            plan: Some(pb::Plan {
                year: day.year,
                title: format!("{}年全面从严治党主要任务分工方案", day.year),
                issuing_unit_id: org.organ.clone(),
                kind: pb::PlanKind::TaskDivision as i32,
                ..Default::default()
            }),
            request_id: "topology-plan".into(),
        })
        .await
        .expect("create plan")
        .into_inner()
        .plan
        .expect("plan");
    let mut tasks = Vec::new();
    for (code, title) in [("1", "落实“第一议题”制度"), ("2", "开展廉政风险点排查")]
    {
        let task = admin
            .create_task(pb::CreateTaskRequest {
                task: Some(pb::Task {
                    plan_id: plan.id.clone(),
                    code: code.into(),
                    title: title.into(),
                    category: "政治建设".into(),
                    lead_unit_id: org.office.clone(),
                    responsible_leader_id: org.leader.clone(),
                    handler_id: org.handler.clone(),
                    due_date: format!("{}-12-31", day.year),
                    accountabilities: vec![qinglian_api::common::v1::Accountability::Direct as i32],
                    ..Default::default()
                }),
                request_id: format!("topology-task-{code}"),
            })
            .await
            .expect("create task")
            .into_inner()
            .task
            .expect("task");
        tally.one("tasks.total");
        tasks.push(task.id);
    }
    admin
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish plan");

    let handler = cluster.token(&org.handler, Role::Clerk, Some(&org.office));
    let mut handler = TaskServiceClient::new(cluster.authed(Member::Tasks, &handler).await);
    let first = tasks[0].clone();
    handler
        .start_task(pb::StartTaskRequest {
            id: first.clone(),
            ..Default::default()
        })
        .await
        .expect("start task");
    handler
        .report_progress(pb::ReportProgressRequest {
            task_id: first.clone(),
            text: "党组会议第一议题学习12次".into(),
            percent: 100,
            evidence: vec![Evidence {
                file_name: "会议记录.pdf".into(),
                sha256: "a".repeat(64),
                size_bytes: 1024,
                media_type: "application/pdf".into(),
                about_date: day.today.clone(),
                storage_uri: "docs://topology/1".into(),
            }],
            request_id: String::new(),
        })
        .await
        .expect("report progress");
    handler
        .submit_task(pb::SubmitTaskRequest {
            id: first.clone(),
            ..Default::default()
        })
        .await
        .expect("submit task");
    let leader = cluster.token(&org.leader, Role::Leader, None);
    let approved = TaskServiceClient::new(cluster.authed(Member::Tasks, &leader).await)
        .approve_task(pb::ApproveTaskRequest {
            id: first,
            ..Default::default()
        })
        .await
        .expect("approve task")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(approved.state, TaskState::Completed as i32);
    tally.one("tasks.completed");
    tally.set("tasks.on_time_rate", 100.0);
    Plan { id: plan.id, tasks }
}

/// Asserts the plan and its tasks are still there, the first completed.
pub async fn assert_present(cluster: &Processes, plan: &Plan) {
    let viewer = cluster.token("topology-viewer", Role::Viewer, None);
    let mut client = TaskServiceClient::new(cluster.authed(Member::Tasks, &viewer).await);
    client
        .get_plan(pb::GetPlanRequest {
            id: plan.id.clone(),
        })
        .await
        .expect("plan kept");
    for (n, id) in plan.tasks.iter().enumerate() {
        let task = client
            .get_task(pb::GetTaskRequest { id: id.clone() })
            .await
            .unwrap_or_else(|e| panic!("task {id} lost: {e:?}"))
            .into_inner()
            .task
            .expect("task");
        let expected = if n == 0 {
            TaskState::Completed
        } else {
            TaskState::Assigned
        };
        assert_eq!(task.state, expected as i32, "task {}", task.code);
    }
}
