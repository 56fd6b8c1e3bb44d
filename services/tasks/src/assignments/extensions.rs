//! Extension requests: a later due date asked for with a reason and decided by the responsible leader;
//! the task keeps its original due date.

use chrono::NaiveDate;
use qinglian_api::tasks::v1::{self as pb, ExtensionState};
use qinglian_kit::auth::Caller;
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::access::{require_readable, require_review_role, require_reviewer, require_worker};
use super::{Assignments, EXTENSION, find_task, is_open, state_name};
use crate::conversions::TaskRecord;
use crate::entities::{extension, task};
use crate::error::TasksError;

/// A decided extension with the task after the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decided {
    /// The extension request.
    pub extension: extension::Model,
    /// The task after the decision.
    pub task: TaskRecord,
}

fn list_spec() -> ListSpec<extension::Column> {
    use extension::Column as C;
    ListSpec {
        resource: EXTENSION,
        filter_fields: vec![],
        order_fields: vec![("create_time", C::CreateTime)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
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
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(extension) => return Ok(extension),
            Begun::Fresh(mutation) => mutation,
        };
        let txn = mutation.txn();
        let stored = find_task(txn, task_id)
            .await?
            .ok_or_else(|| TasksError::not_found("task", task_id))?;
        if !is_open(stored.task.state) {
            return Err(TasksError::precondition(
                "TASK_CLOSED",
                format!(
                    "task is {}; closed tasks are not extended",
                    state_name(stored.task.state)
                ),
            ));
        }
        if requested <= stored.task.due_date {
            return Err(TasksError::invalid(
                "requested_due_date",
                format!(
                    "must be after the current due date {}",
                    stored.task.due_date
                ),
            ));
        }
        let pending = extension::Entity::find()
            .filter(extension::Column::TaskId.eq(task_id))
            .filter(extension::Column::State.eq(ExtensionState::Pending as i32))
            .count(txn)
            .await?;
        if pending > 0 {
            return Err(TasksError::precondition(
                "EXTENSION_PENDING",
                "an extension request is already pending",
            ));
        }
        let created = extension::Model {
            id: uuid::Uuid::now_v7().to_string(),
            task_id: task_id.to_owned(),
            requested_due_date: requested,
            reason,
            state: ExtensionState::Pending as i32,
            requested_by: caller.subject.clone(),
            decided_by: String::new(),
            decision_reason: String::new(),
            create_time: mutation.now(),
            decide_time: None,
        };
        extension::ActiveModel::from(created.clone())
            .insert(txn)
            .await?;
        mutation
            .record(Change::created(
                &created.id,
                &created,
                &pb::Extension::from(&created),
            ))
            .await?;
        mutation.commit(&created).await?;
        Ok(created)
    }

    /// Approves or rejects a pending request; approval moves the due date and marks the task extended.
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
        let txn = mutation.txn();
        let stored = extension::Entity::find_by_id(id.to_owned())
            .one(txn)
            .await?;
        let Some(stored) = stored else {
            // A leader or a scoped caller cannot tell a missing request from someone else's.
            return Err(
                if caller.role == qinglian_kit::auth::Role::Admin && caller.unit.is_none() {
                    TasksError::not_found("extension", id)
                } else {
                    caller.denied("decide this extension").into()
                },
            );
        };
        let task = find_task(txn, &stored.task_id)
            .await?
            .ok_or_else(|| TasksError::not_found("task", &stored.task_id))?;
        require_reviewer(caller, task.task.responsible_leader_id.as_deref())?;
        require_readable(txn, caller, &stored.task_id).await?;
        if stored.state != ExtensionState::Pending as i32 {
            return Err(TasksError::precondition(
                "EXTENSION_DECIDED",
                "the request was already decided",
            ));
        }
        let now = mutation.now();
        let mut decided = stored.clone();
        decided.state = if approve {
            ExtensionState::Approved
        } else {
            ExtensionState::Rejected
        } as i32;
        decided.decided_by = caller.subject.clone();
        decided.decision_reason = reason;
        decided.decide_time = Some(now);
        extension::ActiveModel::from(decided.clone())
            .reset_all()
            .update(txn)
            .await?;
        mutation
            .record(Change::updated(
                id,
                &stored,
                &decided,
                &pb::Extension::from(&decided),
            ))
            .await?;
        let mut updated = task.clone();
        if approve {
            updated.task.due_date = decided.requested_due_date;
            updated.task.extended = true;
            updated.task.version += 1;
            updated.task.update_time = now;
            task::ActiveModel::from(updated.task.clone())
                .reset_all()
                .update(mutation.txn())
                .await?;
            mutation
                .record(Change::updated(
                    &updated.task.id,
                    &task,
                    &updated,
                    &pb::Task::from(&updated),
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
        let base = extension::Entity::find().filter(extension::Column::TaskId.eq(task_id));
        Ok(page::list(conn, &list_spec(), base, request).await?)
    }
}
