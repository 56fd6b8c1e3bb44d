//! The responsibility chain (责任链) of a task: handler → lead unit → responsible leader (through the
//! portfolio that makes the task theirs: 一岗双责) → the Party organisation above the lead unit and its
//! secretary. Links whose record is missing (no handler set, no Party organisation above) are left out.

use qinglian_api::common::v1::Accountability;
use qinglian_api::tasks::v1::{ResponsibilityRole, UnitKind};
use qinglian_kit::auth::Caller;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::access::require_readable;
use super::{Assignments, find_task};
use crate::entities::{person, portfolio_unit, unit};
use crate::error::TasksError;

/// Who a link of the chain is: a person or a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bearer {
    /// A person (handler, responsible leader, Party secretary).
    Person(String),
    /// A unit (lead unit, Party organisation).
    Unit(String),
}

/// One link of a responsibility chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsibilityLink {
    /// What the link is.
    pub role: ResponsibilityRole,
    /// The person or unit bearing it.
    pub bearer: Bearer,
    /// The person's or unit's name.
    pub name: String,
    /// The accountability it bears.
    pub accountability: Accountability,
    /// For the responsible leader: the portfolio units through which the task is theirs.
    pub via_unit_ids: Vec<String>,
}

impl Assignments {
    /// The chain of a task the caller may read.
    pub async fn responsibility_chain(
        &self,
        caller: &Caller,
        task_id: &str,
    ) -> Result<Vec<ResponsibilityLink>, TasksError> {
        let conn = self.store.conn();
        require_readable(conn, caller, task_id).await?;
        let record = find_task(conn, task_id)
            .await?
            .ok_or_else(|| TasksError::not_found("task", task_id))?;
        let task = &record.task;
        let mut links = Vec::new();
        if let Some(handler) = person_named(conn, task.handler_id.as_deref()).await? {
            links.push(person_link(
                ResponsibilityRole::Handler,
                &handler,
                Accountability::Direct,
            ));
        }
        let lead_unit = unit::Entity::find_by_id(task.lead_unit_id.clone())
            .one(conn)
            .await?;
        if let Some(lead) = &lead_unit {
            links.push(unit_link(
                ResponsibilityRole::LeadUnit,
                lead,
                Accountability::Direct,
            ));
        }
        if let Some(leader) = person_named(conn, task.responsible_leader_id.as_deref()).await? {
            let mut link = person_link(
                ResponsibilityRole::ResponsibleLeader,
                &leader,
                Accountability::Leadership,
            );
            if let Some(lead) = &lead_unit {
                // The portfolio units that are the lead unit or above it.
                link.via_unit_ids = portfolio_unit::Entity::find()
                    .filter(portfolio_unit::Column::PersonId.eq(leader.id.clone()))
                    .all(conn)
                    .await?
                    .into_iter()
                    .map(|p| p.unit_id)
                    .filter(|unit_id| lead.path.contains(&format!("/{unit_id}/")))
                    .collect();
            }
            links.push(link);
        }
        if let Some(lead) = &lead_unit
            && let Some(organisation) = party_organisation_above(conn, lead).await?
        {
            links.push(unit_link(
                ResponsibilityRole::PartyOrganisation,
                &organisation,
                Accountability::Primary,
            ));
            if let Some(secretary) = person_named(conn, organisation.head_id.as_deref()).await? {
                links.push(person_link(
                    ResponsibilityRole::PartySecretary,
                    &secretary,
                    Accountability::First,
                ));
            }
        }
        Ok(links)
    }
}

/// The nearest unit on `unit`'s path (itself included) that is a Party group or committee.
pub async fn party_organisation_above(
    conn: &impl ConnectionTrait,
    unit: &unit::Model,
) -> Result<Option<unit::Model>, TasksError> {
    let ancestor_ids: Vec<String> = unit
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let ancestors = unit::Entity::find()
        .filter(unit::Column::Id.is_in(ancestor_ids.clone()))
        .filter(
            unit::Column::Kind
                .is_in([UnitKind::PartyGroup as i32, UnitKind::PartyCommittee as i32]),
        )
        .all(conn)
        .await?;
    Ok(ancestor_ids
        .iter()
        .rev()
        .find_map(|id| ancestors.iter().find(|a| &a.id == id).cloned()))
}

async fn person_named(
    conn: &impl ConnectionTrait,
    id: Option<&str>,
) -> Result<Option<person::Model>, TasksError> {
    match id {
        Some(id) => Ok(person::Entity::find_by_id(id.to_owned()).one(conn).await?),
        None => Ok(None),
    }
}

fn person_link(
    role: ResponsibilityRole,
    person: &person::Model,
    accountability: Accountability,
) -> ResponsibilityLink {
    ResponsibilityLink {
        role,
        bearer: Bearer::Person(person.id.clone()),
        name: person.name.clone(),
        accountability,
        via_unit_ids: Vec::new(),
    }
}

fn unit_link(
    role: ResponsibilityRole,
    unit: &unit::Model,
    accountability: Accountability,
) -> ResponsibilityLink {
    ResponsibilityLink {
        role,
        bearer: Bearer::Unit(unit.id.clone()),
        name: unit.name.clone(),
        accountability,
        via_unit_ids: Vec::new(),
    }
}
