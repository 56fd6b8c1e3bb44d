//! The directory: units, people, portfolios and liaison links, with the access rules that guard them.
//!
//! Reads are open to every role, within the caller's unit scope: the unit in the token and every unit
//! below it (a prefix of the materialised path); a scoped caller sees only the units and people of its
//! subtree. Writes need the admin role, or the clerk role, within the same scope. The role is checked
//! before anything is looked up, and a scoped caller asking about a record that does not exist is told
//! PERMISSION_DENIED, so scope cannot be used to probe what exists elsewhere.

pub mod inputs;
mod liaison_links;
mod people;
mod portfolios;
mod tree;
mod units;

use std::collections::HashMap;

use qinglian_kit::auth::{Caller, Role};
use qinglian_store::Store;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub use tree::UnitTree;

use crate::entities::{person, unit};
use crate::error::TasksError;

pub use inputs::{PersonFields, PersonPatch, PortfolioRecord, UnitFields, UnitPatch};

/// Protobuf name of a unit, in the audit log and outbox.
pub const UNIT: &str = "qinglian.tasks.v1.Unit";
/// Protobuf name of a person.
pub const PERSON: &str = "qinglian.tasks.v1.Person";
/// Protobuf name of a portfolio.
pub const PORTFOLIO: &str = "qinglian.tasks.v1.Portfolio";
/// Protobuf name of a liaison link.
pub const LIAISON_LINK: &str = "qinglian.tasks.v1.LiaisonLink";

/// Roles that may change the directory.
const WRITERS: &[Role] = &[Role::Admin, Role::Clerk];

/// The directory over the service's store.
#[derive(Clone, Debug)]
pub struct Directory {
    store: Store,
}

impl Directory {
    /// The directory kept in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

/// PERMISSION_DENIED unless the caller may change the directory at all. The gRPC adapter checks this
/// first, before it validates the request, so a caller without the role learns nothing else.
pub fn require_writer(caller: &Caller) -> Result<(), TasksError> {
    Ok(caller.require(WRITERS, "change the directory")?)
}

/// PERMISSION_DENIED unless the unit at `path` is within the caller's scope. A missing unit (None) is
/// within the scope of unscoped callers only, who are then told NOT_FOUND by the caller of this check.
pub(crate) fn require_scope(caller: &Caller, path: Option<&str>) -> Result<(), TasksError> {
    match (&caller.unit, path) {
        (None, _) => Ok(()),
        (Some(scope), Some(path)) if path.contains(&format!("/{scope}/")) => Ok(()),
        (Some(_), _) => Err(caller.denied("act outside their unit scope").into()),
    }
}

/// The ids of the units at or below the caller's scope, as a subquery; None for an unscoped caller.
pub(crate) fn units_within(caller: &Caller) -> Option<SelectStatement> {
    caller.unit.as_ref().map(|scope| {
        Query::select()
            .column(unit::Column::Id)
            .from(unit::Entity)
            .and_where(Expr::col(unit::Column::Path).like(format!("%/{scope}/%")))
            .to_owned()
    })
}

/// Rows whose unit, in `column`, is within the caller's scope (every row for an unscoped caller).
pub(crate) fn within_scope(caller: &Caller, column: impl ColumnTrait) -> Condition {
    match units_within(caller) {
        None => Condition::all(),
        Some(units) => Condition::all().add(column.in_subquery(units)),
    }
}

/// The record a lookup `found`, provided its unit's path (by `path_of`) is within the caller's scope:
/// PERMISSION_DENIED otherwise, and for a scoped caller asking for a record that does not exist.
pub(crate) fn visible<T>(
    caller: &Caller,
    found: Result<T, TasksError>,
    path_of: impl FnOnce(&T) -> Option<&str>,
) -> Result<T, TasksError> {
    let record = found.map_err(|e| hide_missing(caller, e))?;
    require_scope(caller, path_of(&record))?;
    Ok(record)
}

/// `error` as a scoped caller is told it: PERMISSION_DENIED when it says a record is missing.
pub(crate) fn hide_missing(caller: &Caller, error: TasksError) -> TasksError {
    match error {
        TasksError::NotFound { .. } if caller.unit.is_some() => {
            caller.denied("act outside their unit scope").into()
        }
        other => other,
    }
}

/// PERMISSION_DENIED unless every unit of `unit_ids` is within the caller's scope (always passes for
/// an unscoped caller): a write touches only what its caller reaches.
pub(crate) async fn require_units(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    unit_ids: &[&str],
) -> Result<(), TasksError> {
    let Some(units) = units_within(caller) else {
        return Ok(());
    };
    let mut wanted: Vec<&str> = unit_ids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let inside = unit::Entity::find()
        .filter(unit::Column::Id.is_in(wanted.iter().map(|id| (*id).to_owned())))
        .filter(unit::Column::Id.in_subquery(units))
        .count(conn)
        .await?;
    if inside == wanted.len() as u64 {
        Ok(())
    } else {
        Err(caller.denied("act outside their unit scope").into())
    }
}

/// The path of unit `id`, or None.
pub(crate) async fn path_of(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<String>, TasksError> {
    Ok(find_unit(conn, id).await?.map(|u| u.path))
}

/// A unit by id, or None.
pub(crate) async fn find_unit(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<unit::Model>, TasksError> {
    Ok(unit::Entity::find_by_id(id.to_owned()).one(conn).await?)
}

/// A person by id, or None.
pub(crate) async fn find_person(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<person::Model>, TasksError> {
    Ok(person::Entity::find_by_id(id.to_owned()).one(conn).await?)
}

/// A new resource id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Rows of `E` with the given ids, in the order asked; NOT_FOUND naming every missing id.
async fn batch_get<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    resource: &'static str,
    id_column: E::Column,
    id_of: fn(&E::Model) -> &str,
    ids: &[String],
) -> Result<Vec<E::Model>, TasksError>
where
    E::Model: Clone,
{
    let found: HashMap<String, E::Model> = E::find()
        .filter(id_column.is_in(ids.iter().cloned()))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| (id_of(&row).to_owned(), row))
        .collect();
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !found.contains_key(*id))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(TasksError::missing(resource, &missing));
    }
    Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
}
