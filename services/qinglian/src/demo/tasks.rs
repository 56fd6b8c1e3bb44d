//! The year's plan, 《市2023年全面从严治党党风廉政建设和反腐败工作主要任务分工方案》, issued by the organ:
//! its tasks drafted and published, then worked by their handlers (clerks of the lead unit) and
//! reviewed by their responsible leaders through the real transitions: one returned and redone, one
//! extended, one finished late, one still open at the end of the year. And the lecture duty of the
//! liaison links (挂点联系上党课): every leader gives at least one party lecture a year at each branch
//! they are linked to; three leaders record theirs, the fourth does not and is shown behind.

use anyhow::Context;
use qinglian_api::tasks::v1::duty_service_client::DutyServiceClient;
use qinglian_api::tasks::v1::task_service_client::TaskServiceClient;
use qinglian_api::tasks::v1::{self as pb, duty_rule};
use qinglian_kit::auth::Role;

use super::directory::liaison_links;
use super::plan::{Planned, Step, plan};
use super::{Organisation, Session, YEAR, evidence, required, rid};

/// The plan's title, as issued.
pub const PLAN_TITLE: &str = "市2023年全面从严治党党风廉政建设和反腐败工作主要任务分工方案";

/// Records the plan, publishes it and works its tasks through the year.
pub async fn load(session: &Session, org: &Organisation) -> anyhow::Result<()> {
    session.on("2023-02-20")?;
    let mut admin = TaskServiceClient::with_interceptor(session.tasks(), session.admin()?);
    let created = admin
        .create_plan(pb::CreatePlanRequest {
            plan: Some(pb::Plan {
                year: YEAR,
                title: PLAN_TITLE.to_owned(),
                issuing_unit_id: org.organ.clone(),
                kind: pb::PlanKind::TaskDivision as i32,
                ..Default::default()
            }),
            request_id: rid("plan"),
        })
        .await
        .context("create the plan")?;
    let plan_id = required(created.into_inner().plan, "plan")?.id;
    let planned = plan(org);
    let mut ids = Vec::new();
    for task in &planned {
        let created = admin
            .create_task(pb::CreateTaskRequest {
                task: Some(pb::Task {
                    plan_id: plan_id.clone(),
                    code: task.code.to_owned(),
                    title: task.title.to_owned(),
                    category: task.category.to_owned(),
                    lead_unit_id: task.lead_unit.clone(),
                    cooperating_unit_ids: task.cooperating.clone(),
                    responsible_leader_id: task.leader.clone(),
                    handler_id: task.handler.clone(),
                    due_date: task.due.to_owned(),
                    accountabilities: task.accountabilities.iter().map(|a| *a as i32).collect(),
                    ..Default::default()
                }),
                request_id: rid(&format!("task-{}", task.code)),
            })
            .await
            .with_context(|| format!("create task {}", task.code))?;
        ids.push(required(created.into_inner().task, "task")?.id);
    }
    session.on("2023-02-28")?;
    admin
        .publish_plan(pb::PublishPlanRequest {
            id: plan_id,
            etag: String::new(),
            request_id: rid("plan-publish"),
        })
        .await
        .context("publish the plan")?;
    for (task, id) in planned.iter().zip(&ids) {
        work(session, task, id)
            .await
            .with_context(|| format!("task {}", task.code))?;
    }
    Ok(())
}

/// Walks one task through its steps, each by whoever takes it.
async fn work(session: &Session, task: &Planned, id: &str) -> anyhow::Result<()> {
    let handler = session.caller(&task.handler, Role::Clerk, Some(&task.lead_unit))?;
    let mut handler = TaskServiceClient::with_interceptor(session.tasks(), handler);
    let leader = session.caller(&task.leader, Role::Leader, None)?;
    let mut leader = TaskServiceClient::with_interceptor(session.tasks(), leader);
    for (n, step) in task.steps.iter().enumerate() {
        let key = |what: &str| rid(&format!("task-{}-{n}-{what}", task.code));
        let id = id.to_owned();
        match step {
            Step::Start(day) => {
                session.on(day)?;
                let request_id = key("start");
                handler
                    .start_task(pb::StartTaskRequest {
                        id,
                        etag: String::new(),
                        request_id,
                    })
                    .await?;
            }
            Step::Progress(day, percent, text, file) => {
                session.on(day)?;
                handler
                    .report_progress(pb::ReportProgressRequest {
                        task_id: id,
                        text: (*text).to_owned(),
                        percent: *percent,
                        evidence: vec![evidence(file, day)],
                        request_id: key("progress"),
                    })
                    .await?;
            }
            Step::Extend(day, due, reason) => {
                session.on(day)?;
                let asked = handler
                    .request_extension(pb::RequestExtensionRequest {
                        task_id: id,
                        requested_due_date: (*due).to_owned(),
                        reason: (*reason).to_owned(),
                        request_id: key("extension"),
                    })
                    .await?;
                let extension = required(asked.into_inner().extension, "extension")?;
                leader
                    .decide_extension(pb::DecideExtensionRequest {
                        id: extension.id,
                        approve: true,
                        reason: "同意延期，整改与制度修订一并完成".to_owned(),
                        request_id: key("extension-decision"),
                    })
                    .await?;
            }
            Step::Submit(day) => {
                session.on(day)?;
                let request_id = key("submit");
                handler
                    .submit_task(pb::SubmitTaskRequest {
                        id,
                        etag: String::new(),
                        request_id,
                    })
                    .await?;
            }
            Step::Return(day, reason) => {
                session.on(day)?;
                leader
                    .return_task(pb::ReturnTaskRequest {
                        id,
                        reason: (*reason).to_owned(),
                        etag: String::new(),
                        request_id: key("return"),
                    })
                    .await?;
            }
            Step::Approve(day) => {
                session.on(day)?;
                let request_id = key("approve");
                leader
                    .approve_task(pb::ApproveTaskRequest {
                        id,
                        etag: String::new(),
                        request_id,
                    })
                    .await?;
            }
        }
    }
    Ok(())
}

/// The lectures given: the link's index in [`liaison_links`], the day and the topic.
const LECTURES: [(usize, &str, &str); 3] = [
    (
        1,
        "2023-04-18",
        "学习贯彻党的二十大精神专题宣讲：踔厉奋发、勇毅前行",
    ),
    (
        0,
        "2023-06-29",
        "庆祝建党102周年专题党课：以党的二十大精神引领模范机关建设",
    ),
    (
        2,
        "2023-11-16",
        "主题教育专题党课：以学铸魂、以学增智、以学正风、以学促干",
    ),
];

/// Records the duty rule and the lectures given against it.
pub async fn load_duties(session: &Session, org: &Organisation) -> anyhow::Result<()> {
    session.on("2023-03-01")?;
    let mut admin = DutyServiceClient::with_interceptor(session.tasks(), session.admin()?);
    let created = admin
        .create_duty_rule(pb::CreateDutyRuleRequest {
            duty_rule: Some(pb::DutyRule {
                unit_id: org.organ.clone(),
                title: "机关领导挂点联系基层党支部宣讲理论、上党课".to_owned(),
                activity: "党课".to_owned(),
                activity_kind: pb::DutyActivityKind::PartyLecture as i32,
                schedule: Some(duty_rule::Schedule::Quota(pb::DutyQuota {
                    period: pb::DutyFrequency::Yearly as i32,
                    min_count: 1,
                    start_date: "2023-01-01".to_owned(),
                    end_date: String::new(),
                })),
                subject_selector: pb::DutySubjectSelector::LiaisonLinks as i32,
                ..Default::default()
            }),
            request_id: rid("duty-lecture"),
        })
        .await
        .context("create the lecture duty")?;
    let rule_id = required(created.into_inner().duty_rule, "duty rule")?.id;
    let links = liaison_links(org);
    for (link, day, topic) in LECTURES {
        let (leader, branch) = links[link];
        session.on(day)?;
        // Leaders record the lectures of their own links.
        let caller = session.caller(leader, Role::Leader, None)?;
        DutyServiceClient::with_interceptor(session.tasks(), caller)
            .record_fulfilment(pb::RecordFulfilmentRequest {
                fulfilment: Some(pb::Fulfilment {
                    rule_id: rule_id.clone(),
                    subject: Some(pb::DutySubject {
                        person_id: leader.clone(),
                        unit_id: branch.clone(),
                    }),
                    date: day.to_owned(),
                    note: topic.to_owned(),
                    evidence: vec![evidence("党课记录.pdf", day)],
                    ..Default::default()
                }),
                request_id: rid(&format!("lecture-{link}")),
            })
            .await
            .with_context(|| format!("record the lecture of {day}"))?;
    }
    Ok(())
}
