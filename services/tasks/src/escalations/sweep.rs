//! The sweep over open tasks, the task side of the shared ladder. Candidates are the open tasks below
//! RED due within the widest GREEN threshold, read in keyset batches over task ids and judged by their
//! plan's thresholds. A raise writes the escalation with its recipients, moves the task's warning level
//! and records the escalation for audit and outbox. The re-check inside the mutation keeps two sweeps at
//! once from raising a (task, level) twice; a unique index on (task, level) guarantees it regardless.

use chrono::NaiveDate;
use qinglian_api::tasks::v1::{self as pb, TaskState};
use qinglian_kit::auth::Caller;
use qinglian_kit::ladder::{self, Candidate, Ladder, Level, SweepOutcome};
use qinglian_store::{Change, Mutation, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::Escalations;
use super::policy::Policies;
use crate::assignments::party_organisation_above;
use crate::entities::{escalation, escalation_recipient, task, unit};
use crate::error::TasksError;

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
        let already = escalation::Entity::find()
            .filter(escalation::Column::TaskId.eq(task_id.to_owned()))
            .filter(escalation::Column::Level.eq(level as i32))
            .count(txn)
            .await?;
        if task.warning_level >= level as i32 || already > 0 {
            return Ok(false);
        }
        let recipients = recipients(txn, &task, level).await?;
        let raised_now = escalation::Model {
            id: uuid::Uuid::now_v7().to_string(),
            task_id: task_id.to_owned(),
            level: level as i32,
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
            .col_expr(task::Column::WarningLevel, Expr::value(level as i32))
            .col_expr(
                task::Column::Version,
                Expr::col(task::Column::Version).add(1),
            )
            .filter(task::Column::Id.eq(task_id.to_owned()))
            .exec(txn)
            .await?;
        mutation
            .record(Change::created(
                &raised_now.id,
                &raised_now,
                &pb::Escalation::from(&raised_now),
            ))
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
        ladder::sweep(
            &self.store,
            &TaskLadder { policies },
            &context,
            today,
            &self.raised,
        )
        .await
    }
}

/// GREEN: the handler. YELLOW: the handler and the responsible leader. RED: the lead unit's head and
/// the secretary of the Party organisation above it. People not on record are skipped.
async fn recipients(
    conn: &impl ConnectionTrait,
    task: &task::Model,
    level: Level,
) -> Result<Vec<String>, TasksError> {
    let mut people: Vec<Option<String>> = Vec::new();
    match level {
        Level::Green => people.push(task.handler_id.clone()),
        Level::Yellow => {
            people.push(task.handler_id.clone());
            people.push(task.responsible_leader_id.clone());
        }
        Level::Red => {
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
        Level::None => {}
    }
    let mut ids: Vec<String> = Vec::new();
    for id in people.into_iter().flatten() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}
