//! What a mutation records: one change to one resource, for the audit log and the outbox.

use qinglian_api::common::v1::AuditAction;
use serde::Serialize;
use sha2::Digest;

/// One change to a resource, for the audit log and the outbox.
#[derive(Clone, Debug)]
pub struct Change {
    /// What was done.
    pub action: AuditAction,
    /// Full protobuf name of the resource type, e.g. qinglian.tasks.v1.Unit.
    pub resource_type: &'static str,
    /// ID of the resource.
    pub resource_id: String,
    /// The stored row before the change (None on create).
    pub before: Option<serde_json::Value>,
    /// The stored row after the change (None on delete).
    pub after: Option<serde_json::Value>,
    /// The resource as published to watchers; None keeps the change out of the outbox (content reads).
    pub published: Option<prost_types::Any>,
}

impl Change {
    /// A resource was created; `published` is what watchers receive.
    pub fn created(
        resource_type: &'static str,
        resource_id: &str,
        after: &impl Serialize,
        published: prost_types::Any,
    ) -> Self {
        Self {
            action: AuditAction::Create,
            resource_type,
            resource_id: resource_id.to_owned(),
            before: None,
            after: serde_json::to_value(after).ok(),
            published: Some(published),
        }
    }

    /// A resource was changed.
    pub fn updated(
        resource_type: &'static str,
        resource_id: &str,
        before: &impl Serialize,
        after: &impl Serialize,
        published: prost_types::Any,
    ) -> Self {
        Self {
            action: AuditAction::Update,
            resource_type,
            resource_id: resource_id.to_owned(),
            before: serde_json::to_value(before).ok(),
            after: serde_json::to_value(after).ok(),
            published: Some(published),
        }
    }

    /// A resource was deleted; `published` is its last state.
    pub fn deleted(
        resource_type: &'static str,
        resource_id: &str,
        before: &impl Serialize,
        published: prost_types::Any,
    ) -> Self {
        Self {
            action: AuditAction::Delete,
            resource_type,
            resource_id: resource_id.to_owned(),
            before: serde_json::to_value(before).ok(),
            after: None,
            published: Some(published),
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

    /// Confidential content of a resource was read; recorded in the audit log only, never published.
    pub fn accessed(resource_type: &'static str, resource_id: &str) -> Self {
        Self {
            action: AuditAction::Access,
            resource_type,
            resource_id: resource_id.to_owned(),
            before: None,
            after: None,
            published: None,
        }
    }
}
