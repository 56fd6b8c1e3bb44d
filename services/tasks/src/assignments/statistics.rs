//! Plan statistics, counted by the database (GROUP BY and COUNT), never by loading tasks.

use qinglian_api::tasks::v1::{self as pb, TaskState};
use qinglian_kit::auth::Caller;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

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

impl Assignments {
    /// Counts of the tasks in `scope` that the caller may read, as of the service clock's today.
    pub async fn plan_statistics(
        &self,
        caller: &Caller,
        scope: &StatisticsScope,
    ) -> Result<pb::PlanStatistics, TasksError> {
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
        let by_state: Vec<(i32, i64)> = grouped(conn, &condition, task::Column::State).await?;
        let by_category = grouped(conn, &condition, task::Column::Category).await?;
        let by_lead_unit = grouped(conn, &condition, task::Column::LeadUnitId).await?;
        let completed = task::Column::State.eq(TaskState::Completed as i32);
        let count = |extra: Condition| {
            task::Entity::find()
                .filter(condition.clone())
                .filter(extra)
                .count(conn)
        };
        let on_time = count(
            Condition::all()
                .add(completed.clone())
                .add(Expr::col(task::Column::CompletedDate).lte(Expr::col(task::Column::DueDate))),
        )
        .await?;
        let late = count(
            Condition::all()
                .add(completed)
                .add(Expr::col(task::Column::CompletedDate).gt(Expr::col(task::Column::DueDate))),
        )
        .await?;
        let overdue = count(
            Condition::all().add(task::Column::DueDate.lt(today)).add(
                task::Column::State
                    .is_not_in([TaskState::Completed as i32, TaskState::Cancelled as i32]),
            ),
        )
        .await?;
        let extended = count(Condition::all().add(task::Column::Extended.eq(true))).await?;
        let to_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let state_counts = by_state
            .into_iter()
            .map(|(state, count)| pb::KeyedCount {
                key: TaskState::try_from(state)
                    .map_or("TASK_STATE_UNSPECIFIED", |s| s.as_str_name())
                    .to_owned(),
                count,
            })
            .collect::<Vec<_>>();
        let total = state_counts.iter().map(|c| c.count).sum();
        let decided = on_time + late;
        Ok(pb::PlanStatistics {
            total,
            by_state: state_counts,
            by_category: keyed(by_category),
            by_lead_unit: keyed(by_lead_unit),
            completed_on_time: to_i64(on_time),
            completed_late: to_i64(late),
            overdue: to_i64(overdue),
            extended: to_i64(extended),
            on_time_rate: if decided == 0 {
                0.0
            } else {
                on_time as f64 / decided as f64
            },
            as_of_date: today.format("%Y-%m-%d").to_string(),
        })
    }
}

/// `SELECT column, COUNT(*) … GROUP BY column`, ordered by key.
async fn grouped<K: sea_orm::TryGetable + Ord>(
    conn: &impl ConnectionTrait,
    condition: &Condition,
    column: task::Column,
) -> Result<Vec<(K, i64)>, TasksError> {
    let mut rows: Vec<(K, i64)> = task::Entity::find()
        .select_only()
        .column(column)
        .column_as(Expr::col(task::Column::Id).count(), "count")
        .filter(condition.clone())
        .group_by(column)
        .into_tuple()
        .all(conn)
        .await?;
    rows.sort();
    Ok(rows)
}

fn keyed(rows: Vec<(String, i64)>) -> Vec<pb::KeyedCount> {
    rows.into_iter()
        .map(|(key, count)| pb::KeyedCount { key, count })
        .collect()
}
