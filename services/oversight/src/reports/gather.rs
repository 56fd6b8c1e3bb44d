//! Gathering a year of an organisation's records for its report: the task-assignment and
//! supervision-records services over gRPC (each call with a deadline), this service's own statistics
//! from its database. A peer that cannot be reached fails the report with UNAVAILABLE naming it, or,
//! when a partial report is allowed, leaves its sections missing.

use qinglian_api::common::v1::Figure;
use qinglian_api::supervision::v1::GetSupervisionStatisticsResponse;
use qinglian_api::tasks::v1::PlanStatistics;
use qinglian_domain::figures::{self, Source, count, percent};
use qinglian_kit::peers::PeerError;

use super::Reports;
use crate::error::OversightError;

const TASKS: Source = Source {
    service: "qinglian.tasks.v1",
    statistic: "tasks.by_plan",
    resource: "qinglian.tasks.v1.Task",
    list_method: "/qinglian.tasks.v1.TaskService/ListTasks",
};
const DUTIES: Source = Source {
    service: "qinglian.tasks.v1",
    statistic: "duties.compliance",
    resource: "qinglian.tasks.v1.DutyComplianceEntry",
    list_method: "",
};

/// The task part of a report: the plans the organisation issued for the year and their task counts.
#[derive(Clone, Debug, Default)]
pub struct TaskPart {
    /// Titles of the plans, e.g. 《市2023年全面从严治党…任务分工方案》.
    pub plans: Vec<String>,
    /// Task and duty figures.
    pub figures: Vec<Figure>,
}

/// Everything a report is written from.
#[derive(Clone, Debug, Default)]
pub struct Gathered {
    /// The organisation's name; empty when the directory could not be reached.
    pub organisation_name: String,
    /// The organisation and the units below it.
    pub unit_ids: Vec<String>,
    /// From the task-assignment service, unless missing.
    pub tasks: Option<TaskPart>,
    /// From the supervision-records service, unless missing.
    pub supervision: Option<GetSupervisionStatisticsResponse>,
    /// This service's figures.
    pub oversight: Vec<Figure>,
    /// The laws inspected in the year.
    pub laws: Vec<String>,
    /// Peers whose sections are missing.
    pub missing: Vec<String>,
}

/// Keeps a peer's answer, or records it missing when a partial report is allowed and it is down.
fn keep<T>(
    answer: Result<T, PeerError>,
    allow_partial: bool,
    missing: &mut Vec<String>,
) -> Result<Option<T>, OversightError> {
    match answer {
        Ok(value) => Ok(Some(value)),
        Err(PeerError::Unavailable { peer, .. }) if allow_partial => {
            if !missing.iter().any(|m| m == peer) {
                missing.push(peer.to_owned());
            }
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

fn plan_figures(plan_ids: &[String], totals: &PlanStatistics) -> Vec<Figure> {
    let plans = figures::any_of("plan_id", plan_ids);
    let completed = totals.completed_on_time + totals.completed_late;
    let completed_filter = format!("state = TASK_STATE_COMPLETED AND {plans}");
    let mut out = vec![
        TASKS.figure(
            "tasks.total".to_owned(),
            count(totals.total),
            "项",
            "分解任务".to_owned(),
            plans.clone(),
            &[],
        ),
        TASKS.figure(
            "tasks.completed".to_owned(),
            count(completed),
            "项",
            "已完成任务".to_owned(),
            completed_filter.clone(),
            &[],
        ),
    ];
    if let Some(rate) = percent(totals.completed_on_time, completed) {
        out.push(TASKS.figure(
            "tasks.on_time_rate".to_owned(),
            rate,
            "%",
            "按期完成率".to_owned(),
            completed_filter,
            &[],
        ));
    }
    out
}

impl Reports {
    /// Gathers `organisation_unit_id`'s records of `year`.
    pub(super) async fn gather(
        &self,
        organisation_unit_id: &str,
        year: i32,
        allow_partial: bool,
    ) -> Result<Gathered, OversightError> {
        let mut missing = Vec::new();
        let organisation_name = match self
            .directory
            .units(&[organisation_unit_id.to_owned()])
            .await
        {
            Err(PeerError::Missing { .. }) => {
                return Err(OversightError::invalid(
                    "organisation_unit_id",
                    "does not exist",
                ));
            }
            answer => keep(answer, allow_partial, &mut missing)?
                .and_then(|units| units.into_iter().next())
                .map(|unit| unit.name)
                .unwrap_or_default(),
        };
        let subtree = keep(
            self.directory.subtree(organisation_unit_id).await,
            allow_partial,
            &mut missing,
        )?;
        let unit_ids = subtree.unwrap_or_else(|| vec![organisation_unit_id.to_owned()]);
        let tasks = keep(
            self.task_part(organisation_unit_id, year).await,
            allow_partial,
            &mut missing,
        )?;
        let supervision = keep(
            self.supervision
                .statistics(organisation_unit_id, year)
                .await,
            allow_partial,
            &mut missing,
        )?;
        let (oversight, laws) = self.statistics.of(year, &unit_ids).await?;
        Ok(Gathered {
            organisation_name,
            unit_ids,
            tasks,
            supervision,
            oversight,
            laws,
            missing,
        })
    }

    /// The plans the organisation issued for `year`, their task counts, and its duty compliance.
    async fn task_part(
        &self,
        organisation_unit_id: &str,
        year: i32,
    ) -> Result<TaskPart, PeerError> {
        let plans = self.tasks.plans(organisation_unit_id, year).await?;
        let mut totals = PlanStatistics::default();
        for plan in &plans {
            let of_plan = self.tasks.plan_statistics(&plan.id).await?;
            totals.total += of_plan.total;
            totals.completed_on_time += of_plan.completed_on_time;
            totals.completed_late += of_plan.completed_late;
        }
        let mut part = TaskPart {
            plans: plans.iter().map(|plan| book_title(&plan.title)).collect(),
            figures: Vec::new(),
        };
        if !plans.is_empty() {
            let ids: Vec<String> = plans.iter().map(|plan| plan.id.clone()).collect();
            part.figures = plan_figures(&ids, &totals);
        }
        let duties = self.tasks.duties(organisation_unit_id, year).await?;
        if duties.expected > 0 {
            let filter = format!("unit_id = \"{organisation_unit_id}\" AND year = {year}");
            part.figures.push(DUTIES.figure(
                "duties.expected".to_owned(),
                count(duties.expected),
                "次",
                "应开展宣讲党课".to_owned(),
                filter.clone(),
                &[],
            ));
            part.figures.push(DUTIES.figure(
                "duties.delivered".to_owned(),
                count(duties.delivered),
                "次",
                "已开展宣讲党课".to_owned(),
                filter,
                &[],
            ));
        }
        Ok(part)
    }
}

/// A title in book-title marks, as the report quotes it.
fn book_title(title: &str) -> String {
    let title = title.trim();
    if title.starts_with('《') && title.ends_with('》') {
        title.to_owned()
    } else {
        format!("《{title}》")
    }
}
