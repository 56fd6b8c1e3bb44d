//! What a service tells the shared deadline code about the thing with a deadline it chases.

use super::records::{escalation, extension};

/// A kind of subject with a deadline (a task, a rectification measure): how its warnings and extension
/// requests are published and named in its contract. The rows are the same for every subject.
pub trait Subject: Sync {
    /// The message one of its warnings is published and answered as.
    type Warning: prost::Name + Send;
    /// The message one of its extension requests is published and answered as.
    type Extension: prost::Name + Send;

    /// What the subject is called in messages, e.g. "task".
    const NOUN: &'static str;
    /// Full protobuf name of [`Self::Warning`], binding page tokens to its listing.
    const WARNING_RESOURCE: &'static str;
    /// Full protobuf name of [`Self::Extension`].
    const EXTENSION_RESOURCE: &'static str;
    /// The contract's name of the subject's id in those messages and their filters, e.g. `task_id`.
    const SUBJECT_FIELD: &'static str;
    /// The contract's name of the date an extension request asks for, e.g. `requested_due_date`.
    const REQUESTED_FIELD: &'static str;

    /// The published form of a warning.
    fn warning(row: &escalation::Model) -> Self::Warning;
    /// The published form of an extension request.
    fn extension(row: &extension::Model) -> Self::Extension;
}
