//! People: create, read, list, update, delete and batch reads.

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Caller;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, etag};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{
    Directory, PERSON, batch_get, find_person, find_unit, hide_missing, new_id, path_of,
    require_scope, within_scope,
};
use crate::directory::{PersonFields, PersonPatch};
use crate::entities::{liaison_link, person, portfolio, portfolio_unit, task, unit};
use crate::error::TasksError;

/// Filter and order fields of ListPeople.
fn list_spec() -> ListSpec<person::Column> {
    use person::Column as C;
    ListSpec {
        resource: PERSON,
        filter_fields: vec![
            FilterField {
                name: "name",
                column: C::Name,
                field_type: FieldType::String,
            },
            FilterField {
                name: "unit_id",
                column: C::UnitId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "position",
                column: C::Position,
                field_type: FieldType::String,
            },
            FilterField {
                name: "party_member",
                column: C::PartyMember,
                field_type: FieldType::Bool,
            },
            FilterField {
                name: "leading_cadre",
                column: C::LeadingCadre,
                field_type: FieldType::Bool,
            },
            FilterField {
                name: "leadership_team_member",
                column: C::LeadershipTeamMember,
                field_type: FieldType::Bool,
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
            ("unit_id", C::UnitId),
            ("create_time", C::CreateTime),
            ("update_time", C::UpdateTime),
        ],
        default_order: "name",
        id_field: ("id", C::Id),
    }
}

impl Directory {
    /// Creates a person in an existing unit within the caller's scope.
    pub async fn create_person(
        &self,
        caller: &Caller,
        context: MutationContext,
        fields: PersonFields,
    ) -> Result<person::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(person) => return Ok(person),
            Begun::Fresh(mutation) => mutation,
        };
        let unit = find_unit(mutation.txn(), &fields.unit_id).await?;
        require_scope(caller, unit.as_ref().map(|u| u.path.as_str()))?;
        if unit.is_none() {
            return Err(TasksError::invalid("person.unit_id", "does not exist"));
        }
        let id = new_id();
        let now = mutation.now();
        let created = person::Model {
            id: id.clone(),
            name: fields.name,
            unit_id: fields.unit_id,
            position: fields.position,
            party_member: fields.party_member,
            leading_cadre: fields.leading_cadre,
            leadership_team_member: fields.leadership_team_member,
            version: 1,
            create_time: now,
            update_time: now,
        };
        person::ActiveModel::from(created.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(&id, &created, &pb::Person::from(&created)))
            .await?;
        mutation.commit(&created).await?;
        Ok(created)
    }

    /// One person.
    pub async fn get_person(&self, caller: &Caller, id: &str) -> Result<person::Model, TasksError> {
        let conn = self.store.conn();
        let person = find_person(conn, id)
            .await?
            .ok_or_else(|| TasksError::not_found("person", id))
            .map_err(|e| hide_missing(caller, e))?;
        if caller.unit.is_some() {
            require_scope(caller, path_of(conn, &person.unit_id).await?.as_deref())?;
        }
        Ok(person)
    }

    /// One page of the people of units within the caller's scope.
    pub async fn list_people(
        &self,
        caller: &Caller,
        request: &ListRequest<'_>,
    ) -> Result<Page<person::Model>, TasksError> {
        Ok(page::list(
            self.store.conn(),
            &list_spec(),
            person::Entity::find().filter(within_scope(caller, person::Column::UnitId)),
            request,
        )
        .await?)
    }

    /// Changes the masked fields of a person; moving them to another unit needs scope over both.
    pub async fn update_person(
        &self,
        caller: &Caller,
        context: MutationContext,
        patch: PersonPatch,
    ) -> Result<person::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(person) => return Ok(person),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = find_person(mutation.txn(), &patch.id).await?;
        let unit = match &stored {
            Some(person) => find_unit(mutation.txn(), &person.unit_id).await?,
            None => None,
        };
        require_scope(caller, unit.as_ref().map(|u| u.path.as_str()))?;
        let stored = stored.ok_or_else(|| TasksError::not_found("person", &patch.id))?;
        etag::check(&patch.etag, stored.version)?;

        let mut updated = stored.clone();
        let fields = &patch.fields;
        if patch.touches("unit_id") && fields.unit_id != stored.unit_id {
            let new_unit = find_unit(mutation.txn(), &fields.unit_id).await?;
            require_scope(caller, new_unit.as_ref().map(|u| u.path.as_str()))?;
            if new_unit.is_none() {
                return Err(TasksError::invalid("person.unit_id", "does not exist"));
            }
            updated.unit_id = fields.unit_id.clone();
        }
        if patch.touches("name") {
            updated.name = fields.name.clone();
        }
        if patch.touches("position") {
            updated.position = fields.position.clone();
        }
        if patch.touches("party_member") {
            updated.party_member = fields.party_member;
        }
        if patch.touches("leading_cadre") {
            updated.leading_cadre = fields.leading_cadre;
        }
        if patch.touches("leadership_team_member") {
            updated.leadership_team_member = fields.leadership_team_member;
        }
        updated.version = stored.version + 1;
        updated.update_time = mutation.now();
        person::ActiveModel::from(updated.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                &updated.id,
                &stored,
                &updated,
                &pb::Person::from(&updated),
            ))
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }

    /// Deletes a person no portfolio or liaison link refers to.
    pub async fn delete_person(
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
        let stored = find_person(mutation.txn(), id).await?;
        let unit = match &stored {
            Some(person) => find_unit(mutation.txn(), &person.unit_id).await?,
            None => None,
        };
        require_scope(caller, unit.as_ref().map(|u| u.path.as_str()))?;
        let stored = stored.ok_or_else(|| TasksError::not_found("person", id))?;
        etag::check(given_etag, stored.version)?;
        let txn = mutation.txn();
        let portfolio_units = portfolio_unit::Entity::find()
            .filter(portfolio_unit::Column::PersonId.eq(id))
            .count(txn)
            .await?;
        let links = liaison_link::Entity::find()
            .filter(liaison_link::Column::LeaderId.eq(id))
            .count(txn)
            .await?;
        let headed = unit::Entity::find()
            .filter(unit::Column::HeadId.eq(id))
            .count(txn)
            .await?;
        let tasks = task::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(task::Column::ResponsibleLeaderId.eq(id))
                    .add(task::Column::HandlerId.eq(id)),
            )
            .count(txn)
            .await?;
        if portfolio_units + links + headed + tasks > 0 {
            return Err(TasksError::precondition(
                "PERSON_IN_USE",
                format!(
                    "person still oversees {portfolio_units} units, holds {links} liaison links, heads {headed} units and answers for {tasks} tasks"
                ),
            ));
        }
        portfolio::Entity::delete_by_id(id.to_owned())
            .exec(txn)
            .await?;
        person::Entity::delete_by_id(id.to_owned())
            .exec(txn)
            .await?;
        mutation
            .record(Change::deleted(id, &stored, &pb::Person::from(&stored)))
            .await?;
        mutation.commit(&()).await?;
        Ok(())
    }

    /// Several people in the order asked; NOT_FOUND naming every missing id.
    pub async fn batch_get_people(
        &self,
        caller: &Caller,
        ids: &[String],
    ) -> Result<Vec<person::Model>, TasksError> {
        let conn = self.store.conn();
        let people =
            batch_get::<person::Entity>(conn, "person", person::Column::Id, |p| &p.id, ids)
                .await
                .map_err(|e| hide_missing(caller, e))?;
        if caller.unit.is_some() {
            let unit_ids: Vec<String> = people.iter().map(|p| p.unit_id.clone()).collect();
            let inside = unit::Entity::find()
                .filter(unit::Column::Id.is_in(unit_ids.iter().cloned()))
                .filter(within_scope(caller, unit::Column::Id))
                .all(conn)
                .await?;
            if unit_ids
                .iter()
                .any(|id| !inside.iter().any(|u| &u.id == id))
            {
                return Err(caller.denied("act outside their unit scope").into());
            }
        }
        Ok(people)
    }
}
