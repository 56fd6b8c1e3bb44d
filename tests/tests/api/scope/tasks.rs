//! The task-assignment service: a token scoped to another organisation can neither change nor read the
//! bureau's units, people, portfolios, liaison links, plans, tasks, duties and escalations; its lists
//! show only its own subtree; the audit log is unchanged by every refused call. A token scoped to a
//! department sees the department, its tasks and the plans that hold them, and nothing above it.

use qinglian_api::tasks::v1::{self as pb, UnitKind, get_duty_compliance_request as compliance};
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;

use super::super::common::{create_person, create_unit};
use super::super::duties::builders::{fulfilment, pair, quota, rule};
use super::super::tasks::{at, bureau, create_plan, create_task, task};
use super::{
    assert_denied, assert_empty, audit_events, code, deployment_wide, every_rpc_is_named, listed,
};

/// A field mask of `paths`.
fn mask(paths: &[&str]) -> Option<prost_types::FieldMask> {
    Some(prost_types::FieldMask {
        paths: paths.iter().map(|p| (*p).to_owned()).collect(),
    })
}

async fn a_scoped_token_reaches_no_record_of_another_organisation(db: TestDatabase) {
    let cluster = Cluster::on(db)
        .clock(Clock::fixed(at("2023-06-01T09:00:00+08:00")))
        .start()
        .await;
    let tasks = &cluster.tasks;
    let b = bureau(tasks).await;
    let mut directory = tasks.admin_directory().await;
    let other = create_unit(&mut directory, UnitKind::Organ, "市审计局", None).await;
    let branch = create_unit(
        &mut directory,
        UnitKind::PartyBranch,
        "机关党支部",
        Some(&b.organ.id),
    )
    .await;
    directory
        .create_liaison_link(pb::CreateLiaisonLinkRequest {
            liaison_link: Some(pb::LiaisonLink {
                leader_id: b.leader.id.clone(),
                branch_id: branch.id.clone(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("liaison link");

    // The bureau's plans, tasks, duties and escalations, made by unscoped tokens.
    let admin = tasks.token(Role::Admin);
    let mut plans = tasks.tasks(&admin).await;
    let plan = create_plan(&mut plans, &b.organ.id, 2023).await;
    let draft_plan = create_plan(&mut plans, &b.organ.id, 2024).await;
    let first = create_task(&mut plans, task(&plan, &b, "1", "2023-06-10")).await;
    let plan = plans
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish")
        .into_inner()
        .plan
        .expect("plan");
    let clerk = tasks.tasks(&tasks.token(Role::Clerk)).await;
    let extension = clerk
        .clone()
        .request_extension(pb::RequestExtensionRequest {
            task_id: first.id.clone(),
            requested_due_date: "2023-07-31".into(),
            reason: "需协调多个科室".into(),
            request_id: String::new(),
        })
        .await
        .expect("extension")
        .into_inner()
        .extension
        .expect("extension");
    let mut escalations = tasks.escalations(&admin).await;
    escalations
        .run_sweep(pb::RunSweepRequest {})
        .await
        .expect("sweep");
    let escalation = escalations
        .list_escalations(pb::ListEscalationsRequest::default())
        .await
        .expect("escalations")
        .into_inner()
        .escalations
        .pop()
        .expect("the task due in nine days is warned of");
    let mut duties = tasks.duties(&admin).await;
    let lecture = duties
        .create_duty_rule(pb::CreateDutyRuleRequest {
            duty_rule: Some(rule(
                &b.organ,
                "到挂点支部讲党课",
                quota(pb::DutyFrequency::Yearly, 1, "2023-01-01"),
                pb::DutySubjectSelector::LiaisonLinks,
            )),
            request_id: String::new(),
        })
        .await
        .expect("duty rule")
        .into_inner()
        .duty_rule
        .expect("duty rule");
    duties
        .record_fulfilment(fulfilment(
            &lecture.id,
            pair(&b.leader, &branch),
            "2023-05-20",
        ))
        .await
        .expect("fulfilment");
    let before = audit_events(&mut tasks.audit(&tasks.token(Role::Admin)).await).await;

    // Tokens scoped to the other organisation, in roles that may otherwise do each thing.
    let scoped = |subject: &str, role| tasks.token_for(subject, role, Some(&other.id));
    let outside_admin = scoped("admin", Role::Admin);
    let mut directory = tasks.directory(&outside_admin).await;
    let mut plans = tasks.tasks(&outside_admin).await;
    let mut work = tasks.tasks(&scoped("clerk", Role::Clerk)).await;
    let mut review = tasks.tasks(&scoped(&b.leader.id, Role::Leader)).await;
    let mut duties = tasks.duties(&outside_admin).await;
    let mut recorder = tasks.duties(&scoped("clerk", Role::Clerk)).await;
    let mut escalations = tasks.escalations(&outside_admin).await;
    let unit_of = |name: &str, parent: &str| pb::Unit {
        kind: UnitKind::Department as i32,
        name: name.to_owned(),
        parent_id: parent.to_owned(),
        ..Default::default()
    };
    let denied = [
        (
            "CreateUnit",
            code(
                directory
                    .create_unit(pb::CreateUnitRequest {
                        unit: Some(unit_of("监察室", &b.organ.id)),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetUnit",
            code(
                directory
                    .get_unit(pb::GetUnitRequest {
                        id: b.office.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetUnit (of no record)",
            code(
                directory
                    .get_unit(pb::GetUnitRequest {
                        id: uuid::Uuid::now_v7().to_string(),
                    })
                    .await,
            ),
        ),
        (
            "UpdateUnit",
            code(
                directory
                    .update_unit(pb::UpdateUnitRequest {
                        unit: Some(pb::Unit {
                            id: b.office.id.clone(),
                            name: "综合办公室".into(),
                            ..Default::default()
                        }),
                        update_mask: mask(&["name"]),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "UpdateUnit (moving it under the outsider)",
            code(
                directory
                    .update_unit(pb::UpdateUnitRequest {
                        unit: Some(pb::Unit {
                            id: b.office.id.clone(),
                            parent_id: other.id.clone(),
                            ..Default::default()
                        }),
                        update_mask: mask(&["parent_id"]),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "DeleteUnit",
            code(
                directory
                    .delete_unit(pb::DeleteUnitRequest {
                        id: b.other_office.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "GetUnitTree",
            code(
                directory
                    .get_unit_tree(pb::GetUnitTreeRequest {
                        root_id: b.organ.id.clone(),
                        max_depth: 0,
                    })
                    .await,
            ),
        ),
        (
            "BatchGetUnits",
            code(
                directory
                    .batch_get_units(pb::BatchGetUnitsRequest {
                        ids: vec![other.id.clone(), b.office.id.clone()],
                    })
                    .await,
            ),
        ),
        (
            "CreatePerson",
            code(
                directory
                    .create_person(pb::CreatePersonRequest {
                        person: Some(pb::Person {
                            name: "新干部".into(),
                            unit_id: b.office.id.clone(),
                            position: "干部".into(),
                            ..Default::default()
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetPerson",
            code(
                directory
                    .get_person(pb::GetPersonRequest {
                        id: b.handler.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "UpdatePerson",
            code(
                directory
                    .update_person(pb::UpdatePersonRequest {
                        person: Some(pb::Person {
                            id: b.handler.id.clone(),
                            position: "科长".into(),
                            ..Default::default()
                        }),
                        update_mask: mask(&["position"]),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "DeletePerson",
            code(
                directory
                    .delete_person(pb::DeletePersonRequest {
                        id: b.other_leader.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "BatchGetPeople",
            code(
                directory
                    .batch_get_people(pb::BatchGetPeopleRequest {
                        ids: vec![b.handler.id.clone()],
                    })
                    .await,
            ),
        ),
        (
            "SetPortfolio",
            code(
                directory
                    .set_portfolio(pb::SetPortfolioRequest {
                        person_id: b.leader.id.clone(),
                        unit_ids: vec![b.other_office.id.clone()],
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "GetPortfolio",
            code(
                directory
                    .get_portfolio(pb::GetPortfolioRequest {
                        person_id: b.leader.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "CreateLiaisonLink",
            code(
                directory
                    .create_liaison_link(pb::CreateLiaisonLinkRequest {
                        liaison_link: Some(pb::LiaisonLink {
                            leader_id: b.other_leader.id.clone(),
                            branch_id: branch.id.clone(),
                            ..Default::default()
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "CreatePlan",
            code(
                plans
                    .create_plan(pb::CreatePlanRequest {
                        plan: Some(pb::Plan {
                            year: 2025,
                            title: "2025年任务分工方案".into(),
                            issuing_unit_id: b.organ.id.clone(),
                            kind: pb::PlanKind::TaskDivision as i32,
                            ..Default::default()
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetPlan",
            code(
                plans
                    .get_plan(pb::GetPlanRequest {
                        id: plan.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "PublishPlan",
            code(
                plans
                    .publish_plan(pb::PublishPlanRequest {
                        id: draft_plan.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "ArchivePlan",
            code(
                plans
                    .archive_plan(pb::ArchivePlanRequest {
                        id: plan.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "CreateTask",
            code(
                plans
                    .create_task(pb::CreateTaskRequest {
                        task: Some(task(&plan, &b, "2", "2023-09-30")),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "CreateTask (led from outside, helped by the bureau)",
            code(
                plans
                    .create_task(pb::CreateTaskRequest {
                        task: Some(pb::Task {
                            lead_unit_id: other.id.clone(),
                            ..task(&plan, &b, "3", "2023-09-30")
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetTask",
            code(
                plans
                    .get_task(pb::GetTaskRequest {
                        id: first.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "UpdateTask",
            code(
                plans
                    .update_task(pb::UpdateTaskRequest {
                        task: Some(pb::Task {
                            id: first.id.clone(),
                            title: "改写的任务".into(),
                            ..Default::default()
                        }),
                        update_mask: mask(&["title"]),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "DeleteTask",
            code(
                plans
                    .delete_task(pb::DeleteTaskRequest {
                        id: first.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "AssignTask",
            code(
                plans
                    .assign_task(pb::AssignTaskRequest {
                        id: first.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "StartTask",
            code(
                work.start_task(pb::StartTaskRequest {
                    id: first.id.clone(),
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "ReportProgress",
            code(
                work.report_progress(pb::ReportProgressRequest {
                    task_id: first.id.clone(),
                    text: "已召开专题会议".into(),
                    percent: 30,
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "ListProgressReports",
            code(
                work.list_progress_reports(pb::ListProgressReportsRequest {
                    task_id: first.id.clone(),
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "SubmitTask",
            code(
                work.submit_task(pb::SubmitTaskRequest {
                    id: first.id.clone(),
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "ApproveTask",
            code(
                review
                    .approve_task(pb::ApproveTaskRequest {
                        id: first.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "ReturnTask",
            code(
                review
                    .return_task(pb::ReturnTaskRequest {
                        id: first.id.clone(),
                        reason: "材料不全".into(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "CancelTask",
            code(
                plans
                    .cancel_task(pb::CancelTaskRequest {
                        id: first.id.clone(),
                        reason: "任务调整".into(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "RequestExtension",
            code(
                work.request_extension(pb::RequestExtensionRequest {
                    task_id: first.id.clone(),
                    requested_due_date: "2023-08-31".into(),
                    reason: "需协调多个科室".into(),
                    request_id: String::new(),
                })
                .await,
            ),
        ),
        (
            "DecideExtension",
            code(
                review
                    .decide_extension(pb::DecideExtensionRequest {
                        id: extension.id.clone(),
                        approve: true,
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "DecideExtension (as a scoped admin)",
            code(
                plans
                    .decide_extension(pb::DecideExtensionRequest {
                        id: extension.id.clone(),
                        approve: true,
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "ListExtensions",
            code(
                work.list_extensions(pb::ListExtensionsRequest {
                    task_id: first.id.clone(),
                    ..Default::default()
                })
                .await,
            ),
        ),
        (
            "GetResponsibilityChain",
            code(
                plans
                    .get_responsibility_chain(pb::GetResponsibilityChainRequest {
                        task_id: first.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "GetPlanStatistics",
            code(
                plans
                    .get_plan_statistics(pb::GetPlanStatisticsRequest {
                        plan_id: plan.id.clone(),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "GetPlanStatistics (of a unit's year)",
            code(
                plans
                    .get_plan_statistics(pb::GetPlanStatisticsRequest {
                        unit_id: b.organ.id.clone(),
                        year: 2023,
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "CreateDutyRule",
            code(
                duties
                    .create_duty_rule(pb::CreateDutyRuleRequest {
                        duty_rule: Some(rule(
                            &b.organ,
                            "支部每季度召开党员大会",
                            quota(pb::DutyFrequency::Quarterly, 1, "2023-01-01"),
                            pb::DutySubjectSelector::PartyBranches,
                        )),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetDutyRule",
            code(
                duties
                    .get_duty_rule(pb::GetDutyRuleRequest {
                        id: lecture.id.clone(),
                    })
                    .await,
            ),
        ),
        (
            "UpdateDutyRule",
            code(
                duties
                    .update_duty_rule(pb::UpdateDutyRuleRequest {
                        duty_rule: Some(pb::DutyRule {
                            id: lecture.id.clone(),
                            title: "讲专题党课".into(),
                            ..Default::default()
                        }),
                        update_mask: mask(&["title"]),
                        ..Default::default()
                    })
                    .await,
            ),
        ),
        (
            "RecordFulfilment",
            code(
                recorder
                    .record_fulfilment(fulfilment(
                        &lecture.id,
                        pair(&b.leader, &branch),
                        "2023-05-21",
                    ))
                    .await,
            ),
        ),
        (
            "GetDutyCompliance",
            code(
                duties
                    .get_duty_compliance(pb::GetDutyComplianceRequest {
                        target: Some(compliance::Target::RuleId(lecture.id.clone())),
                        span: Some(compliance::Span::Year(2023)),
                        as_of_date: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetDutyCompliance (of a unit)",
            code(
                duties
                    .get_duty_compliance(pb::GetDutyComplianceRequest {
                        target: Some(compliance::Target::UnitId(b.organ.id.clone())),
                        span: Some(compliance::Span::Year(2023)),
                        as_of_date: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "RunSweep",
            code(escalations.run_sweep(pb::RunSweepRequest {}).await),
        ),
        (
            "AcknowledgeEscalation",
            code(
                escalations
                    .acknowledge_escalation(pb::AcknowledgeEscalationRequest {
                        id: escalation.id.clone(),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "SetEscalationPolicy",
            code(
                escalations
                    .set_escalation_policy(pb::SetEscalationPolicyRequest {
                        policy: Some(pb::EscalationPolicy {
                            plan_id: plan.id.clone(),
                            green_days: 30,
                            yellow_days: 15,
                            ..Default::default()
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "SetEscalationPolicy (the global one)",
            code(
                escalations
                    .set_escalation_policy(pb::SetEscalationPolicyRequest {
                        policy: Some(pb::EscalationPolicy {
                            plan_id: String::new(),
                            green_days: 30,
                            yellow_days: 15,
                            ..Default::default()
                        }),
                        request_id: String::new(),
                    })
                    .await,
            ),
        ),
        (
            "GetEscalationPolicy",
            code(
                escalations
                    .get_escalation_policy(pb::GetEscalationPolicyRequest {
                        plan_id: plan.id.clone(),
                    })
                    .await,
            ),
        ),
    ];
    let lists = [
        (
            "ListPeople",
            listed(
                directory
                    .list_people(pb::ListPeopleRequest::default())
                    .await,
                |r| r.people.len(),
            ),
        ),
        (
            "ListLiaisonLinks",
            listed(
                directory
                    .list_liaison_links(pb::ListLiaisonLinksRequest::default())
                    .await,
                |r| r.liaison_links.len(),
            ),
        ),
        (
            "ListPlans",
            listed(
                plans.list_plans(pb::ListPlansRequest::default()).await,
                |r| r.plans.len(),
            ),
        ),
        (
            "ListTasks",
            listed(
                plans.list_tasks(pb::ListTasksRequest::default()).await,
                |r| r.tasks.len(),
            ),
        ),
        (
            "ListDutyRules",
            listed(
                duties
                    .list_duty_rules(pb::ListDutyRulesRequest::default())
                    .await,
                |r| r.duty_rules.len(),
            ),
        ),
        (
            "ListFulfilments",
            listed(
                duties
                    .list_fulfilments(pb::ListFulfilmentsRequest::default())
                    .await,
                |r| r.fulfilments.len(),
            ),
        ),
        (
            "ListEscalations",
            listed(
                escalations
                    .list_escalations(pb::ListEscalationsRequest::default())
                    .await,
                |r| r.escalations.len(),
            ),
        ),
    ];
    // The outsider's directory is its own unit alone.
    let units: Vec<String> = directory
        .list_units(pb::ListUnitsRequest::default())
        .await
        .expect("units")
        .into_inner()
        .units
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(units, vec![other.id.clone()], "ListUnits");
    let roots = directory
        .get_unit_tree(pb::GetUnitTreeRequest::default())
        .await
        .expect("tree")
        .into_inner()
        .roots;
    assert_eq!(roots.len(), 1, "GetUnitTree of the whole forest");
    assert_eq!(
        roots[0].unit.as_ref().map(|u| u.id.clone()),
        Some(other.id.clone())
    );
    assert!(roots[0].children.is_empty());
    let common = deployment_wide(tasks.addr, &outside_admin).await;
    assert_denied(&denied);
    assert_denied(&common);
    assert_empty(&lists);
    let named: Vec<&str> = denied
        .iter()
        .chain(&common)
        .map(|(rpc, _)| *rpc)
        .chain(lists.iter().map(|(rpc, _)| *rpc))
        .chain(["ListUnits"])
        .collect();
    every_rpc_is_named(
        &[
            "qinglian.tasks.v1.DirectoryService",
            "qinglian.tasks.v1.TaskService",
            "qinglian.tasks.v1.DutyService",
            "qinglian.tasks.v1.EscalationService",
            "qinglian.common.v1.AuditService",
            "qinglian.common.v1.EventService",
        ],
        &named,
    );
    assert_eq!(
        audit_events(&mut tasks.audit(&tasks.token(Role::Admin)).await).await,
        before,
        "a refused call wrote to the log"
    );

    // A clerk scoped to the office reads the office, its people, its task and the plan holding it,
    // and works on the task; it reaches nothing above the office.
    let office_clerk = tasks.token_for("clerk", Role::Clerk, Some(&b.office.id));
    let mut office = tasks.tasks(&office_clerk).await;
    let visible: Vec<String> = office
        .list_tasks(pb::ListTasksRequest::default())
        .await
        .expect("tasks")
        .into_inner()
        .tasks
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(visible, vec![first.id.clone()]);
    let visible_plans: Vec<String> = office
        .list_plans(pb::ListPlansRequest::default())
        .await
        .expect("plans")
        .into_inner()
        .plans
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(
        visible_plans,
        vec![plan.id.clone()],
        "the plan of its task only"
    );
    office
        .start_task(pb::StartTaskRequest {
            id: first.id.clone(),
            ..Default::default()
        })
        .await
        .expect("start inside the scope");
    let mut office_directory = tasks.directory(&office_clerk).await;
    let people: Vec<String> = office_directory
        .list_people(pb::ListPeopleRequest::default())
        .await
        .expect("people")
        .into_inner()
        .people
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(people, vec![b.handler.id.clone()]);
    assert_eq!(
        code(
            office_directory
                .get_unit(pb::GetUnitRequest {
                    id: b.organ.id.clone(),
                })
                .await
        ),
        tonic::Code::PermissionDenied,
        "the organ above the office"
    );
    create_person(&mut office_directory, "新干事", &b.office.id, false).await;
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(a_scoped_token_reaches_no_record_of_another_organisation);
