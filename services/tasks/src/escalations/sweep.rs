//! The sweep: reads open tasks near or past their due date in keyset batches (memory stays flat however
//! many tasks there are), decides each one's level, and raises the escalations not yet raised, one
//! transaction per batch. Mutations are serialised, and inside each the task's level and the existing
//! escalations are read again, so two sweeps at once (two replicas) never raise the same (task, level)
//! twice; a unique index on (task, level) guarantees it regardless.

use chrono::{Duration, NaiveDate};
use qinglian_api::tasks::v1::{self as pb, TaskState, WarningLevel};
use qinglian_kit::auth::Caller;
use qinglian_store::{Actor, Begun, Change, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::policy::Thresholds;
use super::{ESCALATION, Escalations};
use crate::assignments::party_organisation_above;
use crate::conversions::any;
use crate::entities::{escalation, escalation_recipient, task, unit};
use crate::error::TasksError;

/// Tasks read per batch.
const BATCH: u64 = 500;

/// What a sweep did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepOutcome {
    /// Open tasks examined.
    pub tasks_examined: u64,
    /// Escalations raised.
    pub escalations_raised: u64,
    /// The day judged.
    pub as_of: NaiveDate,
}

/// The level a task with `due_date` has reached on `today`.
pub fn level_on(today: NaiveDate, due_date: NaiveDate, thresholds: Thresholds) -> WarningLevel {
    let days_left = (due_date - today).num_days();
    if days_left < 0 {
        WarningLevel::Red
    } else if days_left <= thresholds.yellow_days {
        WarningLevel::Yellow
    } else if days_left <= thresholds.green_days {
        WarningLevel::Green
    } else {
        WarningLevel::Unspecified
    }
}

impl Escalations {
    /// Sweeps every open task as of the service clock's today.
    pub async fn sweep(&self, caller: &Caller) -> Result<SweepOutcome, TasksError> {
        let conn = self.store.conn();
        let today = self.clock.today();
        let policies = self.policies(conn).await?;
        let horizon = today + Duration::days(policies.widest_green());
        let mut outcome = SweepOutcome {
            tasks_examined: 0,
            escalations_raised: 0,
            as_of: today,
        };
        let mut after = String::new();
        loop {
            let batch: Vec<(String, String, NaiveDate, i32)> = task::Entity::find()
                .select_only()
                .columns([
                    task::Column::Id,
                    task::Column::PlanId,
                    task::Column::DueDate,
                    task::Column::WarningLevel,
                ])
                .filter(task::Column::Id.gt(after.clone()))
                .filter(task::Column::State.is_in([
                    TaskState::Assigned as i32,
                    TaskState::InProgress as i32,
                    TaskState::Submitted as i32,
                    TaskState::Returned as i32,
                ]))
                .filter(task::Column::DueDate.lte(horizon))
                .filter(task::Column::WarningLevel.lt(WarningLevel::Red as i32))
                .order_by_asc(task::Column::Id)
                .limit(BATCH)
                .into_tuple()
                .all(conn)
                .await?;
            let Some(last) = batch.last() else { break };
            after = last.0.clone();
            outcome.tasks_examined += batch.len() as u64;
            let due: Vec<(String, WarningLevel)> = batch
                .into_iter()
                .filter_map(|(id, plan_id, due_date, current)| {
                    let level = level_on(today, due_date, policies.of(&plan_id));
                    (level as i32 > current).then_some((id, level))
                })
                .collect();
            if !due.is_empty() {
                outcome.escalations_raised += self.raise(caller, today, &due).await?;
            }
        }
        Ok(outcome)
    }

    /// Raises `due` (task, level) pairs in one mutation; returns how many were raised.
    async fn raise(
        &self,
        caller: &Caller,
        today: NaiveDate,
        due: &[(String, WarningLevel)],
    ) -> Result<u64, TasksError> {
        let actor = Actor {
            subject: caller.subject.clone(),
            role: caller.role.to_string(),
        };
        let context = MutationContext::new(
            actor,
            "/qinglian.tasks.v1.EscalationService/RunSweep",
            "",
            &pb::RunSweepRequest {},
        )?;
        let mut mutation = match self.store.begin::<u64>(context).await? {
            Begun::Replayed(count) => return Ok(count),
            Begun::Fresh(mutation) => mutation,
        };
        let mut raised = 0;
        for (task_id, level) in due {
            let txn = mutation.txn();
            let Some(task) = task::Entity::find_by_id(task_id.clone()).one(txn).await? else {
                continue;
            };
            let already = escalation::Entity::find()
                .filter(escalation::Column::TaskId.eq(task_id.clone()))
                .filter(escalation::Column::Level.eq(*level as i32))
                .count(txn)
                .await?;
            if task.warning_level >= *level as i32 || already > 0 {
                continue;
            }
            let recipients = recipients(txn, &task, *level).await?;
            let raised_now = escalation::Model {
                id: uuid::Uuid::now_v7().to_string(),
                task_id: task_id.clone(),
                level: *level as i32,
                recipient_ids: recipients.join(","),
                raise_date: today,
                due_date: task.due_date,
                days_left: i32::try_from((task.due_date - today).num_days()).unwrap_or(i32::MIN),
                acknowledged: false,
                acknowledged_by: String::new(),
                acknowledge_time: None,
                version: 1,
                create_time: mutation.now(),
            };
            escalation::ActiveModel::from(raised_now.clone())
                .insert(txn)
                .await?;
            for person_id in &recipients {
                escalation_recipient::ActiveModel {
                    escalation_id: Set(raised_now.id.clone()),
                    person_id: Set(person_id.clone()),
                }
                .insert(txn)
                .await?;
            }
            task::Entity::update_many()
                .col_expr(task::Column::WarningLevel, Expr::value(*level as i32))
                .col_expr(
                    task::Column::Version,
                    Expr::col(task::Column::Version).add(1),
                )
                .filter(task::Column::Id.eq(task_id.clone()))
                .exec(txn)
                .await?;
            mutation
                .record(Change::created(
                    ESCALATION,
                    &raised_now.id,
                    &raised_now,
                    any(&pb::Escalation::from(&raised_now)),
                ))
                .await?;
            raised += 1;
        }
        mutation.commit(&raised).await?;
        Ok(raised)
    }
}

/// GREEN: the handler. YELLOW: the handler and the responsible leader. RED: the lead unit's head and
/// the secretary of the Party organisation above it. People not on record are skipped.
async fn recipients(
    conn: &impl ConnectionTrait,
    task: &task::Model,
    level: WarningLevel,
) -> Result<Vec<String>, TasksError> {
    let mut people: Vec<Option<String>> = Vec::new();
    match level {
        WarningLevel::Green => people.push(task.handler_id.clone()),
        WarningLevel::Yellow => {
            people.push(task.handler_id.clone());
            people.push(task.responsible_leader_id.clone());
        }
        WarningLevel::Red => {
            if let Some(lead) = unit::Entity::find_by_id(task.lead_unit_id.clone())
                .one(conn)
                .await?
            {
                people.push(lead.head_id.clone());
                if let Some(organisation) = party_organisation_above(conn, &lead).await? {
                    people.push(organisation.head_id.clone());
                }
            }
        }
        WarningLevel::Unspecified => {}
    }
    let mut ids: Vec<String> = Vec::new();
    for id in people.into_iter().flatten() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_thresholds() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date");
        let t = Thresholds {
            green_days: 20,
            yellow_days: 10,
        };
        let due = day("2023-06-30");
        assert_eq!(
            level_on(day("2023-06-09"), due, t),
            WarningLevel::Unspecified
        );
        assert_eq!(level_on(day("2023-06-10"), due, t), WarningLevel::Green);
        assert_eq!(level_on(day("2023-06-20"), due, t), WarningLevel::Yellow);
        assert_eq!(level_on(day("2023-06-30"), due, t), WarningLevel::Yellow);
        assert_eq!(level_on(day("2023-07-01"), due, t), WarningLevel::Red);
    }
}
