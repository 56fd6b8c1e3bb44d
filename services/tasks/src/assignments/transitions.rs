//! The task workflow: draft → assigned → in_progress → submitted → completed; submitted → returned →
//! in_progress; any open state → cancelled. Every other move is FAILED_PRECONDITION naming the state.

use qinglian_api::tasks::v1::{self as pb, TaskState};
use qinglian_kit::auth::Caller;
use qinglian_store::{Begun, Change, MutationContext, etag};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::access::{require_readable, require_review_role, require_reviewer, require_worker};
use super::{Assignments, find_changeable_task, state_name};
use crate::assignments::TaskRecord;
use crate::entities::task;
use crate::error::TasksError;

/// The open states, from which a task can be cancelled.
const OPEN: &[TaskState] = &[
    TaskState::Draft,
    TaskState::Assigned,
    TaskState::InProgress,
    TaskState::Submitted,
    TaskState::Returned,
];

/// One workflow move: the states it starts from, the state it ends in, and what else it changes.
struct Move<'a> {
    name: &'a str,
    from: &'a [TaskState],
    to: TaskState,
    reason: &'a str,
}

impl Assignments {
    /// draft → assigned. Admin only (checked by the adapter).
    pub async fn assign_task(
        &self,
        context: MutationContext,
        id: &str,
        etag: &str,
    ) -> Result<TaskRecord, TasksError> {
        let step = Move {
            name: "assigned",
            from: &[TaskState::Draft],
            to: TaskState::Assigned,
            reason: "",
        };
        self.apply(context, id, etag, step, |_| Ok(())).await
    }

    /// assigned or returned → in_progress. Admin, or a clerk of the task's units.
    pub async fn start_task(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
        etag: &str,
    ) -> Result<TaskRecord, TasksError> {
        require_worker(self.store.conn(), caller, id).await?;
        let step = Move {
            name: "started",
            from: &[TaskState::Assigned, TaskState::Returned],
            to: TaskState::InProgress,
            reason: "",
        };
        self.apply(context, id, etag, step, |_| Ok(())).await
    }

    /// in_progress → submitted. Admin, or a clerk of the task's units.
    pub async fn submit_task(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
        etag: &str,
    ) -> Result<TaskRecord, TasksError> {
        require_worker(self.store.conn(), caller, id).await?;
        let step = Move {
            name: "submitted",
            from: &[TaskState::InProgress],
            to: TaskState::Submitted,
            reason: "",
        };
        self.apply(context, id, etag, step, |_| Ok(())).await
    }

    /// submitted → completed, by the responsible leader or an admin, never by the handler; a parent
    /// completes only when no sub-task is open.
    pub async fn approve_task(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
        etag: &str,
    ) -> Result<TaskRecord, TasksError> {
        require_review_role(caller)?;
        require_readable(self.store.conn(), caller, id).await?;
        let step = Move {
            name: "approved",
            from: &[TaskState::Submitted],
            to: TaskState::Completed,
            reason: "",
        };
        self.apply(context, id, etag, step, |record| {
            require_reviewer(caller, record.task.responsible_leader_id.as_deref())?;
            if record.task.handler_id.as_deref() == Some(caller.subject.as_str()) {
                return Err(caller.denied("approve a task they handle").into());
            }
            Ok(())
        })
        .await
    }

    /// submitted → returned with a reason, by the responsible leader or an admin.
    pub async fn return_task(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
        reason: &str,
        etag: &str,
    ) -> Result<TaskRecord, TasksError> {
        require_review_role(caller)?;
        require_readable(self.store.conn(), caller, id).await?;
        let step = Move {
            name: "returned",
            from: &[TaskState::Submitted],
            to: TaskState::Returned,
            reason,
        };
        self.apply(context, id, etag, step, |record| {
            require_reviewer(caller, record.task.responsible_leader_id.as_deref())
        })
        .await
    }

    /// Any open state → cancelled with a reason. Admin only (checked by the adapter).
    pub async fn cancel_task(
        &self,
        context: MutationContext,
        id: &str,
        reason: &str,
        etag: &str,
    ) -> Result<TaskRecord, TasksError> {
        let step = Move {
            name: "cancelled",
            from: OPEN,
            to: TaskState::Cancelled,
            reason,
        };
        self.apply(context, id, etag, step, |_| Ok(())).await
    }

    /// Runs one move in a mutation: load, etag, state check, `guard`, change, audit, outbox. A task
    /// completes only when none of its sub-tasks is open.
    async fn apply(
        &self,
        context: MutationContext,
        id: &str,
        given_etag: &str,
        step: Move<'_>,
        guard: impl FnOnce(&TaskRecord) -> Result<(), TasksError>,
    ) -> Result<TaskRecord, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(task) => return Ok(task),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = find_changeable_task(mutation.txn(), id).await?;
        etag::check(given_etag, stored.task.version)?;
        if !step.from.iter().any(|s| *s as i32 == stored.task.state) {
            return Err(TasksError::precondition(
                "ILLEGAL_TRANSITION",
                format!(
                    "task is {}; it cannot be {}",
                    state_name(stored.task.state),
                    step.name
                ),
            ));
        }
        guard(&stored)?;
        if step.to == TaskState::Completed {
            let open_children = task::Entity::find()
                .filter(task::Column::ParentTaskId.eq(id))
                .filter(
                    task::Column::State
                        .is_not_in([TaskState::Completed as i32, TaskState::Cancelled as i32]),
                )
                .count(mutation.txn())
                .await?;
            if open_children > 0 {
                return Err(TasksError::precondition(
                    "SUBTASKS_OPEN",
                    format!("{open_children} sub-tasks are still open"),
                ));
            }
        }
        let mut updated = stored.clone();
        let t = &mut updated.task;
        t.state = step.to as i32;
        match step.to {
            TaskState::Completed => {
                t.completed_date = Some(self.clock.today());
                t.progress_percent = 100;
            }
            TaskState::Returned => t.return_reason = step.reason.to_owned(),
            TaskState::Cancelled => t.cancel_reason = step.reason.to_owned(),
            _ => {}
        }
        t.version += 1;
        t.update_time = mutation.now();
        task::ActiveModel::from(updated.task.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                id,
                &stored,
                &updated,
                &pb::Task::from(&updated),
            ))
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }
}
