//! The edge between protobuf and the rectification ledger: records to messages, requests to
//! validated domain values.

use chrono::NaiveDate;
use qinglian_api::supervision::v1::{self as pb, RectificationState};
use qinglian_domain::deadlines::Subject;
use qinglian_domain::deadlines::records::{escalation, extension};
use qinglian_domain::evidence;
use qinglian_store::{etag, time};

mod requests;

pub use requests::{
    check_source, new_problem, new_progress, new_recheck, new_rectification, new_verdict,
    tour_fields,
};

use crate::entities::{inspection_tour, recheck, rectification_progress, verification};
use crate::ledger::RectificationDeadline;
use crate::ledger::records::{ProblemRecord, RectificationRecord};
use crate::ledger::statistics::LedgerCounts;

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn optional_day(date: Option<NaiveDate>) -> String {
    date.map(day).unwrap_or_default()
}

impl From<&inspection_tour::Model> for pb::InspectionTour {
    fn from(t: &inspection_tour::Model) -> Self {
        Self {
            id: t.id.clone(),
            level: t.level,
            team_name: t.team_name.clone(),
            inspected_unit_id: t.inspected_unit_id.clone(),
            start_date: day(t.start_date),
            end_date: day(t.end_date),
            feedback_date: optional_day(t.feedback_date),
            create_time: Some(time::to_proto(t.create_time)),
            etag: etag::etag(t.version),
        }
    }
}

impl From<&ProblemRecord> for pb::Problem {
    fn from(record: &ProblemRecord) -> Self {
        let p = &record.problem;
        Self {
            id: p.id.clone(),
            sources: record
                .sources
                .iter()
                .map(|s| pb::ProblemSourceRef {
                    source: s.source,
                    reference: s.reference.clone(),
                    link_time: Some(time::to_proto(s.link_time)),
                })
                .collect(),
            unit_id: p.unit_id.clone(),
            description: p.description.clone(),
            category: p.category.clone(),
            severity: p.severity,
            responsibilities: record
                .responsibilities
                .iter()
                .map(|r| pb::Responsibility {
                    unit_id: r.unit_id.clone(),
                    person_id: r.person_id.clone(),
                    accountability: r.accountability,
                })
                .collect(),
            state: p.state,
            rectification_ids: record.rectification_ids.clone(),
            recurrence_count: p.recurrence_count,
            close_date: optional_day(p.close_date),
            found_date: day(p.found_date),
            create_time: Some(time::to_proto(p.create_time)),
            update_time: Some(time::to_proto(p.update_time)),
            etag: etag::etag(p.version),
        }
    }
}

impl From<&verification::Model> for pb::Verification {
    fn from(v: &verification::Model) -> Self {
        Self {
            id: v.id.clone(),
            rectification_id: v.rectification_id.clone(),
            requested_by: v.requested_by.clone(),
            verifier: v.verifier.clone(),
            verdict: v.verdict,
            evidence_checked: evidence::from_json(&v.evidence),
            reason: v.reason.clone(),
            verify_time: Some(time::to_proto(v.verify_time)),
        }
    }
}

impl From<&recheck::Model> for pb::Recheck {
    fn from(c: &recheck::Model) -> Self {
        Self {
            id: c.id.clone(),
            rectification_id: c.rectification_id.clone(),
            recheck_date: day(c.recheck_date),
            recurred: c.recurred,
            finding: c.finding.clone(),
            checked_by: c.checked_by.clone(),
            create_time: Some(time::to_proto(c.create_time)),
        }
    }
}

impl RectificationRecord {
    /// The measure as returned and published, `overdue` judged on `today`.
    pub fn message(&self, today: NaiveDate) -> pb::Rectification {
        rectification(self, today)
    }
}

/// A measure as returned, `overdue` judged on `today`.
pub fn rectification(record: &RectificationRecord, today: NaiveDate) -> pb::Rectification {
    let r = &record.rectification;
    pb::Rectification {
        id: r.id.clone(),
        problem_ids: record.problem_ids.clone(),
        measure: r.measure.clone(),
        responsible_unit_id: r.responsible_unit_id.clone(),
        responsible_person_id: r.responsible_person_id.clone(),
        deadline: day(r.deadline),
        original_deadline: day(r.original_deadline),
        lasting_mechanism: r.lasting_mechanism,
        state: r.state,
        percent: r.percent,
        warning_level: r.warning_level,
        complete_date: optional_day(r.complete_date),
        recheck_due_date: optional_day(r.recheck_due_date),
        recurrence_count: r.recurrence_count,
        extended: r.extended,
        overdue: r.state != RectificationState::Verified as i32 && r.deadline < today,
        verifications: record.verifications.iter().map(Into::into).collect(),
        rechecks: record.rechecks.iter().map(Into::into).collect(),
        create_time: Some(time::to_proto(r.create_time)),
        update_time: Some(time::to_proto(r.update_time)),
        etag: etag::etag(r.version),
    }
}

/// A measure's warnings and extension requests, as the supervision contract publishes them.
impl Subject for RectificationDeadline {
    type Warning = pb::RectificationEscalation;
    type Extension = pb::RectificationExtension;

    const NOUN: &'static str = "measure";
    const WARNING_RESOURCE: &'static str = "qinglian.supervision.v1.RectificationEscalation";
    const EXTENSION_RESOURCE: &'static str = "qinglian.supervision.v1.RectificationExtension";
    const SUBJECT_FIELD: &'static str = "rectification_id";
    const REQUESTED_FIELD: &'static str = "requested_deadline";

    fn warning(e: &escalation::Model) -> pb::RectificationEscalation {
        pb::RectificationEscalation {
            id: e.id.clone(),
            rectification_id: e.subject_id.clone(),
            level: e.level,
            recipient_ids: crate::entities::split_ids(&e.recipient_ids),
            raise_date: day(e.raise_date),
            deadline: day(e.due_date),
            days_left: e.days_left,
            acknowledged: e.acknowledged,
            acknowledged_by: e.acknowledged_by.clone(),
            acknowledge_time: e.acknowledge_time.map(time::to_proto),
            create_time: Some(time::to_proto(e.create_time)),
            etag: etag::etag(e.version),
            superseded: e.superseded,
        }
    }

    fn extension(e: &extension::Model) -> pb::RectificationExtension {
        pb::RectificationExtension {
            id: e.id.clone(),
            rectification_id: e.subject_id.clone(),
            requested_deadline: day(e.requested_due_date),
            reason: e.reason.clone(),
            state: e.state,
            requested_by: e.requested_by.clone(),
            decided_by: e.decided_by.clone(),
            decision_reason: e.decision_reason.clone(),
            create_time: Some(time::to_proto(e.create_time)),
            decide_time: e.decide_time.map(time::to_proto),
        }
    }
}

impl From<&rectification_progress::Model> for pb::RectificationProgress {
    fn from(p: &rectification_progress::Model) -> Self {
        Self {
            id: p.id.clone(),
            rectification_id: p.rectification_id.clone(),
            text: p.text.clone(),
            percent: p.percent,
            evidence: evidence::from_json(&p.evidence),
            reporter: p.reporter.clone(),
            report_time: Some(time::to_proto(p.report_time)),
        }
    }
}

impl From<LedgerCounts> for pb::LedgerStatisticsRow {
    fn from(counts: LedgerCounts) -> Self {
        Self {
            completion_rate: counts.completion_rate(),
            tour_id: counts.tour_id,
            unit_id: counts.unit_id,
            problems: counts.problems,
            measures: counts.measures,
            completed: counts.completed,
            on_time: counts.on_time,
            overdue: counts.overdue,
            extended: counts.extended,
            recurred: counts.recurred,
        }
    }
}
