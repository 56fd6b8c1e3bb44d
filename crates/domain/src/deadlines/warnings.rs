//! The warnings of the ladder, for every kind of subject: raised once per (subject, due date, level)
//! to the people the subject's service names, superseded when an approved extension moves the
//! deadline, listed (leaders and clerks see those addressed to them) and acknowledged by a recipient
//! or an admin. Acknowledging again changes nothing and replays like the first acknowledgement.

use chrono::NaiveDate;
use qinglian_api::common::v1::WarningLevel;
use qinglian_kit::auth::{Caller, Role};
use qinglian_kit::service_error::ServiceError;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Change, Mutation, StoreError};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::Level;
use super::records::{escalation, escalation_recipient};
use super::subject::Subject;

/// `people` in order, each once, blanks dropped.
pub fn distinct(people: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for person in people {
        if !person.is_empty() && !unique.contains(&person) {
            unique.push(person);
        }
    }
    unique
}

/// Whether `level` is already raised, and in force, for the subject against `due_date`.
pub async fn raised(
    conn: &impl ConnectionTrait,
    subject_id: &str,
    due_date: NaiveDate,
    level: Level,
) -> Result<bool, sea_orm::DbErr> {
    let count = escalation::Entity::find()
        .filter(escalation::Column::SubjectId.eq(subject_id))
        .filter(escalation::Column::DueDate.eq(due_date))
        .filter(escalation::Column::Level.eq(level as i32))
        .filter(escalation::Column::Superseded.eq(false))
        .count(conn)
        .await?;
    Ok(count > 0)
}

/// Raises `level` for the subject due on `due_date` as of `today`, addressed to `recipients`, and
/// records it for audit and outbox. The caller has checked it is not raised yet (a unique index on
/// subject, due date and level refuses a second one regardless).
pub async fn raise<S: Subject>(
    mutation: &mut Mutation,
    subject_id: &str,
    due_date: NaiveDate,
    level: Level,
    today: NaiveDate,
    recipients: &[String],
) -> Result<escalation::Model, StoreError> {
    let raised = escalation::Model {
        id: uuid::Uuid::now_v7().to_string(),
        subject_id: subject_id.to_owned(),
        level: level as i32,
        recipient_ids: recipients.join(","),
        raise_date: today,
        due_date,
        days_left: i32::try_from((due_date - today).num_days()).unwrap_or(i32::MIN),
        acknowledged: false,
        acknowledged_by: String::new(),
        acknowledge_time: None,
        superseded: false,
        version: 1,
        create_time: mutation.now(),
    };
    let txn = mutation.txn();
    escalation::ActiveModel::from(raised.clone())
        .insert(txn)
        .await?;
    for person_id in recipients {
        escalation_recipient::ActiveModel {
            escalation_id: Set(raised.id.clone()),
            person_id: Set(person_id.clone()),
        }
        .insert(txn)
        .await?;
    }
    mutation
        .record(Change::created(&raised.id, &raised, &S::warning(&raised)))
        .await?;
    Ok(raised)
}

/// Supersedes every warning of the subject still in force, recording each: its deadline moved, so
/// the ladder starts again from the new date. Answers how many were superseded.
pub async fn supersede<S: Subject>(
    mutation: &mut Mutation,
    subject_id: &str,
) -> Result<u64, StoreError> {
    let in_force = escalation::Entity::find()
        .filter(escalation::Column::SubjectId.eq(subject_id))
        .filter(escalation::Column::Superseded.eq(false))
        .order_by_asc(escalation::Column::Id)
        .all(mutation.txn())
        .await?;
    for before in &in_force {
        let mut after = before.clone();
        after.superseded = true;
        after.version += 1;
        escalation::ActiveModel::from(after.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                &after.id,
                before,
                &after,
                &S::warning(&after),
            ))
            .await?;
    }
    Ok(in_force.len() as u64)
}

/// What a listing of warnings about `S` allows.
pub fn list_spec<S: Subject>() -> ListSpec<escalation::Column> {
    use escalation::Column as C;
    let level = FieldType::Enum(|name| WarningLevel::from_str_name(name).map(|l| l as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: S::WARNING_RESOURCE,
        filter_fields: vec![
            field(S::SUBJECT_FIELD, C::SubjectId, FieldType::String),
            field("level", C::Level, level),
            field("acknowledged", C::Acknowledged, FieldType::Bool),
            field("superseded", C::Superseded, FieldType::Bool),
            field("raise_date", C::RaiseDate, FieldType::Date),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("create_time", C::CreateTime), ("raise_date", C::RaiseDate)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

/// Warnings addressed to `person_id`.
fn addressed_to(person_id: &str) -> SimpleExpr {
    escalation::Column::Id.in_subquery(
        Query::select()
            .column(escalation_recipient::Column::EscalationId)
            .from(escalation_recipient::Entity)
            .and_where(Expr::col(escalation_recipient::Column::PersonId).eq(person_id.to_owned()))
            .to_owned(),
    )
}

/// One page of the warnings about `S`: only those about the subjects `within` selects (every subject
/// when `None`), only those addressed to the caller for leaders and clerks, and only those addressed
/// to `recipient_id` when it is given.
pub async fn list<S: Subject>(
    conn: &DatabaseConnection,
    caller: &Caller,
    within: Option<SelectStatement>,
    recipient_id: &str,
    request: &ListRequest<'_>,
) -> Result<Page<escalation::Model>, StoreError> {
    let mut base = escalation::Entity::find();
    if let Some(subjects) = within {
        base = base.filter(escalation::Column::SubjectId.in_subquery(subjects));
    }
    if matches!(caller.role, Role::Leader | Role::Clerk) {
        base = base.filter(addressed_to(&caller.subject));
    }
    if !recipient_id.is_empty() {
        base = base.filter(addressed_to(recipient_id));
    }
    page::list(conn, &list_spec::<S>(), base, request).await
}

/// The warning `id` as the caller may acknowledge it: refused unless the caller is one of its
/// recipients or an admin (so a missing warning looks the same as someone else's to everyone else);
/// `None` when an admin names a warning that does not exist.
pub async fn addressed<E: ServiceError>(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    id: &str,
) -> Result<Option<escalation::Model>, E> {
    let stored = escalation::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?;
    let addressed = stored
        .as_ref()
        .is_some_and(|e| e.recipient_ids.split(',').any(|r| r == caller.subject));
    if caller.role != Role::Admin && !addressed {
        return Err(caller
            .denied("acknowledge a warning not addressed to them")
            .into());
    }
    Ok(stored)
}

/// Marks `stored` as seen by the caller and commits; a warning seen before is answered as it is, and
/// the request id still commits so a retry replays the same answer.
pub async fn acknowledge<S: Subject>(
    mut mutation: Box<Mutation>,
    caller: &Caller,
    stored: escalation::Model,
) -> Result<escalation::Model, StoreError> {
    if stored.acknowledged {
        mutation.commit(&stored).await?;
        return Ok(stored);
    }
    let mut updated = stored.clone();
    updated.acknowledged = true;
    updated.acknowledged_by = caller.subject.clone();
    updated.acknowledge_time = Some(mutation.now());
    updated.version += 1;
    escalation::ActiveModel::from(updated.clone())
        .reset_all()
        .update(mutation.txn())
        .await?;
    mutation
        .record(Change::updated(
            &updated.id,
            &stored,
            &updated,
            &S::warning(&updated),
        ))
        .await?;
    mutation.commit(&updated).await?;
    Ok(updated)
}
