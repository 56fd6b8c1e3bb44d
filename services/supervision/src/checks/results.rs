//! Recording a check's result: its conclusion and findings, each finding marked for it opening a
//! problem in the rectification ledger in the same transaction.

use qinglian_api::common::v1::Accountability;
use qinglian_api::supervision::v1 as pb;
use qinglian_kit::auth::Reach;
use qinglian_kit::status::FieldViolation;
use qinglian_store::{Begun, Change, MutationContext, etag};
use sea_orm::{ActiveModelTrait, EntityTrait};

use super::{CheckRecord, Checks, units_of};
use crate::checks::CheckResultFields;
use crate::entities::split_ids;
use crate::entities::{check, check_finding};
use crate::error::SupervisionError;
use crate::ledger::References;
use crate::ledger::problems::{self, ProblemFields, ResponsibilityFields};

impl Checks {
    /// Records the result of a planned check and completes it. Each finding's unit must exist in the
    /// directory (checked before anything is written) and be one of the check's targets. Each finding
    /// with `open_problem` opens a problem sourced from this check, answerable by the finding's unit
    /// under primary accountability (主体责任). A completed check is refused with FAILED_PRECONDITION.
    ///
    /// The whole check, its organiser and every target, must be within `reach`.
    pub async fn record_result(
        &self,
        reach: &Reach,
        context: MutationContext,
        result: CheckResultFields,
    ) -> Result<CheckRecord, SupervisionError> {
        let mut references = References::default();
        for (i, finding) in result.findings.iter().enumerate() {
            references.unit(format!("findings[{i}].unit_id"), &finding.unit_id);
        }
        references.check(&self.directory).await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let found = check::Entity::find_by_id(result.id.clone())
            .one(mutation.txn())
            .await?
            .ok_or_else(|| SupervisionError::not_found("check", &result.id));
        let stored = reach.admit(found, units_of)?;
        reach.require(units_of(&stored))?;
        etag::check(&result.etag, stored.version)?;
        if stored.state != pb::CheckState::Planned as i32 {
            return Err(SupervisionError::FailedPrecondition {
                reason: "CHECK_COMPLETED",
                message: "the result of this check is already recorded".to_owned(),
            });
        }
        let targets = split_ids(&stored.target_unit_ids);
        let strangers: Vec<FieldViolation> = result
            .findings
            .iter()
            .enumerate()
            .filter(|(_, finding)| !targets.contains(&finding.unit_id))
            .map(|(i, _)| {
                FieldViolation::new(
                    format!("findings[{i}].unit_id"),
                    "is not one of the check's target units",
                )
            })
            .collect();
        if !strangers.is_empty() {
            return Err(SupervisionError::InvalidArgument(strangers));
        }
        let mut findings = Vec::with_capacity(result.findings.len());
        for (position, finding) in result.findings.into_iter().enumerate() {
            let problem_id = if finding.open_problem {
                let opened = problems::open(
                    &mut mutation,
                    ProblemFields {
                        source: pb::ProblemSource::Check as i32,
                        reference: stored.id.clone(),
                        unit_id: finding.unit_id.clone(),
                        description: finding.description.clone(),
                        category: finding.category.clone(),
                        severity: finding.severity,
                        found_date: stored.end_date,
                        responsibilities: vec![ResponsibilityFields {
                            unit_id: finding.unit_id.clone(),
                            person_id: String::new(),
                            accountability: Accountability::Primary as i32,
                        }],
                    },
                )
                .await?;
                opened.problem.id
            } else {
                String::new()
            };
            let row = check_finding::Model {
                check_id: stored.id.clone(),
                position: i32::try_from(position).unwrap_or(i32::MAX),
                description: finding.description,
                unit_id: finding.unit_id,
                open_problem: finding.open_problem,
                category: finding.category,
                severity: finding.severity,
                problem_id,
            };
            check_finding::ActiveModel::from(row.clone())
                .insert(mutation.txn())
                .await?;
            findings.push(row);
        }
        let mut updated = stored.clone();
        updated.state = pb::CheckState::Completed as i32;
        updated.conclusion = result.conclusion;
        updated.version += 1;
        updated.update_time = mutation.now();
        check::ActiveModel::from(updated.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        let before = CheckRecord {
            check: stored,
            findings: Vec::new(),
        };
        let after = CheckRecord {
            check: updated,
            findings,
        };
        mutation
            .record(Change::updated(
                &after.check.id,
                &before,
                &after,
                &pb::Check::from(&after),
            ))
            .await?;
        mutation.commit(&after).await?;
        Ok(after)
    }
}
