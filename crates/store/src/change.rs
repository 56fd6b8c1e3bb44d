//! What a mutation records: one change to one resource, for the audit log and the outbox.

use prost::Name;
use qinglian_api::common::v1::AuditAction;
use serde::Serialize;
use sha2::Digest;

/// One change to a resource, for the audit log and the outbox. The resource type is the full
/// protobuf name of the message published for it (e.g. `qinglian.tasks.v1.Unit`), so it is never
/// typed by hand.
#[derive(Clone, Debug)]
pub struct Change {
    /// What was done.
    pub action: AuditAction,
    /// Full protobuf name of the resource type, e.g. qinglian.tasks.v1.Unit.
    pub resource_type: String,
    /// ID of the resource.
    pub resource_id: String,
    /// The stored row before the change (None on create).
    pub before: Option<serde_json::Value>,
    /// The stored row after the change (None on delete).
    pub after: Option<serde_json::Value>,
    /// The resource as published to watchers; None keeps the change out of the outbox (content reads).
    pub published: Option<prost_types::Any>,
}

/// `message` packed for the outbox, with the type URL every other gRPC stack writes.
fn pack<M: Name>(message: &M) -> prost_types::Any {
    prost_types::Any {
        type_url: M::type_url(),
        value: message.encode_to_vec(),
    }
}

impl Change {
    /// A resource was created; watchers receive `published`.
    pub fn created<M: Name>(resource_id: &str, after: &impl Serialize, published: &M) -> Self {
        Self {
            action: AuditAction::Create,
            resource_type: M::full_name(),
            resource_id: resource_id.to_owned(),
            before: None,
            after: serde_json::to_value(after).ok(),
            published: Some(pack(published)),
        }
    }

    /// A resource was changed; watchers receive `published`, its new state.
    pub fn updated<M: Name>(
        resource_id: &str,
        before: &impl Serialize,
        after: &impl Serialize,
        published: &M,
    ) -> Self {
        Self {
            action: AuditAction::Update,
            resource_type: M::full_name(),
            resource_id: resource_id.to_owned(),
            before: serde_json::to_value(before).ok(),
            after: serde_json::to_value(after).ok(),
            published: Some(pack(published)),
        }
    }

    /// A resource was deleted; `published` is its last state.
    pub fn deleted<M: Name>(resource_id: &str, before: &impl Serialize, published: &M) -> Self {
        Self {
            action: AuditAction::Delete,
            resource_type: M::full_name(),
            resource_id: resource_id.to_owned(),
            before: serde_json::to_value(before).ok(),
            after: None,
            published: Some(pack(published)),
        }
    }

    /// The change with the confidential `fields` of its before and after rows replaced by the
    /// SHA-256 of their JSON value, so that the audit log never holds them in plaintext while its
    /// hash chain still proves what they were.
    pub fn redacted(mut self, fields: &[&str]) -> Self {
        for row in [self.before.as_mut(), self.after.as_mut()]
            .into_iter()
            .flatten()
        {
            let Some(object) = row.as_object_mut() else {
                continue;
            };
            for field in fields {
                if let Some(value) = object.get_mut(*field) {
                    let digest = sha2::Sha256::digest(value.to_string().as_bytes());
                    *value = serde_json::json!({ "redacted_sha256": hex::encode(digest) });
                }
            }
        }
        self
    }

    /// Confidential content of a resource of type `M` was read; recorded in the audit log only, never
    /// published.
    pub fn accessed<M: Name>(resource_id: &str) -> Self {
        Self {
            action: AuditAction::Access,
            resource_type: M::full_name(),
            resource_id: resource_id.to_owned(),
            before: None,
            after: None,
            published: None,
        }
    }
}
