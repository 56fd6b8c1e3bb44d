//! Who a duty falls on: subjects resolved from the directory within the rule's unit and the units below
//! it, or listed explicitly.

use std::collections::BTreeSet;

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::status::FieldViolation;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::directory::{find_person, find_unit};
use crate::entities::{liaison_link, person, unit};
use crate::error::TasksError;

/// A unit (person empty), a person (unit empty), or a leader at a branch (both set).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Subject {
    /// The person, or empty.
    pub person_id: String,
    /// The unit, or empty.
    pub unit_id: String,
}

/// How a rule selects its subjects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectSelection {
    /// `DutySubjectSelector` number.
    pub selector: i32,
    /// The listed subjects, for the explicit selector; empty otherwise.
    pub subjects: Vec<Subject>,
}

/// The subjects of `selection` as the directory stands now, among the units at and below the unit at
/// `unit_path` (None when the rule's unit no longer exists: then only listed subjects remain).
pub(super) async fn resolve(
    conn: &impl ConnectionTrait,
    unit_path: Option<&str>,
    selection: &SubjectSelection,
) -> Result<BTreeSet<Subject>, TasksError> {
    use pb::DutySubjectSelector as Selector;
    let selector = Selector::try_from(selection.selector).unwrap_or(Selector::Unspecified);
    if selector == Selector::Explicit {
        return Ok(selection.subjects.iter().cloned().collect());
    }
    let Some(path) = unit_path else {
        return Ok(BTreeSet::new());
    };
    // Every unit at or below the rule's unit, as a sub-query.
    let within = || {
        Query::select()
            .column(unit::Column::Id)
            .from(unit::Entity)
            .and_where(unit::Column::Path.starts_with(path))
            .to_owned()
    };
    let subjects = match selector {
        Selector::LiaisonLinks => liaison_link::Entity::find()
            .filter(liaison_link::Column::BranchId.in_subquery(within()))
            .all(conn)
            .await?
            .into_iter()
            .map(|link| Subject {
                person_id: link.leader_id,
                unit_id: link.branch_id,
            })
            .collect(),
        Selector::PartyBranches => unit::Entity::find()
            .filter(unit::Column::Path.starts_with(path))
            .filter(unit::Column::Kind.eq(pb::UnitKind::PartyBranch as i32))
            .select_only()
            .column(unit::Column::Id)
            .into_tuple::<String>()
            .all(conn)
            .await?
            .into_iter()
            .map(|unit_id| Subject {
                person_id: String::new(),
                unit_id,
            })
            .collect(),
        Selector::LeadershipTeam => person::Entity::find()
            .filter(person::Column::LeadershipTeamMember.eq(true))
            .filter(person::Column::UnitId.in_subquery(within()))
            .select_only()
            .column(person::Column::Id)
            .into_tuple::<String>()
            .all(conn)
            .await?
            .into_iter()
            .map(|person_id| Subject {
                person_id,
                unit_id: String::new(),
            })
            .collect(),
        Selector::Explicit | Selector::Unspecified => BTreeSet::new(),
    };
    Ok(subjects)
}

/// INVALID_ARGUMENT naming every listed person or unit that does not exist, under `prefix`
/// (e.g. `duty_rule.subjects`).
pub(super) async fn check_listed(
    conn: &impl ConnectionTrait,
    prefix: &str,
    subjects: &[Subject],
) -> Result<(), TasksError> {
    let mut missing = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        if !subject.person_id.is_empty() && find_person(conn, &subject.person_id).await?.is_none() {
            missing.push(FieldViolation::new(
                format!("{prefix}[{i}].person_id"),
                "does not exist",
            ));
        }
        if !subject.unit_id.is_empty() && find_unit(conn, &subject.unit_id).await?.is_none() {
            missing.push(FieldViolation::new(
                format!("{prefix}[{i}].unit_id"),
                "does not exist",
            ));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(TasksError::InvalidArgument(missing))
    }
}

/// The unit that decides a clerk's scope over `subject`: its unit (a liaison link's branch), or the
/// unit of its person. None when it does not exist.
pub(super) async fn home_unit(
    conn: &impl ConnectionTrait,
    subject: &Subject,
) -> Result<Option<unit::Model>, TasksError> {
    if !subject.unit_id.is_empty() {
        return find_unit(conn, &subject.unit_id).await;
    }
    match find_person(conn, &subject.person_id).await? {
        Some(person) => find_unit(conn, &person.unit_id).await,
        None => Ok(None),
    }
}
