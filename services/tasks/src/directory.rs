//! The directory: units, people, portfolios and liaison links, with the access rules that guard them.
//!
//! Reads are open to every role. Writes need the admin role, or the clerk role within the caller's unit
//! scope: the unit in the token and every unit below it (a prefix of the materialised path). The role
//! is checked before anything is looked up, and a scoped caller asking about a record that does not
//! exist is told PERMISSION_DENIED, so scope cannot be used to probe what exists elsewhere.

mod liaison_links;
mod people;
mod portfolios;
mod tree;
mod units;

use std::collections::HashMap;

use qinglian_kit::auth::{Caller, Role};
use qinglian_store::Store;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

pub use tree::UnitTree;

use crate::entities::{person, unit};
use crate::error::TasksError;

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
        return Err(TasksError::NotFound {
            resource,
            ids: missing,
        });
    }
    Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
}
