//! What plans and tasks are made of here: a task with its cooperating units as stored, and the
//! validated fields of a plan or task to create and the masked fields of an update, built from
//! requests at the edge (`conversions`).

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};

use crate::entities::task;

/// A task with its cooperating units, as stored and as replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// The task row.
    pub task: task::Model,
    /// Its cooperating units in order.
    pub cooperating_unit_ids: Vec<String>,
}

/// The writable fields of a plan, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFields {
    /// The year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Issuing unit.
    pub issuing_unit_id: String,
    /// `PlanKind` number.
    pub kind: i32,
}

/// The writable fields of a task, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFields {
    /// The plan.
    pub plan_id: String,
    /// The parent task, for a sub-task.
    pub parent_task_id: Option<String>,
    /// Number within the plan.
    pub code: String,
    /// Title.
    pub title: String,
    /// Details.
    pub description: String,
    /// Category.
    pub category: String,
    /// 牵头单位.
    pub lead_unit_id: String,
    /// 配合单位.
    pub cooperating_unit_ids: Vec<String>,
    /// 责任领导.
    pub responsible_leader_id: Option<String>,
    /// 经办人.
    pub handler_id: Option<String>,
    /// Due date.
    pub due_date: NaiveDate,
    /// `Accountability` numbers.
    pub accountabilities: Vec<i32>,
}

/// A validated UpdateTask.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskPatch {
    /// The task.
    pub id: String,
    /// The caller's etag; empty means no check.
    pub etag: String,
    /// New values (only those in `paths` are meaningful).
    pub fields: TaskFields,
    /// The fields to change.
    pub paths: Vec<String>,
}
