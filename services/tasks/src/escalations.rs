//! The escalation ladder (督办, 三色预警): a sweep over open tasks raises GREEN, YELLOW and RED warnings
//! to widening circles of recipients, each level once per due date; recipients list and acknowledge them. The
//! sweep itself is the shared `qinglian_domain::deadlines`; this module supplies the task side of it.

mod ledger;
mod policy;
mod sweep;

pub use policy::PolicyInForce;

use qinglian_kit::clock::Clock;
use qinglian_kit::metrics::EscalationCounter;
use qinglian_store::Store;

pub use qinglian_domain::deadlines::SweepOutcome;

use crate::settings::WorkSettings;

/// A task as the subject of the shared deadline code: its warnings are `qinglian.tasks.v1.Escalation`
/// and its extension requests `qinglian.tasks.v1.Extension`.
#[derive(Clone, Copy, Debug)]
pub struct TaskDeadline;

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
