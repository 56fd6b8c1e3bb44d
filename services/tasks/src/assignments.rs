//! Task assignment (任务分工): yearly plans, their tasks and sub-tasks, the workflow of each task, its
//! progress and extensions, who answers for it, and the plan's statistics.
//!
//! Access (checked before anything is looked up): admin does everything; a leader reads the tasks they
//! are responsible for or whose lead unit is in their portfolio, and reviews (approves, returns,
//! decides extensions of) the tasks they are responsible for; a clerk reads and works on tasks; viewer,
//! discipline and service read everything. A leader's token subject is their person id.
//!
//! A token scoped to a unit narrows every role to that unit's subtree: it reads and works on the
//! tasks led or helped by a unit within it, reads the plans issued within it or holding such a task,
//! and changes a task or plan only when every unit it names is within it.

mod access;
mod chain;
mod extensions;
pub mod inputs;
mod plans;
mod progress;
mod statistics;
mod tasks;
mod transitions;

use qinglian_api::tasks::v1::{PlanState, TaskState};
use qinglian_kit::clock::Clock;
use qinglian_store::Store;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub use access::{
    plan_read_scope, require_admin, require_plan_readable, require_plan_unit, unit_read_scope,
};
pub use chain::{Bearer, ResponsibilityLink, party_organisation_above};
pub use extensions::Decided;
pub use progress::Reported;
pub use statistics::{PlanStatistics, StatisticsScope};
pub use tasks::TaskListing;

use crate::entities::{plan, task, task_cooperating_unit};
use crate::error::TasksError;
use crate::settings::WorkSettings;

pub use inputs::{PlanFields, TaskFields, TaskPatch, TaskRecord};

/// Protobuf name of a plan.
pub const PLAN: &str = "qinglian.tasks.v1.Plan";
/// Protobuf name of a task.
pub const TASK: &str = "qinglian.tasks.v1.Task";
/// Protobuf name of a progress report.
pub const PROGRESS_REPORT: &str = "qinglian.tasks.v1.ProgressReport";
/// Protobuf name of an extension request.
pub const EXTENSION: &str = "qinglian.tasks.v1.Extension";

/// The plans and tasks over the service's store.
#[derive(Clone, Debug)]
pub struct Assignments {
    store: Store,
    clock: Clock,
    work: WorkSettings,
}

impl Assignments {
    /// Plans and tasks kept in `store`, judged by `clock` and the rules in `work`.
    pub fn new(store: Store, clock: Clock, work: WorkSettings) -> Self {
        Self { store, clock, work }
    }
}

/// Whether a task in `state` is still open (not completed or cancelled).
pub fn is_open(state: i32) -> bool {
    state != TaskState::Completed as i32 && state != TaskState::Cancelled as i32
}

/// The name of a task state, for messages.
fn state_name(state: i32) -> &'static str {
    TaskState::try_from(state).map_or("TASK_STATE_UNSPECIFIED", |s| s.as_str_name())
}

/// A plan by id, or None.
async fn find_plan(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<plan::Model>, TasksError> {
    Ok(plan::Entity::find_by_id(id.to_owned()).one(conn).await?)
}

/// A task with its cooperating units, or None.
async fn find_task(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<TaskRecord>, TasksError> {
    let Some(task) = task::Entity::find_by_id(id.to_owned()).one(conn).await? else {
        return Ok(None);
    };
    let cooperating_unit_ids = cooperating_units(conn, id).await?;
    Ok(Some(TaskRecord {
        task,
        cooperating_unit_ids,
    }))
}

/// The task `id` about to change, with its cooperating units: NOT_FOUND when there is none, and
/// FAILED_PRECONDITION `PLAN_ARCHIVED` when its plan is archived (an archived plan is read only).
async fn find_changeable_task(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<TaskRecord, TasksError> {
    let record = find_task(conn, id)
        .await?
        .ok_or_else(|| TasksError::not_found("task", id))?;
    require_changeable(conn, &record).await?;
    Ok(record)
}

/// Refuses a change of `record` when its plan is archived.
async fn require_changeable(
    conn: &impl ConnectionTrait,
    record: &TaskRecord,
) -> Result<(), TasksError> {
    let archived = plan::Entity::find_by_id(record.task.plan_id.clone())
        .one(conn)
        .await?
        .is_some_and(|plan| plan.state == PlanState::Archived as i32);
    if archived {
        return Err(TasksError::precondition(
            "PLAN_ARCHIVED",
            format!(
                "task {} belongs to archived plan {}; an archived plan is read only",
                record.task.id, record.task.plan_id
            ),
        ));
    }
    Ok(())
}

/// The cooperating units of a task, in order.
async fn cooperating_units(
    conn: &impl ConnectionTrait,
    task_id: &str,
) -> Result<Vec<String>, TasksError> {
    Ok(task_cooperating_unit::Entity::find()
        .filter(task_cooperating_unit::Column::TaskId.eq(task_id))
        .order_by_asc(task_cooperating_unit::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|c| c.unit_id)
        .collect())
}
