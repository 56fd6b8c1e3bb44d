//! Requests to move a deadline, for every kind of subject: asked for while the subject is open, one
//! pending at a time and always later than the current deadline; decided once. Approval supersedes the
//! warnings raised against the old date, and the subject's service moves its deadline in the same
//! mutation, so the ladder starts again from the new date.

use chrono::NaiveDate;
use qinglian_api::common::v1::ExtensionState;
use qinglian_kit::service_error::ServiceError;
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Change, Mutation, StoreError};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use super::records::extension;
use super::subject::Subject;
use super::warnings;

/// Records a request for `requested` as the deadline of the subject (due on `current` now) and
/// commits. The service has checked that the caller may ask and that the subject is open.
pub async fn request<S: Subject, E: ServiceError>(
    mut mutation: Box<Mutation>,
    subject_id: &str,
    current: NaiveDate,
    requested: NaiveDate,
    reason: String,
) -> Result<extension::Model, E> {
    if requested <= current {
        return Err(E::invalid(
            S::REQUESTED_FIELD,
            format!("must be later than the current deadline {current}"),
        ));
    }
    let pending = extension::Entity::find()
        .filter(extension::Column::SubjectId.eq(subject_id))
        .filter(extension::Column::State.eq(ExtensionState::Pending as i32))
        .count(mutation.txn())
        .await?;
    if pending > 0 {
        return Err(E::precondition(
            "EXTENSION_PENDING",
            format!(
                "an extension request of this {} is already pending",
                S::NOUN
            ),
        ));
    }
    let created = extension::Model {
        id: uuid::Uuid::now_v7().to_string(),
        subject_id: subject_id.to_owned(),
        requested_due_date: requested,
        reason,
        state: ExtensionState::Pending as i32,
        requested_by: mutation.actor().subject.clone(),
        decided_by: String::new(),
        decision_reason: String::new(),
        create_time: mutation.now(),
        decide_time: None,
    };
    extension::ActiveModel::from(created.clone())
        .insert(mutation.txn())
        .await?;
    mutation
        .record(Change::created(
            &created.id,
            &created,
            &S::extension(&created),
        ))
        .await?;
    mutation.commit(&created).await?;
    Ok(created)
}

/// The extension request `id`, if there is one.
pub async fn find(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<extension::Model>, sea_orm::DbErr> {
    extension::Entity::find_by_id(id.to_owned()).one(conn).await
}

/// Decides `pending` and records the decision; an approval also supersedes the subject's warnings in
/// force. The service then moves its subject's deadline to `requested_due_date` (resetting its warning
/// level) inside the same mutation and commits. A request decided before is refused.
pub async fn decide<S: Subject, E: ServiceError>(
    mutation: &mut Mutation,
    pending: &extension::Model,
    approve: bool,
    reason: String,
) -> Result<extension::Model, E> {
    if pending.state != ExtensionState::Pending as i32 {
        return Err(E::precondition(
            "EXTENSION_DECIDED",
            "the extension request is already decided".to_owned(),
        ));
    }
    let mut decided = pending.clone();
    decided.state = if approve {
        ExtensionState::Approved
    } else {
        ExtensionState::Rejected
    } as i32;
    decided.decided_by = mutation.actor().subject.clone();
    decided.decision_reason = reason;
    decided.decide_time = Some(mutation.now());
    extension::ActiveModel::from(decided.clone())
        .reset_all()
        .update(mutation.txn())
        .await?;
    mutation
        .record(Change::updated(
            &decided.id,
            pending,
            &decided,
            &S::extension(&decided),
        ))
        .await?;
    if approve {
        warnings::supersede::<S>(mutation, &decided.subject_id).await?;
    }
    Ok(decided)
}

/// What a listing of extension requests about `S` allows.
pub fn list_spec<S: Subject>() -> ListSpec<extension::Column> {
    use extension::Column as C;
    ListSpec {
        resource: S::EXTENSION_RESOURCE,
        filter_fields: vec![],
        order_fields: vec![("create_time", C::CreateTime)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

/// One page of the extension requests of one subject.
pub async fn list<S: Subject>(
    conn: &impl ConnectionTrait,
    subject_id: &str,
    request: &ListRequest<'_>,
) -> Result<Page<extension::Model>, StoreError> {
    let base = extension::Entity::find().filter(extension::Column::SubjectId.eq(subject_id));
    page::list(conn, &list_spec::<S>(), base, request).await
}
