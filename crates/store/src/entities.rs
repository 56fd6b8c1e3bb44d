//! Tables shared by every service: the audit log and its head, the outbox and the idempotency records.

pub mod audit_event;
pub mod audit_head;
pub mod idempotency_record;
pub mod outbox_event;
