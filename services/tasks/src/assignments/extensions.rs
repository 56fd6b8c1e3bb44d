//! Extension requests of tasks: a later due date asked for with a reason by whoever works on the task
//! and decided by its responsible leader. Approval moves the due date (the original one is kept) and
//! starts the ladder again from it; the requests themselves are the shared deadline code's.

use chrono::NaiveDate;
use qinglian_domain::deadlines::Level;
use qinglian_domain::deadlines::extensions;
use qinglian_domain::deadlines::records::extension;
use qinglian_kit::auth::{Caller, Role};
use qinglian_store::page::{ListRequest, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::ActiveModelTrait;
use serde::{Deserialize, Serialize};

use super::access::{require_readable, require_review_role, require_reviewer, require_worker};
use super::{
    Assignments, find_changeable_task, find_task, is_open, require_changeable, state_name,
};
use crate::assignments::TaskRecord;
use crate::entities::task;
use crate::error::TasksError;
use crate::escalations::TaskDeadline;

/// A decided extension with the task after the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decided {
    /// The extension request.
    pub extension: extension::Model,
    /// The task after the decision.
    pub task: TaskRecord,
}

impl Assignments {
    /// Asks for `requested` as the new due date of an open task; one pending request at a time.
    pub async fn request_extension(
        &self,
        caller: &Caller,
        context: MutationContext,
        task_id: &str,
        requested: NaiveDate,
        reason: String,
    ) -> Result<extension::Model, TasksError> {
        require_worker(self.store.conn(), caller, task_id).await?;
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(extension) => return Ok(extension),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = find_changeable_task(mutation.txn(), task_id).await?;
        if !is_open(stored.task.state) {
            return Err(TasksError::precondition(
                "TASK_CLOSED",
                format!(
                    "task is {}; closed tasks are not extended",
                    state_name(stored.task.state)
                ),
            ));
        }
        extensions::request::<TaskDeadline, TasksError>(
            mutation,
            task_id,
            stored.task.due_date,
            requested,
            reason,
        )
        .await
    }

    /// Approves or rejects a pending request; approval moves the due date, marks the task extended and
    /// starts its ladder again (the warnings of the old date superseded, its warning level reset).
    pub async fn decide_extension(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
        approve: bool,
        reason: String,
    ) -> Result<Decided, TasksError> {
        require_review_role(caller)?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(decided) => return Ok(decided),
            Begun::Fresh(mutation) => mutation,
        };
        let Some(stored) = extensions::find(mutation.txn(), id).await? else {
            // A leader or a scoped caller cannot tell a missing request from someone else's.
            return Err(if caller.role == Role::Admin && caller.unit.is_none() {
                TasksError::not_found("extension", id)
            } else {
                caller.denied("decide this extension").into()
            });
        };
        let task = find_task(mutation.txn(), &stored.subject_id)
            .await?
            .ok_or_else(|| TasksError::not_found("task", &stored.subject_id))?;
        require_reviewer(caller, task.task.responsible_leader_id.as_deref())?;
        require_readable(mutation.txn(), caller, &stored.subject_id).await?;
        require_changeable(mutation.txn(), &task).await?;
        let decided =
            extensions::decide::<TaskDeadline, TasksError>(&mut mutation, &stored, approve, reason)
                .await?;
        let mut updated = task.clone();
        if approve {
            updated.task.due_date = decided.requested_due_date;
            updated.task.extended = true;
            updated.task.warning_level = Level::None as i32;
            updated.task.version += 1;
            updated.task.update_time = mutation.now();
            task::ActiveModel::from(updated.task.clone())
                .reset_all()
                .update(mutation.txn())
                .await?;
            mutation
                .record(Change::updated(
                    &updated.task.id,
                    &task,
                    &updated,
                    &qinglian_api::tasks::v1::Task::from(&updated),
                ))
                .await?;
        }
        let result = Decided {
            extension: decided,
            task: updated,
        };
        mutation.commit(&result).await?;
        Ok(result)
    }

    /// One page of a task's extension requests.
    pub async fn list_extensions(
        &self,
        caller: &Caller,
        task_id: &str,
        request: &ListRequest<'_>,
    ) -> Result<Page<extension::Model>, TasksError> {
        let conn = self.store.conn();
        require_readable(conn, caller, task_id).await?;
        Ok(extensions::list::<TaskDeadline>(conn, task_id, request).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_names_its_published_messages() {
        use prost::Name;
        use qinglian_domain::deadlines::Subject;
        assert_eq!(
            TaskDeadline::WARNING_RESOURCE,
            qinglian_api::tasks::v1::Escalation::full_name()
        );
        assert_eq!(
            TaskDeadline::EXTENSION_RESOURCE,
            qinglian_api::tasks::v1::Extension::full_name()
        );
    }
}
