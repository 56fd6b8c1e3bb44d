//! Unit subtrees, read in one query by path prefix and assembled in memory.

use std::collections::HashMap;

use qinglian_kit::auth::Caller;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::Directory;
use crate::entities::unit;
use crate::error::TasksError;

/// A unit with its sub-units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitTree {
    /// The unit.
    pub unit: unit::Model,
    /// Its children, by name.
    pub children: Vec<UnitTree>,
}

impl Directory {
    /// The subtree under `root_id` (the whole forest when empty; the caller's scope for a scoped
    /// caller), `max_depth` levels deep (0: all). The root must be within the caller's scope.
    pub async fn unit_tree(
        &self,
        caller: &Caller,
        root_id: &str,
        max_depth: u32,
    ) -> Result<Vec<UnitTree>, TasksError> {
        let conn = self.store.conn();
        let root_id = match &caller.unit {
            Some(scope) if root_id.is_empty() => scope.as_str(),
            _ => root_id,
        };
        let (query, root_depth) = if root_id.is_empty() {
            (unit::Entity::find(), 1)
        } else {
            let root = self.get_unit(caller, root_id).await?;
            let depth = depth(&root.path);
            (
                unit::Entity::find().filter(unit::Column::Path.starts_with(root.path)),
                depth,
            )
        };
        let mut units = query
            .order_by_asc(unit::Column::Name)
            .order_by_asc(unit::Column::Id)
            .all(conn)
            .await?;
        if max_depth > 0 {
            units.retain(|u| depth(&u.path) <= root_depth + max_depth as usize);
        }
        let mut children: HashMap<Option<String>, Vec<unit::Model>> = HashMap::new();
        let mut roots = Vec::new();
        for unit in units {
            if unit.id == root_id || (root_id.is_empty() && unit.parent_id.is_none()) {
                roots.push(unit);
            } else {
                children
                    .entry(unit.parent_id.clone())
                    .or_default()
                    .push(unit);
            }
        }
        Ok(roots
            .into_iter()
            .map(|root| grow(root, &mut children))
            .collect())
    }
}

/// Number of units on a path, the root being 1.
fn depth(path: &str) -> usize {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .count()
}

fn grow(unit: unit::Model, children: &mut HashMap<Option<String>, Vec<unit::Model>>) -> UnitTree {
    let own = children.remove(&Some(unit.id.clone())).unwrap_or_default();
    UnitTree {
        unit,
        children: own.into_iter().map(|child| grow(child, children)).collect(),
    }
}
