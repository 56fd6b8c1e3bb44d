//! The escalation ladder (督办, 三色预警): a sweep over open tasks raises GREEN, YELLOW and RED warnings
//! to widening circles of recipients, each (task, level) once; recipients list and acknowledge them. The
//! sweep itself is the shared `qinglian_kit::ladder`; this module supplies the task side of it.

mod ledger;
mod policy;
mod sweep;

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::clock::Clock;
use qinglian_kit::metrics::EscalationCounter;
use qinglian_store::{Store, etag, time};

pub use qinglian_kit::ladder::SweepOutcome;

use crate::entities::escalation;
use crate::settings::WorkSettings;

/// Protobuf name of an escalation.
pub const ESCALATION: &str = "qinglian.tasks.v1.Escalation";

/// The ladder over the service's store.
#[derive(Clone, Debug)]
pub struct Escalations {
    store: Store,
    clock: Clock,
    work: WorkSettings,
    raised: EscalationCounter,
}

impl Escalations {
    /// The ladder over `store`, judged by `clock`, with default thresholds from `work`.
    pub fn new(store: Store, clock: Clock, work: WorkSettings) -> Self {
        Self {
            store,
            clock,
            work,
            raised: EscalationCounter::default(),
        }
    }

    /// The same ladder, counting the warnings it raises into `raised` (the service's metrics).
    pub fn counting_into(self, raised: EscalationCounter) -> Self {
        Self { raised, ..self }
    }
}

impl From<&escalation::Model> for pb::Escalation {
    fn from(e: &escalation::Model) -> Self {
        Self {
            id: e.id.clone(),
            task_id: e.task_id.clone(),
            level: e.level,
            recipient_ids: e
                .recipient_ids
                .split(',')
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect(),
            raise_date: e.raise_date.format("%Y-%m-%d").to_string(),
            due_date: e.due_date.format("%Y-%m-%d").to_string(),
            days_left: e.days_left,
            acknowledged: e.acknowledged,
            acknowledged_by: e.acknowledged_by.clone(),
            acknowledge_time: e.acknowledge_time.map(time::to_proto),
            create_time: Some(time::to_proto(e.create_time)),
            etag: etag::etag(e.version),
        }
    }
}
