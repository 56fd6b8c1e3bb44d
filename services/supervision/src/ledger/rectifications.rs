//! Rectification measures (整改措施): created against open problems, carried out with progress reports
//! and evidence.

use chrono::NaiveDate;
use qinglian_api::common::v1::Evidence;
use qinglian_api::common::v1::WarningLevel;
use qinglian_api::supervision::v1::{ProblemState, RectificationState};
use qinglian_domain::evidence;
use qinglian_kit::auth::Reach;
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::closing::follow_measures;
use super::records::{RectificationRecord, problem_record, rectification_record};
use super::{Ledger, References};
use crate::entities::{rectification, rectification_problem, rectification_progress};
use crate::error::SupervisionError;

/// A validated measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RectificationFields {
    /// The problems it answers, without repeats.
    pub problem_ids: Vec<String>,
    /// The measure.
    pub measure: String,
    /// The unit responsible.
    pub responsible_unit_id: String,
    /// The owner.
    pub responsible_person_id: String,
    /// The deadline.
    pub deadline: NaiveDate,
    /// A lasting mechanism (长效机制).
    pub lasting_mechanism: bool,
}

/// A validated progress report.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressFields {
    /// What was done.
    pub text: String,
    /// Progress after it.
    pub percent: i32,
    /// Evidence of the work.
    pub evidence: Vec<Evidence>,
}

/// Refuses an operation on a measure that is not in `allowed`.
pub(super) fn require_state(
    row: &rectification::Model,
    allowed: &[RectificationState],
    operation: &str,
) -> Result<(), SupervisionError> {
    if allowed.iter().any(|s| *s as i32 == row.state) {
        return Ok(());
    }
    let current = RectificationState::try_from(row.state)
        .map(|s| s.as_str_name())
        .unwrap_or("RECTIFICATION_STATE_UNSPECIFIED");
    Err(SupervisionError::FailedPrecondition {
        reason: "RECTIFICATION_STATE",
        message: format!("cannot {operation}: the measure is {current}"),
    })
}

/// The measure `id`, provided its responsible unit is within `reach`: NOT_FOUND when there is none
/// (PERMISSION_DENIED for a scoped caller).
pub(super) async fn rectification_within(
    conn: &impl ConnectionTrait,
    reach: &Reach,
    id: &str,
) -> Result<RectificationRecord, SupervisionError> {
    let found = rectification_record(conn, id).await;
    reach.admit(found, RectificationRecord::units)
}

impl Ledger {
    /// Records a measure answering open problems; they become RECTIFYING. The responsible unit and
    /// every problem answered must be within `reach`.
    pub async fn create_rectification(
        &self,
        reach: &Reach,
        context: MutationContext,
        new: RectificationFields,
    ) -> Result<RectificationRecord, SupervisionError> {
        reach.require([new.responsible_unit_id.as_str()])?;
        References::default()
            .unit(
                "rectification.responsible_unit_id",
                &new.responsible_unit_id,
            )
            .person(
                "rectification.responsible_person_id",
                &new.responsible_person_id,
            )
            .check(&self.directory)
            .await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        for (i, id) in new.problem_ids.iter().enumerate() {
            let field = format!("rectification.problem_ids[{i}]");
            match problem_record(mutation.txn(), id).await {
                Ok(record) if !reach.covers(&record.problem.unit_id) => {
                    return Err(reach.denied().into());
                }
                Err(SupervisionError::NotFound { .. }) if reach.is_scoped() => {
                    return Err(reach.denied().into());
                }
                Ok(record) if record.problem.state == ProblemState::Closed as i32 => {
                    return Err(SupervisionError::invalid(field, "the problem is closed"));
                }
                Ok(_) => {}
                Err(SupervisionError::NotFound { .. }) => {
                    return Err(SupervisionError::invalid(field, "does not exist"));
                }
                Err(other) => return Err(other),
            }
        }
        let now = mutation.now();
        let row = rectification::Model {
            id: uuid::Uuid::now_v7().to_string(),
            measure: new.measure,
            responsible_unit_id: new.responsible_unit_id,
            responsible_person_id: new.responsible_person_id,
            deadline: new.deadline,
            original_deadline: new.deadline,
            lasting_mechanism: new.lasting_mechanism,
            state: RectificationState::InProgress as i32,
            percent: 0,
            warning_level: WarningLevel::Unspecified as i32,
            complete_date: None,
            recheck_due_date: None,
            recurrence_count: 0,
            extended: false,
            verification_requested_by: String::new(),
            version: 1,
            create_time: now,
            update_time: now,
        };
        rectification::ActiveModel::from(row.clone())
            .insert(mutation.txn())
            .await?;
        for problem_id in &new.problem_ids {
            rectification_problem::ActiveModel::from(rectification_problem::Model {
                rectification_id: row.id.clone(),
                problem_id: problem_id.clone(),
            })
            .insert(mutation.txn())
            .await?;
        }
        let record = rectification_record(mutation.txn(), &row.id).await?;
        let today = self.today();
        mutation
            .record(Change::created(&row.id, &record, &record.message(today)))
            .await?;
        follow_measures(&mut mutation, &new.problem_ids, false).await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// One measure of a unit within `reach`, with its verifications and re-checks.
    pub async fn rectification(
        &self,
        reach: &Reach,
        id: &str,
    ) -> Result<RectificationRecord, SupervisionError> {
        rectification_within(self.store.conn(), reach, id).await
    }

    /// Reports progress on a measure in progress of a unit within `reach`; the percentage never goes
    /// down.
    pub async fn report_progress(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        new: ProgressFields,
    ) -> Result<(rectification_progress::Model, RectificationRecord), SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(reported) => return Ok(reported),
            Begun::Fresh(mutation) => mutation,
        };
        let before = rectification_within(mutation.txn(), reach, id).await?;
        require_state(
            &before.rectification,
            &[RectificationState::InProgress],
            "report progress",
        )?;
        if new.percent < before.rectification.percent {
            return Err(SupervisionError::invalid(
                "percent",
                format!(
                    "must not be below the last reported {}",
                    before.rectification.percent
                ),
            ));
        }
        let now = mutation.now();
        let report = rectification_progress::Model {
            id: uuid::Uuid::now_v7().to_string(),
            rectification_id: id.to_owned(),
            text: new.text,
            percent: new.percent,
            evidence: evidence::to_json(&new.evidence),
            reporter: mutation.actor().subject.clone(),
            report_time: now,
        };
        rectification_progress::ActiveModel::from(report.clone())
            .insert(mutation.txn())
            .await?;
        let mut row = before.rectification.clone();
        row.percent = new.percent;
        row.version += 1;
        row.update_time = now;
        rectification::ActiveModel::from(row.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        let after = RectificationRecord {
            rectification: row,
            ..before.clone()
        };
        self.record_update(&mut mutation, &before, &after).await?;
        let reported = (report, after);
        mutation.commit(&reported).await?;
        Ok(reported)
    }

    /// The progress reports of a measure of a unit within `reach`, oldest first.
    pub async fn progress(
        &self,
        reach: &Reach,
        id: &str,
    ) -> Result<Vec<rectification_progress::Model>, SupervisionError> {
        let conn = self.store.conn();
        rectification_within(conn, reach, id).await?;
        Ok(rectification_progress::Entity::find()
            .filter(rectification_progress::Column::RectificationId.eq(id.to_owned()))
            .order_by_asc(rectification_progress::Column::ReportTime)
            .order_by_asc(rectification_progress::Column::Id)
            .all(conn)
            .await?)
    }

    /// Records the change of a measure from `before` to `after` for the audit log and the outbox.
    pub(super) async fn record_update(
        &self,
        mutation: &mut qinglian_store::Mutation,
        before: &RectificationRecord,
        after: &RectificationRecord,
    ) -> Result<(), SupervisionError> {
        let published = after.message(self.today());
        mutation
            .record(Change::updated(
                &after.rectification.id,
                before,
                after,
                &published,
            ))
            .await?;
        Ok(())
    }
}
