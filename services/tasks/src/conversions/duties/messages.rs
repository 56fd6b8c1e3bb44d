//! Stored duty rows and compliance entries to messages.

use qinglian_api::tasks::v1::{self as pb, duty_rule, duty_rule_revision};
use qinglian_store::{etag, time};

use crate::duties::{ComplianceEntry, ComplianceState, RuleRecord, ScheduleKind, Subject};
use crate::entities::{duty_fulfilment, duty_rule_revision as revision_row};

impl From<&pb::DutySubject> for Subject {
    fn from(subject: &pb::DutySubject) -> Self {
        Self {
            person_id: subject.person_id.clone(),
            unit_id: subject.unit_id.clone(),
        }
    }
}

impl From<&Subject> for pb::DutySubject {
    fn from(subject: &Subject) -> Self {
        Self {
            person_id: subject.person_id.clone(),
            unit_id: subject.unit_id.clone(),
        }
    }
}

/// The schedule of a stored revision, in either oneof.
enum Scheduled {
    Recurrence(pb::DutyRecurrence),
    Quota(pb::DutyQuota),
}

fn scheduled(revision: &revision_row::Model) -> Scheduled {
    let end_date = revision.end_date.map(|d| d.to_string()).unwrap_or_default();
    match ScheduleKind::from_stored(&revision.schedule_kind) {
        ScheduleKind::Recurrence => Scheduled::Recurrence(pb::DutyRecurrence {
            frequency: revision.frequency,
            interval: revision.interval,
            start_date: revision.start_date.to_string(),
            end_date,
            occurrence_count: revision.occurrence_count.unwrap_or_default(),
        }),
        ScheduleKind::Quota => Scheduled::Quota(pb::DutyQuota {
            period: revision.frequency,
            min_count: revision.expected_count,
            start_date: revision.start_date.to_string(),
            end_date,
        }),
    }
}

/// The listed subjects of a stored revision; unreadable JSON (changed outside the service) reads as
/// none, logged.
fn subjects(revision: &revision_row::Model) -> Vec<pb::DutySubject> {
    match serde_json::from_str::<Vec<Subject>>(&revision.subjects_json) {
        Ok(subjects) => subjects.iter().map(pb::DutySubject::from).collect(),
        Err(e) => {
            tracing::error!(rule_id = %revision.rule_id, error = %e, "stored duty subjects are not readable");
            Vec::new()
        }
    }
}

impl From<&revision_row::Model> for pb::DutyRuleRevision {
    fn from(revision: &revision_row::Model) -> Self {
        Self {
            revision: revision.revision,
            effective_date: revision.effective_date.to_string(),
            schedule: Some(match scheduled(revision) {
                Scheduled::Recurrence(r) => duty_rule_revision::Schedule::Recurrence(r),
                Scheduled::Quota(q) => duty_rule_revision::Schedule::Quota(q),
            }),
            subject_selector: revision.subject_selector,
            subjects: subjects(revision),
            create_time: Some(time::to_proto(revision.create_time)),
        }
    }
}

impl From<&RuleRecord> for pb::DutyRule {
    fn from(record: &RuleRecord) -> Self {
        let rule = &record.rule;
        let latest = record.revisions.last();
        Self {
            id: rule.id.clone(),
            unit_id: rule.unit_id.clone(),
            title: rule.title.clone(),
            activity: rule.activity.clone(),
            activity_kind: rule.activity_kind,
            schedule: latest.map(|revision| match scheduled(revision) {
                Scheduled::Recurrence(r) => duty_rule::Schedule::Recurrence(r),
                Scheduled::Quota(q) => duty_rule::Schedule::Quota(q),
            }),
            subject_selector: latest.map(|r| r.subject_selector).unwrap_or_default(),
            subjects: latest.map(subjects).unwrap_or_default(),
            revision: rule.revision,
            effective_date: latest
                .map(|r| r.effective_date.to_string())
                .unwrap_or_default(),
            revisions: record
                .revisions
                .iter()
                .map(pb::DutyRuleRevision::from)
                .collect(),
            create_time: Some(time::to_proto(rule.create_time)),
            update_time: Some(time::to_proto(rule.update_time)),
            etag: etag::etag(rule.version),
        }
    }
}

impl From<&duty_fulfilment::Model> for pb::Fulfilment {
    fn from(fulfilment: &duty_fulfilment::Model) -> Self {
        Self {
            id: fulfilment.id.clone(),
            rule_id: fulfilment.rule_id.clone(),
            subject: Some(pb::DutySubject {
                person_id: fulfilment.person_id.clone(),
                unit_id: fulfilment.unit_id.clone(),
            }),
            date: fulfilment.date.to_string(),
            note: fulfilment.note.clone(),
            evidence: qinglian_domain::evidence::from_json(&fulfilment.evidence_json),
            period_start_date: fulfilment.period_start.to_string(),
            period_end_date: fulfilment.period_end.to_string(),
            recorded_by: fulfilment.recorded_by.clone(),
            create_time: Some(time::to_proto(fulfilment.create_time)),
            update_time: Some(time::to_proto(fulfilment.update_time)),
            etag: etag::etag(fulfilment.version),
        }
    }
}

impl From<&ComplianceEntry> for pb::DutyComplianceEntry {
    fn from(entry: &ComplianceEntry) -> Self {
        let state = match entry.state {
            ComplianceState::Met => pb::DutyComplianceState::Met,
            ComplianceState::Open => pb::DutyComplianceState::Open,
            ComplianceState::Behind => pb::DutyComplianceState::Behind,
            ComplianceState::Upcoming => pb::DutyComplianceState::Upcoming,
        };
        Self {
            rule_id: entry.rule_id.clone(),
            revision: entry.revision,
            period_start_date: entry.period.start.to_string(),
            period_end_date: entry.period.end.to_string(),
            subject: Some(pb::DutySubject::from(&entry.subject)),
            expected: entry.expected,
            delivered: i32::try_from(entry.delivered).unwrap_or(i32::MAX),
            state: state as i32,
        }
    }
}
