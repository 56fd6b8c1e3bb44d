//! The append-only audit log: one event per change (and per read of confidential content), chained by
//! SHA-256 so that any row changed, removed or reordered directly in the database is detected.
//!
//! Each event's hash covers the previous event's hash and every field of the event. The chain's end is
//! kept in `audit_head`, so that removing the newest events is detected too.

use qinglian_api::common::v1 as pb;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};

use crate::entities::{audit_event, audit_head};
use crate::filter::{FieldType, FilterField};
use crate::page::ListSpec;
use crate::{StoreError, time};

/// The previous hash of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How many events verification reads at a time.
const VERIFY_BATCH: u64 = 1000;

/// The hash of `event` chained onto `event.previous_hash`.
pub fn chain_hash(event: &audit_event::Model) -> String {
    // A JSON array of the fields is an unambiguous encoding: no field can bleed into the next.
    let fields = serde_json::json!([
        event.previous_hash,
        event.sequence,
        event.id,
        event.actor,
        event.actor_role,
        event.method,
        event.action,
        event.resource_type,
        event.resource_id,
        event.before_json,
        event.after_json,
        event
            .time
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        event.request_id,
    ]);
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

/// What verification found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainReport {
    /// Events read.
    pub events_checked: i64,
    /// The first sequence at which the chain breaks and why; None when intact.
    pub broken: Option<(i64, &'static str)>,
}

/// Walks the whole chain in sequence order and reports the first break.
pub async fn verify_chain(conn: &impl ConnectionTrait) -> Result<ChainReport, StoreError> {
    let head = audit_head::Entity::find_by_id(1)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("audit head is missing".into()))?;
    let mut expected_sequence = 1i64;
    let mut previous_hash = GENESIS_HASH.to_owned();
    let mut checked = 0i64;
    loop {
        let batch = audit_event::Entity::find()
            .filter(audit_event::Column::Sequence.gte(expected_sequence))
            .order_by_asc(audit_event::Column::Sequence)
            .limit(VERIFY_BATCH)
            .all(conn)
            .await?;
        let done = (batch.len() as u64) < VERIFY_BATCH;
        for event in batch {
            checked += 1;
            let problem = if event.sequence != expected_sequence {
                Some("sequence gap")
            } else if event.previous_hash != previous_hash {
                Some("link mismatch")
            } else if chain_hash(&event) != event.hash {
                Some("hash mismatch")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Ok(ChainReport {
                    events_checked: checked,
                    broken: Some((expected_sequence, problem)),
                });
            }
            previous_hash = event.hash;
            expected_sequence += 1;
        }
        if done {
            break;
        }
    }
    let last = expected_sequence - 1;
    let broken = if head.last_sequence != last {
        Some((last + 1, "events missing at the end"))
    } else if head.last_hash != previous_hash {
        Some((last, "head mismatch"))
    } else {
        None
    };
    Ok(ChainReport {
        events_checked: checked,
        broken,
    })
}

/// Filter and order fields of ListAuditEvents.
pub fn list_spec() -> ListSpec<audit_event::Column> {
    use audit_event::Column as C;
    ListSpec {
        resource: "qinglian.common.v1.AuditEvent",
        filter_fields: vec![
            FilterField {
                name: "sequence",
                column: C::Sequence,
                field_type: FieldType::Integer,
            },
            FilterField {
                name: "actor",
                column: C::Actor,
                field_type: FieldType::String,
            },
            FilterField {
                name: "actor_role",
                column: C::ActorRole,
                field_type: FieldType::String,
            },
            FilterField {
                name: "method",
                column: C::Method,
                field_type: FieldType::String,
            },
            FilterField {
                name: "action",
                column: C::Action,
                field_type: FieldType::Enum(|name| {
                    pb::AuditAction::from_str_name(name).map(|action| action as i32)
                }),
            },
            FilterField {
                name: "resource_type",
                column: C::ResourceType,
                field_type: FieldType::String,
            },
            FilterField {
                name: "resource_id",
                column: C::ResourceId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "request_id",
                column: C::RequestId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "time",
                column: C::Time,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![("time", C::Time)],
        default_order: "sequence",
        id_field: ("sequence", C::Sequence),
    }
}

impl From<audit_event::Model> for pb::AuditEvent {
    fn from(event: audit_event::Model) -> Self {
        Self {
            sequence: event.sequence,
            id: event.id,
            actor: event.actor,
            actor_role: event.actor_role,
            method: event.method,
            action: event.action,
            resource_type: event.resource_type,
            resource_id: event.resource_id,
            before_json: event.before_json,
            after_json: event.after_json,
            time: Some(time::to_proto(event.time)),
            request_id: event.request_id,
            previous_hash: event.previous_hash,
            hash: event.hash,
        }
    }
}
