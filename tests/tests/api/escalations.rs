//! The escalation ladder walked day by day on a fixed clock; concurrent sweeps; acknowledgement.

use std::time::Duration;

use qinglian_api::common::v1 as cpb;
use qinglian_api::common::v1::WarningLevel;
use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tokio_stream::StreamExt;
use tonic::Code;

use super::common::expect_code;
use super::tasks::{at, bureau, create_task, published_plan, task};

async fn the_ladder_raises_each_level_once_to_the_right_people(db: TestDatabase) {
    let clock = Clock::fixed(at("2023-06-01T01:00:00Z"));
    let cluster = Cluster::on(db).clock(clock.clone()).start().await;
    let tasks = &cluster.tasks;
    let b = bureau(tasks).await;
    // The office's head receives RED with the Party secretary, besides those warned before.
    let mut directory = tasks.admin_directory().await;
    let mut office = b.office.clone();
    office.head_id = b.other_leader.id.clone();
    directory
        .update_unit(pb::UpdateUnitRequest {
            unit: Some(office),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["head_id".into()],
            }),
            request_id: String::new(),
        })
        .await
        .expect("office head");
    let admin_token = tasks.token(Role::Admin);
    let mut admin = tasks.tasks(&admin_token).await;
    let mut ladder = tasks.escalations(&admin_token).await;
    let plan = published_plan(&mut admin, &b.organ.id, 2023).await;
    let t = create_task(&mut admin, task(&plan, &b, "1", "2023-06-30")).await;
    let mut events = tasks.events(&tasks.token(Role::Service)).await;
    let mut stream = events
        .watch_events(cpb::WatchEventsRequest {
            after_sequence: 0,
            resource_types: vec!["qinglian.tasks.v1.Escalation".into()],
        })
        .await
        .expect("watch")
        .into_inner();

    // Walk 35 days, sweeping once a day (twice on some days: a repeat raises nothing).
    let mut raised_on = Vec::new();
    for day in 0..35 {
        let outcome = ladder
            .run_sweep(pb::RunSweepRequest {})
            .await
            .expect("sweep")
            .into_inner();
        if outcome.escalations_raised > 0 {
            raised_on.push((outcome.as_of_date.clone(), outcome.escalations_raised));
        }
        if day % 7 == 0 {
            let again = ladder
                .run_sweep(pb::RunSweepRequest {})
                .await
                .expect("sweep")
                .into_inner();
            assert_eq!(
                again.escalations_raised, 0,
                "a repeated sweep raises nothing"
            );
        }
        clock.advance(chrono::Duration::days(1));
    }
    assert_eq!(
        raised_on,
        [
            ("2023-06-10".to_owned(), 1),
            ("2023-06-20".to_owned(), 1),
            ("2023-07-01".to_owned(), 1)
        ]
    );
    let all = ladder
        .list_escalations(pb::ListEscalationsRequest {
            filter: format!("task_id = \"{}\"", t.id),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .escalations;
    let levels: Vec<(i32, Vec<String>, i32)> = all
        .iter()
        .map(|e| (e.level, e.recipient_ids.clone(), e.days_left))
        .collect();
    assert_eq!(
        levels,
        [
            (WarningLevel::Green as i32, vec![b.handler.id.clone()], 20),
            (
                WarningLevel::Yellow as i32,
                vec![b.handler.id.clone(), b.leader.id.clone()],
                10
            ),
            (
                WarningLevel::Red as i32,
                vec![
                    b.handler.id.clone(),
                    b.leader.id.clone(),
                    b.other_leader.id.clone(),
                    b.secretary.id.clone()
                ],
                -1
            ),
        ]
    );
    let current = admin
        .get_task(pb::GetTaskRequest { id: t.id.clone() })
        .await
        .expect("task")
        .into_inner()
        .task
        .expect("task");
    assert_eq!(current.warning_level, WarningLevel::Red as i32);
    let red_only = admin
        .list_tasks(pb::ListTasksRequest {
            filter: "warning_level = WARNING_LEVEL_RED".into(),
            ..Default::default()
        })
        .await
        .expect("filter")
        .into_inner()
        .tasks;
    assert_eq!(red_only.len(), 1);

    // Pushed to subscribers.
    for expected in [WarningLevel::Green, WarningLevel::Yellow, WarningLevel::Red] {
        let event = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .expect("event in time")
            .expect("open")
            .expect("event")
            .event
            .expect("event");
        assert_eq!(event.event_type, "qinglian.tasks.v1.Escalation.created");
        let escalation: pb::Escalation =
            prost::Message::decode(event.resource.expect("resource").value.as_slice())
                .expect("decode");
        assert_eq!(escalation.level, expected as i32);
    }

    // Recipients see and acknowledge their own; others cannot.
    let mut leader = tasks
        .escalations(&tasks.token_for(&b.leader.id, Role::Leader, None))
        .await;
    let mine = leader
        .list_escalations(pb::ListEscalationsRequest::default())
        .await
        .expect("mine")
        .into_inner()
        .escalations;
    assert_eq!(
        mine.iter().map(|e| e.level).collect::<Vec<_>>(),
        [WarningLevel::Yellow as i32, WarningLevel::Red as i32]
    );
    let mut office_head = tasks
        .escalations(&tasks.token_for(&b.other_leader.id, Role::Leader, None))
        .await;
    expect_code(
        office_head
            .acknowledge_escalation(pb::AcknowledgeEscalationRequest {
                id: all[1].id.clone(),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );
    let acknowledged = leader
        .acknowledge_escalation(pb::AcknowledgeEscalationRequest {
            id: mine[0].id.clone(),
            request_id: String::new(),
        })
        .await
        .expect("ack")
        .into_inner()
        .escalation
        .expect("escalation");
    assert!(acknowledged.acknowledged);
    assert_eq!(acknowledged.acknowledged_by, b.leader.id);
    let open = ladder
        .list_escalations(pb::ListEscalationsRequest {
            filter: "acknowledged = false".into(),
            ..Default::default()
        })
        .await
        .expect("open")
        .into_inner()
        .escalations;
    assert_eq!(open.len(), 2);
    let mut viewer = tasks.escalations(&tasks.token(Role::Viewer)).await;
    expect_code(
        viewer.run_sweep(pb::RunSweepRequest {}).await,
        Code::PermissionDenied,
    );
    cluster.stop().await.expect("stop");
}

async fn concurrent_sweeps_raise_nothing_twice_and_policies_move_the_ladder(db: TestDatabase) {
    let clock = Clock::fixed(at("2023-06-01T01:00:00Z"));
    let cluster = Cluster::on(db).clock(clock.clone()).start().await;
    let tasks = &cluster.tasks;
    let b = bureau(tasks).await;
    let admin_token = tasks.token(Role::Admin);
    let mut admin = tasks.tasks(&admin_token).await;
    let ladder = tasks.escalations(&admin_token).await;
    let plan = published_plan(&mut admin, &b.organ.id, 2023).await;
    for i in 0..30 {
        create_task(&mut admin, task(&plan, &b, &i.to_string(), "2023-06-05")).await;
    }
    // Two sweeps at once (as two replicas would) raise each (task, level) once.
    let sweeps: Vec<_> = (0..2)
        .map(|_| {
            let mut ladder = ladder.clone();
            tokio::spawn(async move { ladder.run_sweep(pb::RunSweepRequest {}).await })
        })
        .collect();
    let mut raised = 0;
    for sweep in sweeps {
        raised += sweep
            .await
            .expect("join")
            .expect("sweep")
            .into_inner()
            .escalations_raised;
    }
    assert_eq!(raised, 30);
    let mut ladder = ladder;
    let all = ladder
        .list_escalations(pb::ListEscalationsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .escalations;
    assert_eq!(all.len(), 30);
    assert!(all.iter().all(|e| e.level == WarningLevel::Yellow as i32));

    // A plan policy with tighter thresholds: 5 → GREEN, 2 → YELLOW.
    let other = published_plan(&mut admin, &b.organ.id, 2023).await;
    let bad = ladder
        .set_escalation_policy(pb::SetEscalationPolicyRequest {
            policy: Some(pb::EscalationPolicy {
                plan_id: other.id.clone(),
                green_days: 2,
                yellow_days: 5,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await;
    expect_code(bad, Code::InvalidArgument);
    ladder
        .set_escalation_policy(pb::SetEscalationPolicyRequest {
            policy: Some(pb::EscalationPolicy {
                plan_id: other.id.clone(),
                green_days: 5,
                yellow_days: 2,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("policy");
    let policy = ladder
        .get_escalation_policy(pb::GetEscalationPolicyRequest {
            plan_id: other.id.clone(),
        })
        .await
        .expect("get policy")
        .into_inner()
        .policy
        .expect("policy");
    assert_eq!((policy.green_days, policy.yellow_days), (5, 2));
    let global = ladder
        .get_escalation_policy(pb::GetEscalationPolicyRequest {
            plan_id: String::new(),
        })
        .await
        .expect("global")
        .into_inner()
        .policy
        .expect("policy");
    assert_eq!((global.green_days, global.yellow_days), (20, 10));
    assert_eq!(
        (policy.source(), global.source()),
        (pb::PolicySource::Plan, pb::PolicySource::Defaults)
    );
    let elsewhere = ladder
        .get_escalation_policy(pb::GetEscalationPolicyRequest {
            plan_id: plan.id.clone(),
        })
        .await
        .expect("a plan without its own policy")
        .into_inner()
        .policy
        .expect("policy");
    assert_eq!(elsewhere.source(), pb::PolicySource::Defaults);
    expect_code(
        ladder
            .get_escalation_policy(pb::GetEscalationPolicyRequest {
                plan_id: "no-such-plan".into(),
            })
            .await,
        Code::InvalidArgument,
    );
    let t = create_task(&mut admin, task(&other, &b, "x", "2023-06-10")).await;
    let first = ladder
        .run_sweep(pb::RunSweepRequest {})
        .await
        .expect("sweep")
        .into_inner();
    assert_eq!(
        first.escalations_raised, 0,
        "9 days left is not yet GREEN under this plan's policy"
    );
    clock.set(at("2023-06-05T01:00:00Z"));
    ladder
        .run_sweep(pb::RunSweepRequest {})
        .await
        .expect("sweep");
    let levels: Vec<i32> = ladder
        .list_escalations(pb::ListEscalationsRequest {
            filter: format!("task_id = \"{}\"", t.id),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .escalations
        .into_iter()
        .map(|e| e.level)
        .collect();
    assert_eq!(levels, [WarningLevel::Green as i32]);
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    the_ladder_raises_each_level_once_to_the_right_people,
    concurrent_sweeps_raise_nothing_twice_and_policies_move_the_ladder,
);
