//! The sweep over open tasks, the task side of the shared ladder. Candidates are the open tasks below
//! RED due within the widest GREEN threshold, read in keyset batches over task ids and judged by their
//! plan's thresholds; archived plans are skipped. A raise writes the escalation with its recipients, moves the task's warning level
//! and records the escalation for audit and outbox. The re-check inside the mutation keeps two sweeps at
//! once from raising a level twice; a unique index on (task, due date, level) guarantees it regardless.

use chrono::NaiveDate;
use qinglian_api::tasks::v1::{self as pb, PlanState, TaskState};
use qinglian_domain::deadlines::{self, Candidate, Ladder, Level, SweepOutcome, warnings};
use qinglian_kit::auth::Caller;
use qinglian_store::{Mutation, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::policy::Policies;
use super::{Escalations, TaskDeadline};
use crate::assignments::party_organisation_above;
use crate::entities::{plan, task, unit};
use crate::error::TasksError;

/// The ids of the archived plans, whose tasks are read only and never warned about.
fn archived_plans() -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(plan::Column::Id)
        .from(plan::Entity)
        .and_where(plan::Column::State.eq(PlanState::Archived as i32))
        .to_owned()
}

/// The open tasks of one sweep, judged by the policies loaded for it.
struct TaskLadder {
    policies: Policies,
}

impl Ladder for TaskLadder {
    type Error = TasksError;

    fn widest_green_days(&self) -> i64 {
        self.policies.widest_green()
    }

    async fn candidates(
        &self,
        conn: &DatabaseConnection,
        after: &str,
        horizon: NaiveDate,
        limit: u64,
    ) -> Result<Vec<Candidate>, TasksError> {
        let batch: Vec<(String, String, NaiveDate, i32)> = task::Entity::find()
            .select_only()
            .columns([
                task::Column::Id,
                task::Column::PlanId,
                task::Column::DueDate,
                task::Column::WarningLevel,
            ])
            .filter(task::Column::Id.gt(after.to_owned()))
            .filter(task::Column::State.is_in([
                TaskState::Assigned as i32,
                TaskState::InProgress as i32,
                TaskState::Submitted as i32,
                TaskState::Returned as i32,
            ]))
            .filter(task::Column::DueDate.lte(horizon))
            .filter(task::Column::PlanId.not_in_subquery(archived_plans()))
            .filter(task::Column::WarningLevel.lt(Level::Red as i32))
            .order_by_asc(task::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(conn)
            .await?;
        Ok(batch
            .into_iter()
            .map(|(id, plan_id, due_date, current)| Candidate {
                id,
                due_date,
                // A level outside the ladder counts as no warning yet.
                current: Level::try_from(current).unwrap_or(Level::None),
                thresholds: self.policies.of(&plan_id),
            })
            .collect())
    }

    async fn raise(
        &self,
        mutation: &mut Mutation,
        task_id: &str,
        level: Level,
        today: NaiveDate,
    ) -> Result<bool, TasksError> {
        let txn = mutation.txn();
        let Some(task) = task::Entity::find_by_id(task_id.to_owned())
            .one(txn)
            .await?
        else {
            return Ok(false);
        };
        if task.warning_level >= level as i32
            || warnings::raised(txn, task_id, task.due_date, level).await?
        {
            return Ok(false);
        }
        let recipients = recipients(txn, &task, level).await?;
        warnings::raise::<TaskDeadline>(
            mutation,
            task_id,
            task.due_date,
            level,
            today,
            &recipients,
        )
        .await?;
        task::Entity::update_many()
            .col_expr(task::Column::WarningLevel, Expr::value(level as i32))
            .col_expr(
                task::Column::Version,
                Expr::col(task::Column::Version).add(1),
            )
            .filter(task::Column::Id.eq(task_id.to_owned()))
            .exec(mutation.txn())
            .await?;
        Ok(true)
    }
}

impl Escalations {
    /// Sweeps every open task as of the service clock's today, on behalf of `caller` (the admin running
    /// the sweep, or the service's own periodic sweeper).
    pub async fn sweep(&self, caller: &Caller) -> Result<SweepOutcome, TasksError> {
        let today = self.clock.today();
        let policies = self.policies(self.store.conn()).await?;
        let context = MutationContext::new(
            caller.actor(),
            "/qinglian.tasks.v1.EscalationService/RunSweep",
            "",
            &pb::RunSweepRequest {},
        )?;
        deadlines::sweep(
            &self.store,
            &TaskLadder { policies },
            &context,
            today,
            &self.raised,
        )
        .await
    }
}

/// Widening with the level: GREEN the handler; YELLOW also the responsible leader; RED also the lead
/// unit's head and the secretary of the Party organisation above it. When none of them is on record,
/// it goes to the head of the nearest unit on the lead unit's path (the lead unit first) that has one;
/// when nobody on the whole path is, to no person: it is then the discipline officers', whose role
/// sees every warning.
async fn recipients(
    conn: &impl ConnectionTrait,
    task: &task::Model,
    level: Level,
) -> Result<Vec<String>, TasksError> {
    let mut people: Vec<Option<String>> = vec![task.handler_id.clone()];
    if level >= Level::Yellow {
        people.push(task.responsible_leader_id.clone());
    }
    let lead = unit::Entity::find_by_id(task.lead_unit_id.clone())
        .one(conn)
        .await?;
    if level >= Level::Red
        && let Some(lead) = &lead
    {
        people.push(lead.head_id.clone());
        if let Some(organisation) = party_organisation_above(conn, lead).await? {
            people.push(organisation.head_id.clone());
        }
    }
    let named = warnings::distinct(people.into_iter().flatten());
    if !named.is_empty() {
        return Ok(named);
    }
    let Some(lead) = lead else {
        return Ok(named);
    };
    Ok(nearest_head(conn, &lead).await?.into_iter().collect())
}

/// The head of the nearest unit on `unit`'s path, itself first, that has one.
async fn nearest_head(
    conn: &impl ConnectionTrait,
    unit: &unit::Model,
) -> Result<Option<String>, TasksError> {
    let path: Vec<String> = unit
        .path
        .split('/')
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    let units = unit::Entity::find()
        .filter(unit::Column::Id.is_in(path.clone()))
        .all(conn)
        .await?;
    Ok(path.iter().rev().find_map(|id| {
        units
            .iter()
            .find(|u| &u.id == id)
            .and_then(|u| u.head_id.clone())
            .filter(|head| !head.is_empty())
    }))
}
