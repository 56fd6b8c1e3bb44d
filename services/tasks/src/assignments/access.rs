//! Who may read and work on which tasks.

use qinglian_kit::auth::{Caller, Role};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entities::{portfolio_unit, task, task_cooperating_unit, unit};
use crate::error::TasksError;

/// PERMISSION_DENIED unless the caller is an admin.
pub fn require_admin(caller: &Caller, action: &str) -> Result<(), TasksError> {
    Ok(caller.require(&[Role::Admin], action)?)
}

/// The tasks `caller` may read: None for everything, else a condition on the tasks table.
pub fn read_scope(caller: &Caller) -> Option<Condition> {
    match caller.role {
        Role::Admin | Role::Viewer | Role::Discipline | Role::Service => None,
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
        Role::Clerk => caller.unit.as_ref().map(|scope| unit_scope(scope)),
    }
}

/// Tasks whose lead unit or a cooperating unit is `scope` or below it.
fn unit_scope(scope: &str) -> Condition {
    let units_in_scope = Query::select()
        .column(unit::Column::Id)
        .from(unit::Entity)
        .and_where(Expr::col(unit::Column::Path).like(format!("%/{scope}/%")))
        .to_owned();
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
pub async fn require_readable(
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

/// Checks that `caller` may work on (start, report on, submit, ask to extend) task `id`: an admin, or a
/// clerk whose scope covers the task's lead or a cooperating unit.
pub async fn require_worker(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> Result<(), TasksError> {
    caller.require(&[Role::Admin, Role::Clerk], "work on tasks")?;
    if caller.role == Role::Clerk {
        require_readable(conn, caller, id).await?;
    }
    Ok(())
}

/// Checks that `caller` may review a task whose responsible leader is `leader`: an admin, or that leader.
pub fn require_reviewer(caller: &Caller, leader: Option<&str>) -> Result<(), TasksError> {
    match caller.role {
        Role::Admin => Ok(()),
        Role::Leader if leader == Some(caller.subject.as_str()) => Ok(()),
        _ => Err(caller.denied("review this task").into()),
    }
}

/// The roles that may review at all, checked before any lookup.
pub fn require_review_role(caller: &Caller) -> Result<(), TasksError> {
    Ok(caller.require(&[Role::Admin, Role::Leader], "review tasks")?)
}
