//! Recurring and quota duties (三会一课, 挂点联系上党课 …): rules, the events recorded against them, and
//! who is behind.
//!
//! # Past periods stay fixed
//!
//! A rule's schedule and subjects live in revisions, each with the first day it governs. A revision
//! judges the periods of its own schedule that begin on or after its effective date and before the next
//! revision's; so a period is judged by the revision in force on its first day. A new revision may not
//! take effect before today, so it never reaches a period that has already begun.
//!
//! The subjects of a rule come from the directory (liaison links, Party branches, the leadership team)
//! and the directory changes. So the expected (period, subject) pairs are materialised in
//! `duty_periods` and `duty_expectations` whenever a period is evaluated (a compliance report, or a
//! fulfilment recorded in it): while the period runs the rows follow the directory, and once its last
//! day is past (by the service clock) they are frozen and never rewritten. A period that ended without
//! ever being evaluated is frozen at its first evaluation, with the directory as it then stands. These
//! rows are derived from the rules and the directory, so writing them is serialised like a mutation
//! but leaves no audit or outbox event.
//!
//! # Counting
//!
//! Delivered events are counted in the database: the stored expectations are joined with the
//! fulfilments dated within their period and grouped per rule, period and subject.

mod compliance;
mod fulfilments;
pub mod inputs;
mod periods;
mod revisions;
mod rules;
mod schedule;
mod subjects;

use chrono::NaiveDate;
use qinglian_kit::auth::{Caller, Role};
use qinglian_kit::clock::Clock;
use qinglian_store::{Begun, MutationContext, Store};

pub use compliance::{ComplianceEntry, ComplianceQuery, ComplianceState, ComplianceTarget};
pub use schedule::{Frequency, Period, Schedule, ScheduleKind};
pub use subjects::{Subject, SubjectSelection};

use crate::error::TasksError;

pub use inputs::{FulfilmentFields, RuleFields, RulePatch, RuleRecord};

/// Protobuf name of a duty rule, in the audit log and outbox.
pub const DUTY_RULE: &str = "qinglian.tasks.v1.DutyRule";
/// Protobuf name of a fulfilment.
pub const FULFILMENT: &str = "qinglian.tasks.v1.Fulfilment";

/// Roles that may record fulfilments; clerks within their scope, leaders for their own liaison links.
const RECORDERS: &[Role] = &[Role::Admin, Role::Clerk, Role::Leader];

/// The duties over the service's store, judged by the service clock.
#[derive(Clone, Debug)]
pub struct Duties {
    store: Store,
    clock: Clock,
}

impl Duties {
    /// The duties kept in `store`; `clock` says which day it is.
    pub fn new(store: Store, clock: Clock) -> Self {
        Self { store, clock }
    }

    /// Brings the stored periods of `rules` that overlap `from..=to` up to date, in one serialised
    /// write under `context`, and only when something is to change: reads that find everything in
    /// place take no write lock.
    async fn materialise(
        &self,
        context: MutationContext,
        rules: &[RuleRecord],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(), TasksError> {
        let today = self.clock.today();
        let mut stale = false;
        for rule in rules {
            if !periods::plan(self.store.conn(), rule, from, to, today)
                .await?
                .is_empty()
            {
                stale = true;
                break;
            }
        }
        if !stale {
            return Ok(());
        }
        let mutation = match self.store.begin::<()>(context).await? {
            Begun::Replayed(()) => return Ok(()),
            Begun::Fresh(mutation) => mutation,
        };
        for rule in rules {
            // Planned again under the lock: another call may have done the work meanwhile.
            let changes = periods::plan(mutation.txn(), rule, from, to, today).await?;
            periods::apply(mutation.txn(), &rule.rule.id, changes, mutation.now()).await?;
        }
        mutation.commit(&()).await?;
        Ok(())
    }
}

/// PERMISSION_DENIED unless the caller may create and change duty rules (admins only).
pub fn require_rule_admin(caller: &Caller) -> Result<(), TasksError> {
    Ok(caller.require(&[Role::Admin], "manage duty rules")?)
}

/// PERMISSION_DENIED unless the caller's role may record fulfilments at all; the gRPC adapter checks
/// this before it validates the request, and the record's own scope is checked afterwards.
pub fn require_recorder(caller: &Caller) -> Result<(), TasksError> {
    Ok(caller.require(RECORDERS, "record duty fulfilments")?)
}
