//! The edge between protobuf and the rectification ledger: records to messages, requests to
//! validated domain values.

use chrono::NaiveDate;
use qinglian_api::supervision::v1::{self as pb, ProblemSource, RectificationState};
use qinglian_api::tasks::v1::Accountability;
use qinglian_kit::evidence;
use qinglian_kit::status::FieldViolation;
use qinglian_kit::validate::Violations;
use qinglian_store::{etag, time};

use crate::entities::{
    inspection_tour, recheck, rectification_escalation, rectification_extension,
    rectification_progress, verification,
};
use crate::ledger::measures::{NewProgress, NewRectification};
use crate::ledger::problems::{NewProblem, NewResponsibility};
use crate::ledger::records::{ProblemRecord, RectificationRecord};
use crate::ledger::signoff::{NewRecheck, NewVerdict};
use crate::ledger::tours::TourFields;

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

impl From<&rectification_escalation::Model> for pb::RectificationEscalation {
    fn from(e: &rectification_escalation::Model) -> Self {
        Self {
            id: e.id.clone(),
            rectification_id: e.rectification_id.clone(),
            level: e.level,
            recipient_ids: crate::conversions::split_ids(&e.recipient_ids),
            raise_date: day(e.raise_date),
            deadline: day(e.deadline),
            days_left: e.days_left,
            acknowledged: e.acknowledged,
            acknowledged_by: e.acknowledged_by.clone(),
            acknowledge_time: e.acknowledge_time.map(time::to_proto),
            create_time: Some(time::to_proto(e.create_time)),
            etag: etag::etag(e.version),
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

impl From<&rectification_extension::Model> for pb::RectificationExtension {
    fn from(e: &rectification_extension::Model) -> Self {
        Self {
            id: e.id.clone(),
            rectification_id: e.rectification_id.clone(),
            requested_deadline: day(e.requested_deadline),
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

/// Validates a tour.
pub fn tour_fields(tour: &pb::InspectionTour) -> Result<TourFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.enumeration(
        "tour.level",
        tour.level,
        pb::TourLevel::try_from(tour.level).is_ok(),
    );
    v.text("tour.team_name", &tour.team_name, true, 200);
    v.id("tour.inspected_unit_id", &tour.inspected_unit_id, true);
    let start = v.date("tour.start_date", &tour.start_date, true);
    let end = v.date("tour.end_date", &tour.end_date, true);
    let feedback = v.date("tour.feedback_date", &tour.feedback_date, false);
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        v.add("tour.end_date", "must not be before start_date");
    }
    if let (Some(start), Some(feedback)) = (start, feedback)
        && feedback < start
    {
        v.add("tour.feedback_date", "must not be before start_date");
    }
    v.finish()?;
    let (Some(start_date), Some(end_date)) = (start, end) else {
        return Err(vec![FieldViolation::new("tour.start_date", "is required")]);
    };
    Ok(TourFields {
        level: tour.level,
        team_name: tour.team_name.trim().to_owned(),
        inspected_unit_id: tour.inspected_unit_id.clone(),
        start_date,
        end_date,
        feedback_date: feedback,
    })
}

/// Checks a source and its reference, naming fields under `prefix`.
pub fn check_source(v: &mut Violations, prefix: &str, source: i32, reference: &str) {
    v.enumeration(
        &format!("{prefix}source"),
        source,
        ProblemSource::try_from(source).is_ok_and(|s| s != ProblemSource::Unspecified),
    );
    v.text(&format!("{prefix}reference"), reference, true, 200);
}

/// Validates a new problem: exactly one source, a responsibility list of units or people; `today`
/// bounds the day it was found.
pub fn new_problem(
    problem: &pb::Problem,
    today: NaiveDate,
) -> Result<NewProblem, Vec<FieldViolation>> {
    let mut v = Violations::new();
    match problem.sources.as_slice() {
        [source] => check_source(
            &mut v,
            "problem.sources[0].",
            source.source,
            &source.reference,
        ),
        _ => v.add("problem.sources", "exactly one source is required"),
    }
    v.id("problem.unit_id", &problem.unit_id, true);
    v.prose("problem.description", &problem.description, true, 5000);
    v.text("problem.category", &problem.category, false, 100);
    let found = v.past_date("problem.found_date", &problem.found_date, false, today);
    v.enumeration(
        "problem.severity",
        problem.severity,
        pb::ProblemSeverity::try_from(problem.severity).is_ok(),
    );
    for (i, line) in problem.responsibilities.iter().enumerate() {
        let prefix = format!("problem.responsibilities[{i}]");
        if line.unit_id.is_empty() == line.person_id.is_empty() {
            v.add(
                prefix.clone(),
                "exactly one of unit_id and person_id is required",
            );
        }
        v.id(&format!("{prefix}.unit_id"), &line.unit_id, false);
        v.id(&format!("{prefix}.person_id"), &line.person_id, false);
        v.enumeration(
            &format!("{prefix}.accountability"),
            line.accountability,
            Accountability::try_from(line.accountability).is_ok(),
        );
    }
    v.finish()?;
    let first = problem.sources.first().cloned().unwrap_or_default();
    Ok(NewProblem {
        source: first.source,
        reference: first.reference.trim().to_owned(),
        unit_id: problem.unit_id.clone(),
        description: problem.description.trim().to_owned(),
        category: problem.category.trim().to_owned(),
        severity: problem.severity,
        found_date: found.unwrap_or(today),
        responsibilities: problem
            .responsibilities
            .iter()
            .map(|r| NewResponsibility {
                unit_id: r.unit_id.clone(),
                person_id: r.person_id.clone(),
                accountability: r.accountability,
            })
            .collect(),
    })
}

/// Validates a new measure; `today` bounds the deadline.
pub fn new_rectification(
    r: &pb::Rectification,
    today: NaiveDate,
) -> Result<NewRectification, Vec<FieldViolation>> {
    let mut v = Violations::new();
    if r.problem_ids.is_empty() {
        v.add(
            "rectification.problem_ids",
            "at least one problem is required",
        );
    }
    for (i, id) in r.problem_ids.iter().enumerate() {
        v.id(&format!("rectification.problem_ids[{i}]"), id, true);
        if r.problem_ids[..i].contains(id) {
            v.add(format!("rectification.problem_ids[{i}]"), "is named twice");
        }
    }
    v.prose("rectification.measure", &r.measure, true, 5000);
    v.id(
        "rectification.responsible_unit_id",
        &r.responsible_unit_id,
        true,
    );
    v.id(
        "rectification.responsible_person_id",
        &r.responsible_person_id,
        true,
    );
    let deadline = v.date("rectification.deadline", &r.deadline, true);
    v.finish()?;
    Ok(NewRectification {
        problem_ids: r.problem_ids.clone(),
        measure: r.measure.trim().to_owned(),
        responsible_unit_id: r.responsible_unit_id.clone(),
        responsible_person_id: r.responsible_person_id.clone(),
        deadline: deadline.unwrap_or(today),
        lasting_mechanism: r.lasting_mechanism,
    })
}

/// Validates a progress report.
pub fn new_progress(
    r: &pb::ReportRectificationProgressRequest,
) -> Result<NewProgress, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("rectification_id", &r.rectification_id, true);
    v.prose("text", &r.text, true, 5000);
    if !(0..=100).contains(&r.percent) {
        v.add("percent", "must be between 0 and 100");
    }
    for (i, e) in r.evidence.iter().enumerate() {
        v.evidence(&format!("evidence[{i}]"), e);
    }
    v.finish()?;
    Ok(NewProgress {
        text: r.text.trim().to_owned(),
        percent: r.percent,
        evidence: r.evidence.clone(),
    })
}

/// Validates a verdict: a pass needs evidence checked.
pub fn new_verdict(r: &pb::VerifyRectificationRequest) -> Result<NewVerdict, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("rectification_id", &r.rectification_id, true);
    v.enumeration(
        "verdict",
        r.verdict,
        pb::Verdict::try_from(r.verdict).is_ok_and(|k| k != pb::Verdict::Unspecified),
    );
    if r.verdict == pb::Verdict::Pass as i32 && r.evidence_checked.is_empty() {
        v.add("evidence_checked", "a pass needs the evidence checked");
    }
    for (i, e) in r.evidence_checked.iter().enumerate() {
        v.evidence(&format!("evidence_checked[{i}]"), e);
    }
    v.prose("reason", &r.reason, true, 2000);
    v.finish()?;
    Ok(NewVerdict {
        verdict: r.verdict,
        evidence_checked: r.evidence_checked.clone(),
        reason: r.reason.trim().to_owned(),
    })
}

/// Validates a re-check; `today` bounds its date.
pub fn new_recheck(
    r: &pb::RecordRecheckRequest,
    today: NaiveDate,
) -> Result<NewRecheck, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("rectification_id", &r.rectification_id, true);
    let date = v.past_date("recheck_date", &r.recheck_date, true, today);
    v.prose("finding", &r.finding, true, 5000);
    v.finish()?;
    Ok(NewRecheck {
        recheck_date: date.unwrap_or(today),
        recurred: r.recurred,
        finding: r.finding.trim().to_owned(),
    })
}
