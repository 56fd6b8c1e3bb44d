//! Mutations: each one changes records, appends the audit events, writes the outbox events and
//! remembers the response under the caller's request id, all or nothing, and is acknowledged only once
//! durable.
//!
//! ```text
//! let mut mutation = match store.begin(context).await? {
//!     Begun::Replayed(first_response) => return Ok(first_response),
//!     Begun::Fresh(mutation) => mutation,
//! };
//! // … change rows through mutation.txn() …
//! mutation.record(change).await?;
//! mutation.commit(&response).await?;
//! ```
//!
//! A mutation runs in its turn of a batch (see [`crate::commit`]): one at a time per service, in
//! queue order, each in a savepoint of the batch's transaction. So the audit chain never forks,
//! outbox sequences grow in commit order without gaps, and a retried request waits for the first one
//! and then sees its response instead of doing the work twice. Its audit events, outbox events and
//! response are kept in memory and written with the batch. `commit` returns once the batch
//! committed; a mutation dropped (or failed) before it rolls back alone.

use chrono::{DateTime, Utc};
use qinglian_api::common::v1::AuditAction;
use sea_orm::EntityTrait;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::change::Change;
use crate::commit::{ChainEnd, Records, Savepoint, Turn};
use crate::entities::{audit_event, idempotency_record, outbox_event};
use crate::{Store, StoreError, audit, time};

/// Longest request id accepted.
const MAX_REQUEST_ID_LEN: usize = 128;

/// Who is making a change, as taken from their verified token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Token subject.
    pub subject: String,
    /// Role name, e.g. admin or clerk.
    pub role: String,
    /// The unit the token is scoped to; empty for a token that acts everywhere.
    pub scope: String,
}

/// What the audit log and the idempotency record need to know about the call.
#[derive(Clone, Debug)]
pub struct MutationContext {
    actor: Actor,
    method: String,
    request_id: String,
    fingerprint: String,
}

impl MutationContext {
    /// Describes a call to `method` with `request`; `request_id` may be empty (no idempotency).
    /// A request id that is too long or not printable ASCII is refused.
    pub fn new(
        actor: Actor,
        method: impl Into<String>,
        request_id: &str,
        request: &impl prost::Message,
    ) -> Result<Self, StoreError> {
        if request_id.len() > MAX_REQUEST_ID_LEN {
            return Err(StoreError::invalid(
                "request_id",
                format!("must be at most {MAX_REQUEST_ID_LEN} characters"),
            ));
        }
        if !request_id.chars().all(|c| c.is_ascii_graphic()) {
            return Err(StoreError::invalid(
                "request_id",
                "must be printable ASCII without spaces",
            ));
        }
        let method = method.into();
        // A retry is the same call by the same caller: another token replaying the request id is
        // refused, so a replay never hands a response to a caller who could not have made the call.
        let mut hasher = Sha256::new();
        for part in [&actor.subject, &actor.role, &actor.scope] {
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        hasher.update(method.as_bytes());
        hasher.update([0]);
        hasher.update(request.encode_to_vec());
        Ok(Self {
            actor,
            method,
            request_id: request_id.to_owned(),
            fingerprint: hex::encode(hasher.finalize()),
        })
    }
}

/// The outcome of [`Store::begin`].
#[derive(Debug)]
pub enum Begun<R> {
    /// A new mutation; nothing is written until it commits.
    Fresh(Box<Mutation>),
    /// The request id was seen before with the same request: the first response.
    Replayed(R),
}

/// A mutation in progress; dropping it without commit rolls everything back.
#[derive(Debug)]
pub struct Mutation {
    turn: Turn,
    context: MutationContext,
    now: DateTime<Utc>,
    /// Where the chain stands after this mutation's events so far.
    end: ChainEnd,
    /// Its audit and outbox events so far, and its response once it commits.
    records: Records,
}

impl Store {
    /// Begins a serialised mutation, or returns the first response when the request id was seen.
    /// The same request id with a different request is refused with INVALID_ARGUMENT on request_id.
    pub async fn begin<R: DeserializeOwned>(
        &self,
        context: MutationContext,
    ) -> Result<Begun<R>, StoreError> {
        let mut turn = self.committer.turn(&context.request_id).await?;
        let earlier = turn.earlier.take();
        let txn = turn.savepoint();
        let now = time::now();
        // The committer looked the request id up for the batch (see `crate::commit`).
        if let Some(seen) = earlier {
            if seen.create_time + self.idempotency_retention > now {
                if seen.fingerprint != context.fingerprint {
                    // The first use may be an earlier member of this batch: the refusal stands only
                    // once that member is durable.
                    turn.finish_read().await?;
                    return Err(StoreError::invalid(
                        "request_id",
                        "was already used for a different request",
                    ));
                }
                let first = serde_json::from_slice(&seen.response).map_err(|e| {
                    StoreError::Corrupt(format!("stored response of a request id: {e}"))
                })?;
                // The first response may come from an earlier member of this batch: it is given
                // out only once that member is durable.
                turn.finish_read().await?;
                return Ok(Begun::Replayed(first));
            }
            idempotency_record::Entity::delete_by_id(seen.request_id)
                .exec(txn)
                .await?;
        }
        let end = turn.end.clone();
        Ok(Begun::Fresh(Box::new(Mutation {
            turn,
            context,
            now,
            end,
            records: Records::default(),
        })))
    }
}

impl Mutation {
    /// The savepoint, for the service's own reads and writes.
    pub fn txn(&self) -> &Savepoint {
        self.turn.savepoint()
    }

    /// The time of this mutation, at storage precision; use it for create and update times.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Who is making the change.
    pub fn actor(&self) -> &Actor {
        &self.context.actor
    }

    /// Appends the audit event for `change` and, unless it is unpublished, its outbox event; both
    /// are written with the batch.
    pub async fn record(&mut self, change: Change) -> Result<(), StoreError> {
        self.turn.live()?;
        let mut event = audit_event::Model {
            sequence: self.end.sequence + 1,
            id: uuid::Uuid::now_v7().to_string(),
            actor: self.context.actor.subject.clone(),
            actor_role: self.context.actor.role.clone(),
            method: self.context.method.clone(),
            action: change.action as i32,
            resource_type: change.resource_type.to_owned(),
            resource_id: change.resource_id.clone(),
            before_json: change.before.map(|v| v.to_string()).unwrap_or_default(),
            after_json: change.after.map(|v| v.to_string()).unwrap_or_default(),
            time: self.now,
            request_id: self.context.request_id.clone(),
            previous_hash: self.end.hash.clone(),
            hash: String::new(),
        };
        event.hash = audit::chain_hash(&event);
        self.end.sequence = event.sequence;
        self.end.hash = event.hash.clone();
        self.records.audit.push(event);

        if let Some(resource) = change.published {
            let suffix = match change.action {
                AuditAction::Create => "created",
                AuditAction::Delete => "deleted",
                AuditAction::Update | AuditAction::Access | AuditAction::Unspecified => "updated",
            };
            let sequence = self.end.event + 1;
            self.records.outbox.push(outbox_event::Model {
                sequence,
                id: uuid::Uuid::now_v7().to_string(),
                event_type: format!("{}.{suffix}", change.resource_type),
                resource_type: change.resource_type,
                resource_id: change.resource_id,
                time: self.now,
                type_url: resource.type_url,
                payload: resource.value,
            });
            self.end.event = sequence;
        }
        Ok(())
    }

    /// Remembers `response` under the request id and ends the turn; returns once the batch holding
    /// it committed.
    pub async fn commit(mut self, response: &impl Serialize) -> Result<(), StoreError> {
        if !self.context.request_id.is_empty() {
            let response = serde_json::to_vec(response)
                .map_err(|e| StoreError::Corrupt(format!("response not serialisable: {e}")))?;
            let request_id = self.context.request_id;
            self.records.requests.insert(
                request_id.clone(),
                idempotency_record::Model {
                    request_id,
                    method: self.context.method,
                    fingerprint: self.context.fingerprint,
                    response,
                    create_time: self.now,
                },
            );
        }
        self.turn.finish(self.end, self.records).await
    }
}
