//! A plan of the organ with random tasks, some completed before their due date and some after: the
//! task figures the report must give.

use std::collections::BTreeMap;

use qinglian_api::tasks::v1 as tpb;
use qinglian_kit::auth::Role;

use super::Random;
use crate::api::rectifications::Fixture;
use crate::api::tasks::create_plan;

/// Records the plan and its tasks on the fixture's day (2023-06-01); returns the figures.
pub async fn record(random: &mut Random, f: &Fixture) -> BTreeMap<String, f64> {
    let admin = f.tasks().token(Role::Admin);
    let mut plans = f.tasks().tasks(&admin).await;
    let plan = create_plan(&mut plans, &f.organ, 2023).await;
    let total = 2 + random.below(6);
    let mut ids = Vec::new();
    for n in 0..total {
        // Due before the fixture's day (so completed late) or after it (on time).
        let due = if random.below(2) == 0 {
            "2023-05-20"
        } else {
            "2023-12-31"
        };
        let task = plans
            .create_task(tpb::CreateTaskRequest {
                task: Some(tpb::Task {
                    plan_id: plan.id.clone(),
                    code: format!("{}", n + 1),
                    title: format!("任务{}", n + 1),
                    category: "廉政建设".into(),
                    lead_unit_id: f.office.clone(),
                    responsible_leader_id: f.inspector.clone(),
                    handler_id: f.owner.clone(),
                    due_date: due.into(),
                    accountabilities: vec![qinglian_api::common::v1::Accountability::Direct as i32],
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("task")
            .into_inner()
            .task
            .expect("task");
        ids.push((task.id, due));
    }
    plans
        .publish_plan(tpb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish");
    let mut leader = f
        .tasks()
        .tasks(&f.tasks().token_for(&f.inspector, Role::Leader, None))
        .await;
    let (mut completed, mut on_time) = (0_u64, 0_u64);
    for (id, due) in ids {
        if random.below(3) == 0 {
            continue;
        }
        plans
            .start_task(tpb::StartTaskRequest {
                id: id.clone(),
                ..Default::default()
            })
            .await
            .expect("start");
        plans
            .submit_task(tpb::SubmitTaskRequest {
                id: id.clone(),
                ..Default::default()
            })
            .await
            .expect("submit");
        leader
            .approve_task(tpb::ApproveTaskRequest {
                id,
                ..Default::default()
            })
            .await
            .expect("approve");
        completed += 1;
        if due == "2023-12-31" {
            on_time += 1;
        }
    }
    let mut expected = BTreeMap::new();
    expected.insert("tasks.total".to_owned(), total as f64);
    expected.insert("tasks.completed".to_owned(), completed as f64);
    if completed > 0 {
        expected.insert(
            "tasks.on_time_rate".to_owned(),
            (on_time as f64 * 1000.0 / completed as f64).round() / 10.0,
        );
    }
    expected
}
