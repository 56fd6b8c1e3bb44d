//! Sign-off (销号) and re-check (回头看): the owner asks for verification, a discipline officer who is
//! neither the owner nor the requester decides with the evidence checked, and some months after a pass
//! a re-check either confirms it or reopens the measure and its problems.

use chrono::{Months, NaiveDate};
use qinglian_api::common::v1::Evidence;
use qinglian_api::supervision::v1::{RectificationState, Verdict};
use qinglian_domain::evidence;
use qinglian_kit::auth::{Caller, Reach};
use qinglian_store::{Begun, MutationContext, etag};
use sea_orm::ActiveModelTrait;

use super::Ledger;
use super::closing::follow_measures;
use super::records::{ProblemRecord, RectificationRecord, rectification_record};
use super::rectifications::{rectification_within, require_state};
use crate::entities::{recheck, rectification, verification};
use crate::error::SupervisionError;

/// A validated verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct VerdictFields {
    /// `Verdict` number.
    pub verdict: i32,
    /// The evidence checked.
    pub evidence_checked: Vec<Evidence>,
    /// Why.
    pub reason: String,
}

/// A validated re-check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecheckFields {
    /// The day of the re-check.
    pub recheck_date: NaiveDate,
    /// Whether the problem came back.
    pub recurred: bool,
    /// What was found.
    pub finding: String,
}

impl Ledger {
    /// Asks for sign-off of a measure in progress of a unit within `reach`.
    pub async fn request_verification(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        given_etag: &str,
    ) -> Result<RectificationRecord, SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let before = rectification_within(mutation.txn(), reach, id).await?;
        etag::check(given_etag, before.rectification.version)?;
        require_state(
            &before.rectification,
            &[RectificationState::InProgress],
            "request verification",
        )?;
        let mut row = before.rectification.clone();
        row.state = RectificationState::AwaitingVerification as i32;
        row.verification_requested_by = mutation.actor().subject.clone();
        row.version += 1;
        row.update_time = mutation.now();
        rectification::ActiveModel::from(row.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        let after = RectificationRecord {
            rectification: row,
            ..before.clone()
        };
        self.record_update(&mut mutation, &before, &after).await?;
        mutation.commit(&after).await?;
        Ok(after)
    }

    /// Decides a requested verification of a measure of a unit within `reach` (the adapter admits the
    /// discipline role only). Never by the owner or the requester: PERMISSION_DENIED, nothing written.
    pub async fn verify(
        &self,
        caller: &Caller,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        new: VerdictFields,
        given_etag: &str,
    ) -> Result<(RectificationRecord, Vec<ProblemRecord>), SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(verified) => return Ok(verified),
            Begun::Fresh(mutation) => mutation,
        };
        let before = rectification_within(mutation.txn(), reach, id).await?;
        let owner = &before.rectification.responsible_person_id;
        let requester = &before.rectification.verification_requested_by;
        if caller.subject == *owner || caller.subject == *requester {
            return Err(caller
                .denied("verify a measure they own or asked to have verified")
                .into());
        }
        etag::check(given_etag, before.rectification.version)?;
        require_state(
            &before.rectification,
            &[RectificationState::AwaitingVerification],
            "verify",
        )?;
        let now = mutation.now();
        let today = self.today();
        verification::ActiveModel::from(verification::Model {
            id: uuid::Uuid::now_v7().to_string(),
            rectification_id: id.to_owned(),
            requested_by: requester.clone(),
            verifier: caller.subject.clone(),
            verdict: new.verdict,
            evidence: evidence::to_json(&new.evidence_checked),
            reason: new.reason,
            verify_time: now,
        })
        .insert(mutation.txn())
        .await?;
        let mut row = before.rectification.clone();
        row.verification_requested_by = String::new();
        if new.verdict == Verdict::Pass as i32 {
            row.state = RectificationState::Verified as i32;
            row.complete_date = Some(today);
            row.recheck_due_date =
                today.checked_add_months(Months::new(self.settings.recheck_months));
        } else {
            row.state = RectificationState::InProgress as i32;
        }
        row.version += 1;
        row.update_time = now;
        rectification::ActiveModel::from(row)
            .reset_all()
            .update(mutation.txn())
            .await?;
        let after = rectification_record(mutation.txn(), id).await?;
        self.record_update(&mut mutation, &before, &after).await?;
        let problems = follow_measures(&mut mutation, &after.problem_ids, false).await?;
        let verified = (after, problems);
        mutation.commit(&verified).await?;
        Ok(verified)
    }

    /// Records a re-check of a signed-off measure of a unit within `reach`; a recurrence reopens it
    /// and its problems.
    pub async fn record_recheck(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        new: RecheckFields,
    ) -> Result<(recheck::Model, RectificationRecord, Vec<ProblemRecord>), SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(rechecked) => return Ok(rechecked),
            Begun::Fresh(mutation) => mutation,
        };
        let before = rectification_within(mutation.txn(), reach, id).await?;
        require_state(
            &before.rectification,
            &[RectificationState::Verified],
            "re-check",
        )?;
        if before
            .rectification
            .complete_date
            .is_some_and(|signed_off| new.recheck_date < signed_off)
        {
            return Err(SupervisionError::invalid(
                "recheck_date",
                "must not be before the sign-off",
            ));
        }
        let now = mutation.now();
        let recheck = recheck::Model {
            id: uuid::Uuid::now_v7().to_string(),
            rectification_id: id.to_owned(),
            recheck_date: new.recheck_date,
            recurred: new.recurred,
            finding: new.finding,
            checked_by: mutation.actor().subject.clone(),
            create_time: now,
        };
        recheck::ActiveModel::from(recheck.clone())
            .insert(mutation.txn())
            .await?;
        let mut row = before.rectification.clone();
        row.recheck_due_date = None;
        if new.recurred {
            row.state = RectificationState::InProgress as i32;
            row.complete_date = None;
            row.recurrence_count += 1;
        }
        row.version += 1;
        row.update_time = now;
        rectification::ActiveModel::from(row)
            .reset_all()
            .update(mutation.txn())
            .await?;
        let after = rectification_record(mutation.txn(), id).await?;
        self.record_update(&mut mutation, &before, &after).await?;
        let problems = follow_measures(&mut mutation, &after.problem_ids, new.recurred).await?;
        let rechecked = (recheck, after, problems);
        mutation.commit(&rechecked).await?;
        Ok(rechecked)
    }
}
