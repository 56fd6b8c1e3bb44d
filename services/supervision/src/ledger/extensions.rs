//! Deadline extensions of measures: asked for while open, decided by the discipline body; approval
//! moves the deadline and keeps the original one.

use chrono::NaiveDate;
use qinglian_api::supervision::v1::{self as pb, RectificationState};
use qinglian_api::tasks::v1::ExtensionState;
use qinglian_kit::auth::Reach;
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::{ActiveModelTrait, EntityTrait};

use super::Ledger;
use super::measures::{measure_within, require_state};
use super::records::RectificationRecord;
use crate::entities::{rectification, rectification_extension};
use crate::error::SupervisionError;

impl Ledger {
    /// Asks for `requested` as the deadline of an open measure of a unit within `reach`; it must be
    /// later than the current one.
    pub async fn request_extension(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        requested: NaiveDate,
        reason: String,
    ) -> Result<rectification_extension::Model, SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(extension) => return Ok(extension),
            Begun::Fresh(mutation) => mutation,
        };
        let measure = measure_within(mutation.txn(), reach, id).await?;
        require_state(
            &measure.rectification,
            &[
                RectificationState::InProgress,
                RectificationState::AwaitingVerification,
            ],
            "extend the deadline",
        )?;
        if requested <= measure.rectification.deadline {
            return Err(SupervisionError::invalid(
                "requested_deadline",
                format!(
                    "must be later than the current deadline {}",
                    measure.rectification.deadline
                ),
            ));
        }
        let extension = rectification_extension::Model {
            id: uuid::Uuid::now_v7().to_string(),
            rectification_id: id.to_owned(),
            requested_deadline: requested,
            reason,
            state: ExtensionState::Pending as i32,
            requested_by: mutation.actor().subject.clone(),
            decided_by: String::new(),
            decision_reason: String::new(),
            create_time: mutation.now(),
            decide_time: None,
        };
        rectification_extension::ActiveModel::from(extension.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(
                &extension.id,
                &extension,
                &pb::RectificationExtension::from(&extension),
            ))
            .await?;
        mutation.commit(&extension).await?;
        Ok(extension)
    }

    /// Approves or rejects a pending extension of a measure of a unit within `reach`.
    pub async fn decide_extension(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        approve: bool,
        reason: String,
    ) -> Result<(rectification_extension::Model, RectificationRecord), SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(decided) => return Ok(decided),
            Begun::Fresh(mutation) => mutation,
        };
        let pending = rectification_extension::Entity::find_by_id(id.to_owned())
            .one(mutation.txn())
            .await?
            .ok_or_else(|| SupervisionError::not_found("rectification extension", id))
            .map_err(|missing| reach.hide_missing(missing))?;
        let before = measure_within(mutation.txn(), reach, &pending.rectification_id).await?;
        if pending.state != ExtensionState::Pending as i32 {
            return Err(SupervisionError::FailedPrecondition {
                reason: "EXTENSION_DECIDED",
                message: "the extension request is already decided".to_owned(),
            });
        }
        if approve {
            require_state(
                &before.rectification,
                &[
                    RectificationState::InProgress,
                    RectificationState::AwaitingVerification,
                ],
                "extend the deadline",
            )?;
        }
        let now = mutation.now();
        let mut decided = pending.clone();
        decided.state = if approve {
            ExtensionState::Approved as i32
        } else {
            ExtensionState::Rejected as i32
        };
        decided.decided_by = mutation.actor().subject.clone();
        decided.decision_reason = reason;
        decided.decide_time = Some(now);
        rectification_extension::ActiveModel::from(decided.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                id,
                &pending,
                &decided,
                &pb::RectificationExtension::from(&decided),
            ))
            .await?;
        let mut after = before.clone();
        if approve {
            let row = &mut after.rectification;
            row.deadline = decided.requested_deadline;
            row.extended = true;
            row.version += 1;
            row.update_time = now;
            rectification::ActiveModel::from(row.clone())
                .reset_all()
                .update(mutation.txn())
                .await?;
            self.record_update(&mut mutation, &before, &after).await?;
        }
        let result = (decided, after);
        mutation.commit(&result).await?;
        Ok(result)
    }
}
