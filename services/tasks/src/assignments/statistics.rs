//! Plan statistics, counted by the database in one grouped pass over the tasks (GROUP BY state,
//! category and lead unit, with the on-time, late, overdue and extended counts as conditional sums),
//! then folded into the per-state, per-category and per-unit counts; never by loading tasks.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use qinglian_api::tasks::v1::TaskState;
use qinglian_kit::auth::Caller;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};

use super::Assignments;
use super::access::read_scope;
use crate::entities::{plan, task};
use crate::error::TasksError;

/// Which tasks to count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatisticsScope {
    /// The tasks of one plan.
    Plan(String),
    /// The tasks a unit leads in the plans of a year.
    UnitYear(String, i32),
}

/// The counts of the tasks in a scope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanStatistics {
    /// Tasks counted.
    pub total: i64,
    /// Per state, by state number ascending.
    pub by_state: Vec<(TaskState, i64)>,
    /// Per category, by category.
    pub by_category: Vec<(String, i64)>,
    /// Per lead unit id, by id.
    pub by_lead_unit: Vec<(String, i64)>,
    /// Completed on or before the due date in force.
    pub completed_on_time: i64,
    /// Completed after the due date in force.
    pub completed_late: i64,
    /// Open and past the due date as of `as_of`.
    pub overdue: i64,
    /// With an approved extension.
    pub extended: i64,
    /// The day overdue was judged on.
    pub as_of: NaiveDate,
}

impl PlanStatistics {
    /// On time over completed; 0 when nothing is completed.
    pub fn on_time_rate(&self) -> f64 {
        let decided = self.completed_on_time + self.completed_late;
        if decided == 0 {
            0.0
        } else {
            self.completed_on_time as f64 / decided as f64
        }
    }
}

/// One group of the pass: the tasks of one (state, category, lead unit).
type Group = (i32, String, String, i64, i64, i64, i64, i64);

impl Assignments {
    /// Counts of the tasks in `scope` that the caller may read, as of the service clock's today.
    pub async fn plan_statistics(
        &self,
        caller: &Caller,
        scope: &StatisticsScope,
    ) -> Result<PlanStatistics, TasksError> {
        let conn = self.store.conn();
        let mut condition = match scope {
            StatisticsScope::Plan(plan_id) => {
                if plan::Entity::find_by_id(plan_id.clone())
                    .one(conn)
                    .await?
                    .is_none()
                {
                    return Err(TasksError::not_found("plan", plan_id));
                }
                Condition::all().add(task::Column::PlanId.eq(plan_id.clone()))
            }
            StatisticsScope::UnitYear(unit_id, year) => Condition::all()
                .add(task::Column::LeadUnitId.eq(unit_id.clone()))
                .add(
                    task::Column::PlanId.in_subquery(
                        Query::select()
                            .column(plan::Column::Id)
                            .from(plan::Entity)
                            .and_where(Expr::col(plan::Column::Year).eq(*year))
                            .to_owned(),
                    ),
                ),
        };
        if let Some(visible) = read_scope(caller) {
            condition = condition.add(visible);
        }
        let today = self.clock.today();
        let completed = || task::Column::State.eq(TaskState::Completed as i32);
        let on_time = Condition::all()
            .add(completed())
            .add(Expr::col(task::Column::CompletedDate).lte(Expr::col(task::Column::DueDate)));
        let late = Condition::all()
            .add(completed())
            .add(Expr::col(task::Column::CompletedDate).gt(Expr::col(task::Column::DueDate)));
        let overdue = Condition::all().add(task::Column::DueDate.lt(today)).add(
            task::Column::State
                .is_not_in([TaskState::Completed as i32, TaskState::Cancelled as i32]),
        );
        let extended = Condition::all().add(task::Column::Extended.eq(true));
        let groups: Vec<Group> = task::Entity::find()
            .select_only()
            .column(task::Column::State)
            .column(task::Column::Category)
            .column(task::Column::LeadUnitId)
            .column_as(Expr::col(task::Column::Id).count(), "tasks")
            .column_as(counted(on_time), "on_time")
            .column_as(counted(late), "late")
            .column_as(counted(overdue), "overdue")
            .column_as(counted(extended), "extended")
            .filter(condition)
            .group_by(task::Column::State)
            .group_by(task::Column::Category)
            .group_by(task::Column::LeadUnitId)
            .into_tuple()
            .all(conn)
            .await?;
        Ok(fold(groups, today))
    }
}

/// `COALESCE(SUM(CASE WHEN condition THEN 1 ELSE 0 END), 0)`: a 64-bit count on both backends.
fn counted(condition: Condition) -> SimpleExpr {
    let sum = Func::sum(Expr::case(condition, 1).finally(0));
    Func::coalesce([SimpleExpr::from(sum), Expr::val(0)]).into()
}

/// The groups of the pass folded into the statistics.
fn fold(groups: Vec<Group>, as_of: NaiveDate) -> PlanStatistics {
    let mut by_state: BTreeMap<i32, i64> = BTreeMap::new();
    let mut by_category: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_lead_unit: BTreeMap<String, i64> = BTreeMap::new();
    let mut statistics = PlanStatistics {
        as_of,
        ..PlanStatistics::default()
    };
    for (state, category, lead_unit, tasks, on_time, late, overdue, extended) in groups {
        *by_state.entry(state).or_default() += tasks;
        *by_category.entry(category).or_default() += tasks;
        *by_lead_unit.entry(lead_unit).or_default() += tasks;
        statistics.total += tasks;
        statistics.completed_on_time += on_time;
        statistics.completed_late += late;
        statistics.overdue += overdue;
        statistics.extended += extended;
    }
    statistics.by_state = by_state
        .into_iter()
        .map(|(state, count)| {
            (
                TaskState::try_from(state).unwrap_or(TaskState::Unspecified),
                count,
            )
        })
        .collect();
    statistics.by_category = by_category.into_iter().collect();
    statistics.by_lead_unit = by_lead_unit.into_iter().collect();
    statistics
}
