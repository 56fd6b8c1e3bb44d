//! Deliberation opinions (审议意见): drafted on an activity, signed, sent to the body overseen (its items
//! filed as problems in the supervision service's rectification ledger), reported on, and voted on.
//!
//! Every step moves the opinion one state forward (DRAFT → SIGNED → SENT → HANDLED → VOTED); any other
//! move is refused with FAILED_PRECONDITION naming the state the opinion is in.

mod lifecycle;
mod records;
mod sending;

use chrono::NaiveDate;
use qinglian_api::oversight::v1::{self as pb, OpinionState};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::clock::Clock;
use qinglian_store::{Change, Mutation, Store};
use sea_orm::ActiveModelTrait;

use crate::entities::deliberation_opinion;
use crate::error::OversightError;
use crate::ledger_peer::LedgerPeer;
use crate::settings::OpinionSettings;

pub use records::{OpinionRecord, opinion_record};

/// Protobuf name of an opinion.
pub const OPINION: &str = "qinglian.oversight.v1.DeliberationOpinion";

/// A validated draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpinionFields {
    /// The activity deliberated.
    pub activity_id: String,
    /// The unit that must handle it.
    pub addressee_unit_id: String,
    /// The overall assessment.
    pub overall_assessment: String,
    /// The problems and recommendations, in order; at least one.
    pub items: Vec<OpinionItemFields>,
}

/// A validated item of a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpinionItemFields {
    /// The problem found.
    pub problem: String,
    /// What the committee recommends.
    pub recommendation: String,
}

/// A validated handling report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandlingReportFields {
    /// The body's report.
    pub text: String,
    /// The day it arrived; not in the future.
    pub report_date: NaiveDate,
}

/// A validated satisfaction vote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoteFields {
    /// Members voting satisfied.
    pub satisfied: i32,
    /// Members voting basically satisfied.
    pub basically_satisfied: i32,
    /// Members voting unsatisfied.
    pub unsatisfied: i32,
    /// The day of the vote; not in the future.
    pub vote_date: NaiveDate,
}

/// Opinions over the service's store, addressees checked in the directory, items filed in the ledger.
#[derive(Clone, Debug)]
pub struct Opinions {
    store: Store,
    directory: DirectoryPeer,
    ledger: LedgerPeer,
    clock: Clock,
    settings: OpinionSettings,
}

impl Opinions {
    /// Opinions in `store`, addressees checked through `directory`, items filed through `ledger`,
    /// dates judged by `clock`.
    pub fn new(
        store: Store,
        directory: DirectoryPeer,
        ledger: LedgerPeer,
        clock: Clock,
        settings: OpinionSettings,
    ) -> Self {
        Self {
            store,
            directory,
            ledger,
            clock,
            settings,
        }
    }

    /// Today, for validating dates.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
}

/// Refuses an operation on an opinion that is not in `required`, naming the state it is in.
fn require_state(
    row: &deliberation_opinion::Model,
    required: OpinionState,
    operation: &str,
) -> Result<(), OversightError> {
    if row.state == required as i32 {
        return Ok(());
    }
    let current = OpinionState::try_from(row.state)
        .map(|s| s.as_str_name())
        .unwrap_or("OPINION_STATE_UNSPECIFIED");
    Err(OversightError::FailedPrecondition {
        reason: "OPINION_STATE",
        message: format!(
            "cannot {operation}: the opinion is {current}, it must be {}",
            required.as_str_name()
        ),
    })
}

/// Stores `after` as the next version of `before` (the opinion row; the caller writes changed items),
/// records the change for the audit log and the outbox, and commits under the caller's request id.
async fn save(
    mut mutation: Box<Mutation>,
    before: &OpinionRecord,
    mut after: OpinionRecord,
) -> Result<OpinionRecord, OversightError> {
    after.opinion.version = before.opinion.version + 1;
    after.opinion.update_time = mutation.now();
    deliberation_opinion::ActiveModel::from(after.opinion.clone())
        .reset_all()
        .update(mutation.txn())
        .await?;
    mutation
        .record(Change::updated(
            &after.opinion.id,
            before,
            &after,
            &pb::DeliberationOpinion::from(&after),
        ))
        .await?;
    mutation.commit(&after).await?;
    Ok(after)
}
