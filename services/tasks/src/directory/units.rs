//! Units: create, read, list, move, delete, subtrees and batch reads.

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Caller;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, etag};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::{
    Directory, UNIT, batch_get, find_unit, hide_missing, new_id, require_scope, visible,
    within_scope,
};
use crate::directory::{UnitFields, UnitPatch};
use crate::entities::{
    duty_rule, liaison_link, person, plan, portfolio_unit, task, task_cooperating_unit, unit,
};
use crate::error::TasksError;

/// Filter and order fields of ListUnits.
fn list_spec() -> ListSpec<unit::Column> {
    use unit::Column as C;
    let kind = FieldType::Enum(|name| pb::UnitKind::from_str_name(name).map(|k| k as i32));
    ListSpec {
        resource: UNIT,
        filter_fields: vec![
            FilterField {
                name: "kind",
                column: C::Kind,
                field_type: kind,
            },
            FilterField {
                name: "name",
                column: C::Name,
                field_type: FieldType::String,
            },
            FilterField {
                name: "short_name",
                column: C::ShortName,
                field_type: FieldType::String,
            },
            FilterField {
                name: "code",
                column: C::Code,
                field_type: FieldType::String,
            },
            FilterField {
                name: "parent_id",
                column: C::ParentId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
            FilterField {
                name: "update_time",
                column: C::UpdateTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![
            ("name", C::Name),
            ("kind", C::Kind),
            ("create_time", C::CreateTime),
            ("update_time", C::UpdateTime),
        ],
        default_order: "name",
        id_field: ("id", C::Id),
    }
}

impl Directory {
    /// Creates a unit under an existing parent (admins may also create roots).
    pub async fn create_unit(
        &self,
        caller: &Caller,
        context: MutationContext,
        fields: UnitFields,
    ) -> Result<unit::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(unit) => return Ok(unit),
            Begun::Fresh(mutation) => mutation,
        };
        let parent = match &fields.parent_id {
            Some(id) => {
                let parent = find_unit(mutation.txn(), id).await?;
                require_scope(caller, parent.as_ref().map(|p| p.path.as_str()))?;
                Some(
                    parent
                        .ok_or_else(|| TasksError::invalid("unit.parent_id", "does not exist"))?,
                )
            }
            None => {
                require_scope(caller, None)?;
                None
            }
        };
        ensure_code_free(mutation.txn(), fields.code.as_deref(), None).await?;
        ensure_head_exists(mutation.txn(), fields.head_id.as_deref()).await?;
        let id = new_id();
        let now = mutation.now();
        let path = format!("{}{id}/", parent.map_or_else(|| "/".to_owned(), |p| p.path));
        let created = unit::Model {
            id: id.clone(),
            kind: fields.kind,
            name: fields.name,
            short_name: fields.short_name,
            parent_id: fields.parent_id,
            code: fields.code,
            path,
            head_id: fields.head_id,
            version: 1,
            create_time: now,
            update_time: now,
        };
        unit::ActiveModel::from(created.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(&id, &created, &pb::Unit::from(&created)))
            .await?;
        mutation.commit(&created).await?;
        Ok(created)
    }

    /// One unit within the caller's scope.
    pub async fn get_unit(&self, caller: &Caller, id: &str) -> Result<unit::Model, TasksError> {
        let found = find_unit(self.store.conn(), id)
            .await?
            .ok_or_else(|| TasksError::not_found("unit", id));
        visible(caller, found, |u| Some(u.path.as_str()))
    }

    /// One page of the units within the caller's scope.
    pub async fn list_units(
        &self,
        caller: &Caller,
        request: &ListRequest<'_>,
    ) -> Result<Page<unit::Model>, TasksError> {
        Ok(page::list(
            self.store.conn(),
            &list_spec(),
            unit::Entity::find().filter(within_scope(caller, unit::Column::Id)),
            request,
        )
        .await?)
    }

    /// Changes the masked fields of a unit; moving it re-roots its whole subtree.
    pub async fn update_unit(
        &self,
        caller: &Caller,
        context: MutationContext,
        patch: UnitPatch,
    ) -> Result<unit::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(unit) => return Ok(unit),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = find_unit(mutation.txn(), &patch.id).await?;
        require_scope(caller, stored.as_ref().map(|u| u.path.as_str()))?;
        let stored = stored.ok_or_else(|| TasksError::not_found("unit", &patch.id))?;
        etag::check(&patch.etag, stored.version)?;

        let mut updated = stored.clone();
        if patch.touches("kind") {
            updated.kind = patch.fields.kind;
        }
        if patch.touches("name") {
            updated.name = patch.fields.name.clone();
        }
        if patch.touches("short_name") {
            updated.short_name = patch.fields.short_name.clone();
        }
        if patch.touches("code") {
            ensure_code_free(
                mutation.txn(),
                patch.fields.code.as_deref(),
                Some(&stored.id),
            )
            .await?;
            updated.code = patch.fields.code.clone();
        }
        if patch.touches("head_id") {
            ensure_head_exists(mutation.txn(), patch.fields.head_id.as_deref()).await?;
            updated.head_id = patch.fields.head_id.clone();
        }
        if patch.touches("parent_id") && patch.fields.parent_id != stored.parent_id {
            let parent_path = match &patch.fields.parent_id {
                Some(parent_id) => {
                    let parent = find_unit(mutation.txn(), parent_id).await?;
                    require_scope(caller, parent.as_ref().map(|p| p.path.as_str()))?;
                    let parent = parent
                        .ok_or_else(|| TasksError::invalid("unit.parent_id", "does not exist"))?;
                    if parent.path.starts_with(&stored.path) {
                        return Err(TasksError::invalid(
                            "unit.parent_id",
                            "would make the unit its own ancestor",
                        ));
                    }
                    parent.path
                }
                None => {
                    require_scope(caller, None)?;
                    "/".to_owned()
                }
            };
            updated.parent_id = patch.fields.parent_id.clone();
            updated.path = format!("{parent_path}{}/", stored.id);
            move_subtree(mutation.txn(), &stored.path, &updated.path).await?;
        }
        updated.version = stored.version + 1;
        updated.update_time = mutation.now();
        unit::ActiveModel::from(updated.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                &updated.id,
                &stored,
                &updated,
                &pb::Unit::from(&updated),
            ))
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }

    /// Deletes a unit nothing refers to.
    pub async fn delete_unit(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
        given_etag: &str,
    ) -> Result<(), TasksError> {
        let mut mutation = match self.store.begin::<()>(context).await? {
            Begun::Replayed(()) => return Ok(()),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = find_unit(mutation.txn(), id).await?;
        require_scope(caller, stored.as_ref().map(|u| u.path.as_str()))?;
        let stored = stored.ok_or_else(|| TasksError::not_found("unit", id))?;
        etag::check(given_etag, stored.version)?;
        let txn = mutation.txn();
        let references = [
            (
                "sub-units",
                unit::Entity::find()
                    .filter(unit::Column::ParentId.eq(id))
                    .count(txn)
                    .await?,
            ),
            (
                "people",
                person::Entity::find()
                    .filter(person::Column::UnitId.eq(id))
                    .count(txn)
                    .await?,
            ),
            (
                "portfolios",
                portfolio_unit::Entity::find()
                    .filter(portfolio_unit::Column::UnitId.eq(id))
                    .count(txn)
                    .await?,
            ),
            (
                "liaison links",
                liaison_link::Entity::find()
                    .filter(liaison_link::Column::BranchId.eq(id))
                    .count(txn)
                    .await?,
            ),
            (
                "plans",
                plan::Entity::find()
                    .filter(plan::Column::IssuingUnitId.eq(id))
                    .count(txn)
                    .await?,
            ),
            (
                "tasks",
                task::Entity::find()
                    .filter(task::Column::LeadUnitId.eq(id))
                    .count(txn)
                    .await?
                    + task_cooperating_unit::Entity::find()
                        .filter(task_cooperating_unit::Column::UnitId.eq(id))
                        .count(txn)
                        .await?,
            ),
            (
                "duty rules",
                duty_rule::Entity::find()
                    .filter(duty_rule::Column::UnitId.eq(id))
                    .count(txn)
                    .await?,
            ),
        ];
        let in_use: Vec<String> = references
            .iter()
            .filter(|(_, count)| *count > 0)
            .map(|(what, count)| format!("{count} {what}"))
            .collect();
        if !in_use.is_empty() {
            return Err(TasksError::precondition(
                "UNIT_IN_USE",
                format!("unit is still referred to by {}", in_use.join(", ")),
            ));
        }
        unit::Entity::delete_by_id(id.to_owned())
            .exec(mutation.txn())
            .await?;
        mutation
            .record(Change::deleted(id, &stored, &pb::Unit::from(&stored)))
            .await?;
        mutation.commit(&()).await?;
        Ok(())
    }

    /// Several units in the order asked; NOT_FOUND naming every missing id.
    pub async fn batch_get_units(
        &self,
        caller: &Caller,
        ids: &[String],
    ) -> Result<Vec<unit::Model>, TasksError> {
        let units =
            batch_get::<unit::Entity>(self.store.conn(), "unit", unit::Column::Id, |u| &u.id, ids)
                .await
                .map_err(|e| hide_missing(caller, e))?;
        for unit in &units {
            require_scope(caller, Some(&unit.path))?;
        }
        Ok(units)
    }
}

/// ALREADY_EXISTS when another unit has `code`.
async fn ensure_code_free(
    conn: &impl ConnectionTrait,
    code: Option<&str>,
    except: Option<&str>,
) -> Result<(), TasksError> {
    let Some(code) = code else { return Ok(()) };
    let mut query = unit::Entity::find().filter(unit::Column::Code.eq(code));
    if let Some(id) = except {
        query = query.filter(unit::Column::Id.ne(id));
    }
    if query.count(conn).await? > 0 {
        return Err(TasksError::AlreadyExists(format!(
            "a unit with code {code} exists"
        )));
    }
    Ok(())
}

/// INVALID_ARGUMENT on `unit.head_id` when the head is not a person of the directory.
async fn ensure_head_exists(
    conn: &impl ConnectionTrait,
    head_id: Option<&str>,
) -> Result<(), TasksError> {
    match head_id {
        Some(id) if super::find_person(conn, id).await?.is_none() => {
            Err(TasksError::invalid("unit.head_id", "does not exist"))
        }
        _ => Ok(()),
    }
}

/// Rewrites the paths of every unit below `old` to hang under `new`.
async fn move_subtree(conn: &impl ConnectionTrait, old: &str, new: &str) -> Result<(), TasksError> {
    let below = unit::Entity::find()
        .filter(unit::Column::Path.starts_with(old))
        .filter(unit::Column::Path.ne(old))
        .all(conn)
        .await?;
    for unit in below {
        let path = format!("{new}{}", &unit.path[old.len()..]);
        let mut active: unit::ActiveModel = unit.into();
        active.path = sea_orm::Set(path);
        active.update(conn).await?;
    }
    Ok(())
}
