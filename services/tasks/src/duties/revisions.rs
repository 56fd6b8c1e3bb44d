//! Revisions as stored: a rule's schedule and subject selection to a revision row and back.

use chrono::{DateTime, NaiveDate, Utc};
use qinglian_store::StoreError;

use super::schedule::{Frequency, Schedule, ScheduleKind};
use super::subjects::{Subject, SubjectSelection};
use crate::duties::RuleFields;
use crate::entities::duty_rule_revision;
use crate::error::TasksError;

/// The stored row of a revision.
pub(super) fn revision_row(
    rule_id: &str,
    revision: i32,
    effective_date: NaiveDate,
    fields: &RuleFields,
    now: DateTime<Utc>,
) -> Result<duty_rule_revision::Model, TasksError> {
    let schedule = &fields.schedule;
    let count = |n: u32| i32::try_from(n).map_err(|_| StoreError::Corrupt("count overflow".into()));
    let subjects_json = serde_json::to_string(&fields.selection.subjects)
        .map_err(|e| StoreError::Corrupt(format!("subjects not serialisable: {e}")))?;
    Ok(duty_rule_revision::Model {
        rule_id: rule_id.to_owned(),
        revision,
        effective_date,
        schedule_kind: schedule.kind.as_str().to_owned(),
        frequency: schedule.frequency.number(),
        interval: count(schedule.interval)?,
        start_date: schedule.start,
        end_date: schedule.end,
        occurrence_count: schedule.occurrences.map(count).transpose()?,
        expected_count: count(schedule.expected)?,
        subject_selector: fields.selection.selector,
        subjects_json,
        create_time: now,
    })
}

/// The schedule of a stored revision.
pub(super) fn schedule_of(revision: &duty_rule_revision::Model) -> Result<Schedule, TasksError> {
    let corrupt = || {
        StoreError::Corrupt(format!(
            "revision {} of duty rule {} has a bad schedule",
            revision.revision, revision.rule_id
        ))
    };
    let count = |n: i32| u32::try_from(n).map_err(|_| corrupt());
    Ok(Schedule {
        kind: ScheduleKind::from_stored(&revision.schedule_kind),
        frequency: Frequency::from_number(revision.frequency).ok_or_else(corrupt)?,
        interval: count(revision.interval)?,
        start: revision.start_date,
        end: revision.end_date,
        occurrences: revision.occurrence_count.map(count).transpose()?,
        expected: count(revision.expected_count)?,
    })
}

/// The subject selection of a stored revision.
pub(super) fn selection_of(
    revision: &duty_rule_revision::Model,
) -> Result<SubjectSelection, TasksError> {
    let subjects: Vec<Subject> = serde_json::from_str(&revision.subjects_json)
        .map_err(|e| StoreError::Corrupt(format!("stored duty subjects: {e}")))?;
    Ok(SubjectSelection {
        selector: revision.subject_selector,
        subjects,
    })
}
