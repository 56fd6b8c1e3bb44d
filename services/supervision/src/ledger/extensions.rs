//! Deadline extensions of measures: asked for while open, decided by the discipline body. Approval
//! moves the deadline (the original one is kept) and starts the ladder again from it; the requests
//! themselves are the shared deadline code's.

use chrono::NaiveDate;
use qinglian_api::supervision::v1::RectificationState;
use qinglian_domain::deadlines::records::extension;
use qinglian_domain::deadlines::{Level, extensions};
use qinglian_kit::auth::Reach;
use qinglian_store::{Begun, MutationContext};
use sea_orm::ActiveModelTrait;

use super::records::RectificationRecord;
use super::rectifications::{rectification_within, require_state};
use super::{Ledger, RectificationDeadline};
use crate::entities::rectification;
use crate::error::SupervisionError;

/// The states in which a measure's deadline may move.
const EXTENSIBLE: [RectificationState; 2] = [
    RectificationState::InProgress,
    RectificationState::AwaitingVerification,
];

impl Ledger {
    /// Asks for `requested` as the deadline of an open measure of a unit within `reach`; it must be
    /// later than the current one, and one request is pending at a time.
    pub async fn request_extension(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        requested: NaiveDate,
        reason: String,
    ) -> Result<extension::Model, SupervisionError> {
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(extension) => return Ok(extension),
            Begun::Fresh(mutation) => mutation,
        };
        let measure = rectification_within(mutation.txn(), reach, id).await?;
        require_state(&measure.rectification, &EXTENSIBLE, "extend the deadline")?;
        extensions::request::<RectificationDeadline, SupervisionError>(
            mutation,
            id,
            measure.rectification.deadline,
            requested,
            reason,
        )
        .await
    }

    /// Approves or rejects a pending extension of a measure of a unit within `reach`; approval moves
    /// the deadline and starts the measure's ladder again (the warnings of the old date superseded,
    /// its warning level reset).
    pub async fn decide_extension(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        approve: bool,
        reason: String,
    ) -> Result<(extension::Model, RectificationRecord), SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(decided) => return Ok(decided),
            Begun::Fresh(mutation) => mutation,
        };
        let pending = extensions::find(mutation.txn(), id)
            .await?
            .ok_or_else(|| SupervisionError::not_found("rectification extension", id))
            .map_err(|missing| reach.hide_missing(missing))?;
        let before = rectification_within(mutation.txn(), reach, &pending.subject_id).await?;
        if approve && pending.state == qinglian_api::common::v1::ExtensionState::Pending as i32 {
            require_state(&before.rectification, &EXTENSIBLE, "extend the deadline")?;
        }
        let decided = extensions::decide::<RectificationDeadline, SupervisionError>(
            &mut mutation,
            &pending,
            approve,
            reason,
        )
        .await?;
        let mut after = before.clone();
        if approve {
            let row = &mut after.rectification;
            row.deadline = decided.requested_due_date;
            row.extended = true;
            row.warning_level = Level::None as i32;
            row.version += 1;
            row.update_time = mutation.now();
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

#[cfg(test)]
mod tests {
    use prost::Name;
    use qinglian_api::supervision::v1 as pb;
    use qinglian_domain::deadlines::Subject;

    use super::RectificationDeadline;

    #[test]
    fn the_subject_names_its_published_messages() {
        assert_eq!(
            RectificationDeadline::WARNING_RESOURCE,
            pb::RectificationEscalation::full_name()
        );
        assert_eq!(
            RectificationDeadline::EXTENSION_RESOURCE,
            pb::RectificationExtension::full_name()
        );
    }
}
