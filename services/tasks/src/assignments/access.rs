//! Who may read and work on which tasks.

use qinglian_kit::auth::{Caller, Role};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::Assignments;
use crate::directory::{require_units, units_within};
use crate::entities::{plan, portfolio_unit, task, task_cooperating_unit};
use crate::error::TasksError;

/// PERMISSION_DENIED unless the caller is an admin.
pub fn require_admin(caller: &Caller, action: &str) -> Result<(), TasksError> {
    Ok(caller.require(&[Role::Admin], action)?)
}

/// The tasks `caller` may read: None for everything, else a condition on the tasks table. A leader
/// reads the tasks they answer for and those of their portfolio; a scoped caller of any role reads
/// only the tasks led or helped by a unit within its scope.
pub(crate) fn read_scope(caller: &Caller) -> Option<Condition> {
    let by_role = role_scope(caller);
    let by_unit = unit_read_scope(caller);
    match (by_role, by_unit) {
        (None, None) => None,
        (by_role, by_unit) => Some(Condition::all().add_option(by_role).add_option(by_unit)),
    }
}

/// The tasks a leader reaches by their role; None for the other roles.
fn role_scope(caller: &Caller) -> Option<Condition> {
    match caller.role {
        Role::Admin | Role::Viewer | Role::Discipline | Role::Service | Role::Clerk => None,
        Role::Leader => Some(
            Condition::any()
                .add(task::Column::ResponsibleLeaderId.eq(caller.subject.clone()))
                .add(
                    task::Column::LeadUnitId.in_subquery(
                        Query::select()
                            .column(portfolio_unit::Column::UnitId)
                            .from(portfolio_unit::Entity)
                            .and_where(
                                Expr::col(portfolio_unit::Column::PersonId)
                                    .eq(caller.subject.clone()),
                            )
                            .to_owned(),
                    ),
                ),
        ),
    }
}

/// Tasks whose lead unit or a cooperating unit is one of `units_in_scope`.
fn unit_scope(units_in_scope: SelectStatement) -> Condition {
    let helped = Query::select()
        .column(task_cooperating_unit::Column::TaskId)
        .from(task_cooperating_unit::Entity)
        .and_where(
            Expr::col(task_cooperating_unit::Column::UnitId).in_subquery(units_in_scope.clone()),
        )
        .to_owned();
    Condition::any()
        .add(task::Column::LeadUnitId.in_subquery(units_in_scope))
        .add(task::Column::Id.in_subquery(helped))
}

/// Checks that `caller` may read task `id`. A restricted caller is told PERMISSION_DENIED whether the
/// task is outside their reach or missing, so they cannot probe for tasks.
pub(crate) async fn require_readable(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> Result<(), TasksError> {
    let Some(scope) = read_scope(caller) else {
        return Ok(());
    };
    let visible = task::Entity::find()
        .filter(task::Column::Id.eq(id))
        .filter(scope)
        .count(conn)
        .await?;
    if visible == 0 {
        return Err(caller.denied("read this task").into());
    }
    Ok(())
}

/// Checks that `caller` may work on (start, report on, submit, ask to extend) task `id`: an admin or a
/// clerk, whose scope (if any) covers the task's lead or a cooperating unit.
pub(crate) async fn require_worker(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> Result<(), TasksError> {
    caller.require(&[Role::Admin, Role::Clerk], "work on tasks")?;
    require_readable(conn, caller, id).await
}

/// Checks that a scoped caller reaches every unit of task `id`, its lead and its cooperating units,
/// before changing the task itself (update, delete, assign, cancel). PERMISSION_DENIED for a missing
/// task as well, so scope cannot probe for tasks.
pub(crate) async fn require_task_units(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> Result<(), TasksError> {
    if caller.unit.is_none() {
        return Ok(());
    }
    let Some(task) = task::Entity::find_by_id(id.to_owned()).one(conn).await? else {
        return Err(caller.denied("act outside their unit scope").into());
    };
    let cooperating = task_cooperating_unit::Entity::find()
        .filter(task_cooperating_unit::Column::TaskId.eq(id))
        .all(conn)
        .await?;
    let mut units = vec![task.lead_unit_id.as_str()];
    units.extend(cooperating.iter().map(|c| c.unit_id.as_str()));
    require_units(conn, caller, &units).await
}

/// Checks that `caller` may review a task whose responsible leader is `leader`: an admin, or that leader.
pub(crate) fn require_reviewer(caller: &Caller, leader: Option<&str>) -> Result<(), TasksError> {
    match caller.role {
        Role::Admin => Ok(()),
        Role::Leader if leader == Some(caller.subject.as_str()) => Ok(()),
        _ => Err(caller.denied("review this task").into()),
    }
}

/// The roles that may review at all, checked before any lookup.
pub(crate) fn require_review_role(caller: &Caller) -> Result<(), TasksError> {
    Ok(caller.require(&[Role::Admin, Role::Leader], "review tasks")?)
}

/// The plans a scoped caller may read: those issued by a unit within its scope and those holding a
/// task it may read. None (every plan) for an unscoped caller.
pub fn plan_read_scope(caller: &Caller) -> Option<Condition> {
    let units = units_within(caller)?;
    let mut with_readable_tasks = Query::select();
    with_readable_tasks
        .column(task::Column::PlanId)
        .from(task::Entity);
    if let Some(tasks) = read_scope(caller) {
        with_readable_tasks.cond_where(tasks);
    }
    Some(
        Condition::any()
            .add(plan::Column::IssuingUnitId.in_subquery(units))
            .add(plan::Column::Id.in_subquery(with_readable_tasks.to_owned())),
    )
}

/// PERMISSION_DENIED unless a scoped caller reaches the issuing unit of plan `id` (a missing plan
/// included).
pub async fn require_plan_unit(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> Result<(), TasksError> {
    if caller.unit.is_none() {
        return Ok(());
    }
    match plan::Entity::find_by_id(id.to_owned()).one(conn).await? {
        Some(plan) => require_units(conn, caller, &[&plan.issuing_unit_id]).await,
        None => Err(caller.denied("act outside their unit scope").into()),
    }
}

/// Checks that `caller` may read plan `id` (see [`plan_read_scope`]); a missing plan is
/// PERMISSION_DENIED to a scoped caller.
pub async fn require_plan_readable(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> Result<(), TasksError> {
    let Some(scope) = plan_read_scope(caller) else {
        return Ok(());
    };
    let visible = plan::Entity::find()
        .filter(plan::Column::Id.eq(id))
        .filter(scope)
        .count(conn)
        .await?;
    if visible == 0 {
        return Err(caller.denied("read this plan").into());
    }
    Ok(())
}

/// The tasks led or helped by a unit within a scoped caller's scope, whatever its role; None for an
/// unscoped caller.
pub fn unit_read_scope(caller: &Caller) -> Option<Condition> {
    units_within(caller).map(unit_scope)
}

impl Assignments {
    /// PERMISSION_DENIED unless a scoped caller reaches every unit of `unit_ids`: the units a new or
    /// changed task or plan names.
    pub async fn require_units(
        &self,
        caller: &Caller,
        unit_ids: &[&str],
    ) -> Result<(), TasksError> {
        require_units(self.store.conn(), caller, unit_ids).await
    }

    /// PERMISSION_DENIED unless a scoped caller reaches every unit of task `id`.
    pub async fn require_task_units(&self, caller: &Caller, id: &str) -> Result<(), TasksError> {
        require_task_units(self.store.conn(), caller, id).await
    }

    /// PERMISSION_DENIED unless a scoped caller reaches the issuing unit of plan `id`.
    pub async fn require_plan_unit(&self, caller: &Caller, id: &str) -> Result<(), TasksError> {
        require_plan_unit(self.store.conn(), caller, id).await
    }

    /// Checks that `caller` may read plan `id`.
    pub async fn require_plan_readable(&self, caller: &Caller, id: &str) -> Result<(), TasksError> {
        require_plan_readable(self.store.conn(), caller, id).await
    }
}
