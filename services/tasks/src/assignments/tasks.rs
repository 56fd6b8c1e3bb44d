//! Tasks: create, read, list, update and delete, with their references checked.

use qinglian_api::common::v1::WarningLevel;
use qinglian_api::tasks::v1::{self as pb, PlanState, TaskState};
use qinglian_kit::auth::Caller;
use qinglian_kit::status::FieldViolation;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, Savepoint, etag};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use super::access::{read_scope, require_readable};
use super::{
    Assignments, TASK, cooperating_units, find_changeable_task, find_plan, find_task, is_open,
    state_name,
};
use crate::assignments::{TaskFields, TaskPatch, TaskRecord};
use crate::entities::store_accountabilities;
use crate::entities::{person, task, task_cooperating_unit, unit};
use crate::error::TasksError;

/// Filter and order fields of ListTasks.
fn list_spec() -> ListSpec<task::Column> {
    use task::Column as C;
    let state = FieldType::Enum(|name| TaskState::from_str_name(name).map(|s| s as i32));
    let level = FieldType::Enum(|name| WarningLevel::from_str_name(name).map(|l| l as i32));
    let text = FieldType::String;
    ListSpec {
        resource: TASK,
        filter_fields: vec![
            FilterField {
                name: "plan_id",
                column: C::PlanId,
                field_type: text,
            },
            FilterField {
                name: "parent_task_id",
                column: C::ParentTaskId,
                field_type: text,
            },
            FilterField {
                name: "lead_unit_id",
                column: C::LeadUnitId,
                field_type: text,
            },
            FilterField {
                name: "responsible_leader_id",
                column: C::ResponsibleLeaderId,
                field_type: text,
            },
            FilterField {
                name: "handler_id",
                column: C::HandlerId,
                field_type: text,
            },
            FilterField {
                name: "state",
                column: C::State,
                field_type: state,
            },
            FilterField {
                name: "category",
                column: C::Category,
                field_type: text,
            },
            FilterField {
                name: "code",
                column: C::Code,
                field_type: text,
            },
            FilterField {
                name: "due_date",
                column: C::DueDate,
                field_type: FieldType::Date,
            },
            FilterField {
                name: "warning_level",
                column: C::WarningLevel,
                field_type: level,
            },
            FilterField {
                name: "extended",
                column: C::Extended,
                field_type: FieldType::Bool,
            },
            FilterField {
                name: "late_entry",
                column: C::LateEntry,
                field_type: FieldType::Bool,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![
            ("due_date", C::DueDate),
            ("code", C::Code),
            ("create_time", C::CreateTime),
            ("update_time", C::UpdateTime),
        ],
        default_order: "due_date",
        id_field: ("id", C::Id),
    }
}

/// What ListTasks narrows to besides its filter.
#[derive(Clone, Debug, Default)]
pub struct TaskListing {
    /// Only open tasks past their due date.
    pub overdue_only: bool,
    /// Only tasks this unit leads or helps with.
    pub unit_id: Option<String>,
}

impl Assignments {
    /// Creates a task in a plan that is not archived. Admin only (checked by the adapter).
    pub async fn create_task(
        &self,
        context: MutationContext,
        fields: TaskFields,
    ) -> Result<TaskRecord, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(task) => return Ok(task),
            Begun::Fresh(mutation) => mutation,
        };
        let txn = mutation.txn();
        let Some(plan) = find_plan(txn, &fields.plan_id).await? else {
            return Err(TasksError::invalid("task.plan_id", "does not exist"));
        };
        let state = match PlanState::try_from(plan.state) {
            Ok(PlanState::Draft) => TaskState::Draft,
            Ok(PlanState::Published) => TaskState::Assigned,
            _ => {
                return Err(TasksError::precondition(
                    "PLAN_ARCHIVED",
                    "an archived plan takes no new tasks",
                ));
            }
        };
        check_references(txn, &fields, None).await?;
        let now = mutation.now();
        let record = TaskRecord {
            task: task::Model {
                id: uuid::Uuid::now_v7().to_string(),
                plan_id: fields.plan_id,
                parent_task_id: fields.parent_task_id,
                code: fields.code,
                title: fields.title,
                description: fields.description,
                category: fields.category,
                lead_unit_id: fields.lead_unit_id,
                responsible_leader_id: fields.responsible_leader_id,
                handler_id: fields.handler_id,
                due_date: fields.due_date,
                original_due_date: fields.due_date,
                accountabilities: store_accountabilities(&fields.accountabilities),
                state: state as i32,
                progress_percent: 0,
                return_reason: String::new(),
                cancel_reason: String::new(),
                extended: false,
                late_entry: false,
                completed_date: None,
                warning_level: WarningLevel::Unspecified as i32,
                version: 1,
                create_time: now,
                update_time: now,
            },
            cooperating_unit_ids: fields.cooperating_unit_ids,
        };
        task::ActiveModel::from(record.task.clone())
            .insert(txn)
            .await?;
        replace_cooperating(txn, &record.task.id, &record.cooperating_unit_ids).await?;
        mutation
            .record(Change::created(
                &record.task.id,
                &record,
                &pb::Task::from(&record),
            ))
            .await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// One task the caller may read.
    pub async fn get_task(&self, caller: &Caller, id: &str) -> Result<TaskRecord, TasksError> {
        let conn = self.store.conn();
        require_readable(conn, caller, id).await?;
        find_task(conn, id)
            .await?
            .ok_or_else(|| TasksError::not_found("task", id))
    }

    /// One page of the tasks the caller may read.
    pub async fn list_tasks(
        &self,
        caller: &Caller,
        request: &ListRequest<'_>,
        listing: &TaskListing,
    ) -> Result<Page<TaskRecord>, TasksError> {
        let mut base = task::Entity::find();
        if let Some(scope) = read_scope(caller) {
            base = base.filter(scope);
        }
        if listing.overdue_only {
            base = base
                .filter(task::Column::DueDate.lt(self.clock.today()))
                .filter(
                    task::Column::State
                        .is_not_in([TaskState::Completed as i32, TaskState::Cancelled as i32]),
                );
        }
        if let Some(unit_id) = &listing.unit_id {
            let helped = Query::select()
                .column(task_cooperating_unit::Column::TaskId)
                .from(task_cooperating_unit::Entity)
                .and_where(Expr::col(task_cooperating_unit::Column::UnitId).eq(unit_id.clone()))
                .to_owned();
            base = base.filter(
                Condition::any()
                    .add(task::Column::LeadUnitId.eq(unit_id.clone()))
                    .add(task::Column::Id.in_subquery(helped)),
            );
        }
        let conn = self.store.conn();
        let page = page::list(conn, &list_spec(), base, request).await?;
        let mut items = Vec::with_capacity(page.items.len());
        for task in page.items {
            let cooperating_unit_ids = cooperating_units(conn, &task.id).await?;
            items.push(TaskRecord {
                task,
                cooperating_unit_ids,
            });
        }
        Ok(Page {
            items,
            next_page_token: page.next_page_token,
        })
    }

    /// Changes the masked fields of an open task. Admin only (checked by the adapter).
    pub async fn update_task(
        &self,
        context: MutationContext,
        patch: TaskPatch,
    ) -> Result<TaskRecord, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(task) => return Ok(task),
            Begun::Fresh(mutation) => mutation,
        };
        let txn = mutation.txn();
        let stored = find_changeable_task(txn, &patch.id).await?;
        etag::check(&patch.etag, stored.task.version)?;
        if !is_open(stored.task.state) {
            return Err(TasksError::precondition(
                "TASK_CLOSED",
                format!(
                    "task is {}; closed tasks cannot change",
                    state_name(stored.task.state)
                ),
            ));
        }
        if patch.touches("due_date") && stored.task.state != TaskState::Draft as i32 {
            return Err(TasksError::precondition(
                "DUE_DATE_FIXED",
                format!(
                    "task is {}; its due date moves only through an approved extension",
                    state_name(stored.task.state)
                ),
            ));
        }
        let mut updated = stored.clone();
        let fields = &patch.fields;
        let t = &mut updated.task;
        if patch.touches("code") {
            t.code = fields.code.clone();
        }
        if patch.touches("title") {
            t.title = fields.title.clone();
        }
        if patch.touches("description") {
            t.description = fields.description.clone();
        }
        if patch.touches("category") {
            t.category = fields.category.clone();
        }
        if patch.touches("lead_unit_id") {
            t.lead_unit_id = fields.lead_unit_id.clone();
        }
        if patch.touches("responsible_leader_id") {
            t.responsible_leader_id = fields.responsible_leader_id.clone();
        }
        if patch.touches("handler_id") {
            t.handler_id = fields.handler_id.clone();
        }
        if patch.touches("accountabilities") {
            t.accountabilities = store_accountabilities(&fields.accountabilities);
        }
        if patch.touches("due_date") {
            t.due_date = fields.due_date;
            t.original_due_date = fields.due_date;
        }
        if patch.touches("cooperating_unit_ids") {
            updated.cooperating_unit_ids = fields.cooperating_unit_ids.clone();
        }
        let merged = TaskFields {
            plan_id: updated.task.plan_id.clone(),
            parent_task_id: updated.task.parent_task_id.clone(),
            code: updated.task.code.clone(),
            title: updated.task.title.clone(),
            description: updated.task.description.clone(),
            category: updated.task.category.clone(),
            lead_unit_id: updated.task.lead_unit_id.clone(),
            cooperating_unit_ids: updated.cooperating_unit_ids.clone(),
            responsible_leader_id: updated.task.responsible_leader_id.clone(),
            handler_id: updated.task.handler_id.clone(),
            due_date: updated.task.due_date,
            accountabilities: fields.accountabilities.clone(),
        };
        check_references(txn, &merged, Some(&stored.task.id)).await?;
        updated.task.version += 1;
        updated.task.update_time = mutation.now();
        task::ActiveModel::from(updated.task.clone())
            .reset_all()
            .update(txn)
            .await?;
        if patch.touches("cooperating_unit_ids") {
            replace_cooperating(txn, &updated.task.id, &updated.cooperating_unit_ids).await?;
        }
        mutation
            .record(Change::updated(
                &updated.task.id,
                &stored,
                &updated,
                &pb::Task::from(&updated),
            ))
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }

    /// Deletes a draft task of a draft plan that has no sub-tasks. Admin only (checked by the adapter).
    pub async fn delete_task(
        &self,
        context: MutationContext,
        id: &str,
        given_etag: &str,
    ) -> Result<(), TasksError> {
        let mut mutation = match self.store.begin::<()>(context).await? {
            Begun::Replayed(()) => return Ok(()),
            Begun::Fresh(mutation) => mutation,
        };
        let txn = mutation.txn();
        let stored = find_changeable_task(txn, id).await?;
        etag::check(given_etag, stored.task.version)?;
        if stored.task.state != TaskState::Draft as i32 {
            return Err(TasksError::precondition(
                "TASK_PUBLISHED",
                format!(
                    "task is {}; only draft tasks of draft plans can be deleted",
                    state_name(stored.task.state)
                ),
            ));
        }
        let children = task::Entity::find()
            .filter(task::Column::ParentTaskId.eq(id))
            .count(txn)
            .await?;
        if children > 0 {
            return Err(TasksError::precondition(
                "TASK_HAS_SUBTASKS",
                format!("task has {children} sub-tasks"),
            ));
        }
        task_cooperating_unit::Entity::delete_many()
            .filter(task_cooperating_unit::Column::TaskId.eq(id))
            .exec(txn)
            .await?;
        task::Entity::delete_by_id(id.to_owned()).exec(txn).await?;
        mutation
            .record(Change::deleted(id, &stored, &pb::Task::from(&stored)))
            .await?;
        mutation.commit(&()).await?;
        Ok(())
    }
}

/// Checks every reference of a task; INVALID_ARGUMENT names each that does not exist or does not fit.
async fn check_references(
    txn: &Savepoint,
    fields: &TaskFields,
    task_id: Option<&str>,
) -> Result<(), TasksError> {
    let mut violations = Vec::new();
    let unit_exists = |id: String| async move {
        unit::Entity::find_by_id(id)
            .one(txn)
            .await
            .map(|u| u.is_some())
    };
    if !unit_exists(fields.lead_unit_id.clone()).await? {
        violations.push(FieldViolation::new("task.lead_unit_id", "does not exist"));
    }
    for (i, id) in fields.cooperating_unit_ids.iter().enumerate() {
        if !unit_exists(id.clone()).await? {
            violations.push(FieldViolation::new(
                format!("task.cooperating_unit_ids[{i}]"),
                "does not exist",
            ));
        }
    }
    if let Some(leader) = &fields.responsible_leader_id {
        match person::Entity::find_by_id(leader.clone()).one(txn).await? {
            None => violations.push(FieldViolation::new(
                "task.responsible_leader_id",
                "does not exist",
            )),
            Some(p) if !p.leadership_team_member => violations.push(FieldViolation::new(
                "task.responsible_leader_id",
                "is not a leadership-team member",
            )),
            Some(_) => {}
        }
    }
    if let Some(handler) = &fields.handler_id
        && person::Entity::find_by_id(handler.clone())
            .one(txn)
            .await?
            .is_none()
    {
        violations.push(FieldViolation::new("task.handler_id", "does not exist"));
    }
    if let Some(parent_id) = &fields.parent_task_id {
        match task::Entity::find_by_id(parent_id.clone()).one(txn).await? {
            Some(parent)
                if parent.plan_id == fields.plan_id && Some(parent.id.as_str()) != task_id => {}
            Some(_) => violations.push(FieldViolation::new(
                "task.parent_task_id",
                "is not another task of the same plan",
            )),
            None => violations.push(FieldViolation::new("task.parent_task_id", "does not exist")),
        }
    }
    if !violations.is_empty() {
        return Err(TasksError::InvalidArgument(violations));
    }
    if !fields.code.is_empty() {
        let mut same = task::Entity::find()
            .filter(task::Column::PlanId.eq(fields.plan_id.clone()))
            .filter(task::Column::Code.eq(fields.code.clone()));
        if let Some(id) = task_id {
            same = same.filter(task::Column::Id.ne(id));
        }
        if same.count(txn).await? > 0 {
            return Err(TasksError::AlreadyExists(format!(
                "the plan has a task numbered {}",
                fields.code
            )));
        }
    }
    Ok(())
}

/// Replaces the cooperating units of a task.
async fn replace_cooperating(
    conn: &impl ConnectionTrait,
    task_id: &str,
    unit_ids: &[String],
) -> Result<(), TasksError> {
    task_cooperating_unit::Entity::delete_many()
        .filter(task_cooperating_unit::Column::TaskId.eq(task_id))
        .exec(conn)
        .await?;
    for (position, unit_id) in unit_ids.iter().enumerate() {
        task_cooperating_unit::ActiveModel {
            task_id: Set(task_id.to_owned()),
            unit_id: Set(unit_id.clone()),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
