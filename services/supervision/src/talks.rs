//! Talks (谈话): recorded by leaders and the discipline body, read by all, but their reason, content and
//! follow-ups only by the discipline and admin roles; every such read is written to the audit log.

mod inputs;

pub use inputs::TalkFields;
use qinglian_api::supervision::v1 as pb;
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::{Caller, Reach, Role};
use qinglian_kit::clock::Clock;
use qinglian_kit::peers::PeerError;
use qinglian_kit::status::FieldViolation;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, Store, etag};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryFilter};

use crate::entities::talk;
use crate::error::SupervisionError;

/// What a caller read: the talks found, and whether it may see their confidential content (its
/// reads of it already audited); the edge leaves the content out when it may not.
#[derive(Debug)]
pub struct Read<T> {
    /// The talk, or the talks, found.
    pub found: T,
    /// True when the caller's role sees the confidential fields.
    pub content_visible: bool,
}

/// The fields of a talk only the discipline roles may read, kept out of audit payloads.
const CONFIDENTIAL: &[&str] = &["reason", "content", "follow_ups"];

/// Protobuf name of a talk.
pub const TALK: &str = "qinglian.supervision.v1.Talk";

/// Roles that record talks and add follow-ups.
pub const RECORDERS: &[Role] = &[Role::Admin, Role::Discipline, Role::Leader];

/// Whether `caller` may read a talk's confidential fields.
pub fn sees_content(caller: &Caller) -> bool {
    matches!(caller.role, Role::Admin | Role::Discipline)
}

/// Talks over the service's store, checked against the directory.
#[derive(Clone, Debug)]
pub struct Talks {
    store: Store,
    directory: DirectoryPeer,
    clock: Clock,
}

fn list_spec() -> ListSpec<talk::Column> {
    use talk::Column as C;
    let kind = FieldType::Enum(|name| pb::TalkKind::from_str_name(name).map(|k| k as i32));
    ListSpec {
        resource: TALK,
        filter_fields: vec![
            FilterField {
                name: "kind",
                column: C::Kind,
                field_type: kind,
            },
            FilterField {
                name: "subject_person_id",
                column: C::SubjectPersonId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "subject_unit_id",
                column: C::SubjectUnitId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "date",
                column: C::Date,
                field_type: FieldType::Date,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![("date", C::Date), ("create_time", C::CreateTime)],
        default_order: "date",
        id_field: ("id", C::Id),
    }
}

impl Talks {
    /// Talks in `store`, people checked through `directory`, dates judged by `clock`.
    pub fn new(store: Store, directory: DirectoryPeer, clock: Clock) -> Self {
        Self {
            store,
            directory,
            clock,
        }
    }

    /// Today, for validating dates.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Records a talk about a person within `reach`. Every person is checked in the directory first:
    /// when it is down the call fails with UNAVAILABLE before anything is written.
    pub async fn record(
        &self,
        reach: &Reach,
        context: MutationContext,
        fields: TalkFields,
    ) -> Result<talk::Model, SupervisionError> {
        let mut ids = vec![fields.subject_person_id.clone()];
        ids.extend(fields.conducted_by_ids.iter().cloned());
        let people = match self.directory.people(&ids).await {
            Ok(people) => people,
            Err(PeerError::Missing { ids: missing }) => {
                let mut violations = Vec::new();
                if missing.contains(&fields.subject_person_id) {
                    violations.push(FieldViolation::new(
                        "talk.subject_person_id",
                        "does not exist",
                    ));
                }
                for (i, id) in fields.conducted_by_ids.iter().enumerate() {
                    if missing.contains(id) {
                        violations.push(FieldViolation::new(
                            format!("talk.conducted_by_ids[{i}]"),
                            "does not exist",
                        ));
                    }
                }
                return Err(SupervisionError::InvalidArgument(violations));
            }
            Err(other) => return Err(other.into()),
        };
        let subject_unit_id = people
            .first()
            .map(|p| p.unit_id.clone())
            .unwrap_or_default();
        reach.require([subject_unit_id.as_str()])?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(talk) => return Ok(talk),
            Begun::Fresh(mutation) => mutation,
        };
        let now = mutation.now();
        let created = talk::Model {
            id: uuid::Uuid::now_v7().to_string(),
            kind: fields.kind,
            subject_person_id: fields.subject_person_id,
            subject_unit_id,
            conducted_by_ids: fields.conducted_by_ids.join(","),
            date: fields.date,
            reason: fields.reason,
            content: fields.content,
            follow_ups: "[]".to_owned(),
            version: 1,
            create_time: now,
            update_time: now,
        };
        talk::ActiveModel::from(created.clone())
            .insert(mutation.txn())
            .await?;
        // Watchers get the redacted talk and the audit log its hashes: neither carries confidential
        // content.
        mutation
            .record(
                Change::created(&created.id, &created, &created.message(false))
                    .redacted(CONFIDENTIAL),
            )
            .await?;
        mutation.commit(&created).await?;
        Ok(created)
    }

    /// One talk about a person within `reach`; a read of its content by the discipline or admin role
    /// is audited.
    pub async fn get(
        &self,
        caller: &Caller,
        reach: &Reach,
        method: &str,
        id: &str,
    ) -> Result<Read<talk::Model>, SupervisionError> {
        let found = talk::Entity::find_by_id(id.to_owned())
            .one(self.store.conn())
            .await?
            .ok_or_else(|| SupervisionError::not_found("talk", id));
        let row = reach.admit(found, |t| vec![t.subject_unit_id.as_str()])?;
        let confidential = sees_content(caller);
        if confidential {
            self.audit_reads(caller, method, std::slice::from_ref(&row.id))
                .await?;
        }
        Ok(Read {
            found: row,
            content_visible: confidential,
        })
    }

    /// One page of the talks about people within `reach`, redacted unless the caller is discipline or
    /// admin (whose reads are audited).
    pub async fn list(
        &self,
        caller: &Caller,
        reach: &Reach,
        method: &str,
        request: &ListRequest<'_>,
    ) -> Result<(Read<Vec<talk::Model>>, String), SupervisionError> {
        let Page {
            items,
            next_page_token,
        } = page::list(
            self.store.conn(),
            &list_spec(),
            talk::Entity::find().filter(reach.condition(talk::Column::SubjectUnitId)),
            request,
        )
        .await?;
        let confidential = sees_content(caller);
        if confidential && !items.is_empty() {
            let ids: Vec<String> = items.iter().map(|t| t.id.clone()).collect();
            self.audit_reads(caller, method, &ids).await?;
        }
        Ok((
            Read {
                found: items,
                content_visible: confidential,
            },
            next_page_token,
        ))
    }

    /// Adds a follow-up note to a talk about a person within `reach`.
    pub async fn add_follow_up(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        note: String,
        given_etag: &str,
    ) -> Result<talk::Model, SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(talk) => return Ok(talk),
            Begun::Fresh(mutation) => mutation,
        };
        let found = talk::Entity::find_by_id(id.to_owned())
            .one(mutation.txn())
            .await?
            .ok_or_else(|| SupervisionError::not_found("talk", id));
        let stored = reach.admit(found, |t| vec![t.subject_unit_id.as_str()])?;
        etag::check(given_etag, stored.version)?;
        let mut notes: Vec<String> = serde_json::from_str(&stored.follow_ups).unwrap_or_default();
        notes.push(note);
        let mut updated = stored.clone();
        updated.follow_ups = serde_json::to_string(&notes).unwrap_or_else(|_| "[]".to_owned());
        updated.version += 1;
        updated.update_time = mutation.now();
        talk::ActiveModel::from(updated.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(
                Change::updated(id, &stored, &updated, &updated.message(false))
                    .redacted(CONFIDENTIAL),
            )
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }

    /// Writes one ACCESS audit event per talk whose content `caller` read.
    async fn audit_reads(
        &self,
        caller: &Caller,
        method: &str,
        ids: &[String],
    ) -> Result<(), SupervisionError> {
        let context =
            MutationContext::new(caller.actor(), method, "", &pb::GetTalkRequest::default())?;
        let mut mutation = match self.store.begin::<()>(context).await? {
            Begun::Replayed(()) => return Ok(()),
            Begun::Fresh(mutation) => mutation,
        };
        for id in ids {
            mutation.record(Change::accessed::<pb::Talk>(id)).await?;
        }
        mutation.commit(&()).await?;
        Ok(())
    }
}
