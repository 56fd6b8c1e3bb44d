//! Requests of the rectification ledger to validated domain values: INVALID_ARGUMENT naming every bad
//! field, nothing written.

use chrono::NaiveDate;
use qinglian_api::common::v1::Accountability;
use qinglian_api::supervision::v1::{self as pb, ProblemSource};
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;

use crate::ledger::problems::{ProblemFields, ResponsibilityFields};
use crate::ledger::rectifications::{ProgressFields, RectificationFields};
use crate::ledger::tours::TourFields;
use crate::ledger::verifications::{RecheckFields, VerdictFields};

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
) -> Result<ProblemFields, Vec<FieldViolation>> {
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
    Ok(ProblemFields {
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
            .map(|r| ResponsibilityFields {
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
) -> Result<RectificationFields, Vec<FieldViolation>> {
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
    Ok(RectificationFields {
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
) -> Result<ProgressFields, Vec<FieldViolation>> {
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
    Ok(ProgressFields {
        text: r.text.trim().to_owned(),
        percent: r.percent,
        evidence: r.evidence.clone(),
    })
}

/// Validates a verdict: a pass needs evidence checked.
pub fn new_verdict(
    r: &pb::VerifyRectificationRequest,
) -> Result<VerdictFields, Vec<FieldViolation>> {
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
    Ok(VerdictFields {
        verdict: r.verdict,
        evidence_checked: r.evidence_checked.clone(),
        reason: r.reason.trim().to_owned(),
    })
}

/// Validates a re-check; `today` bounds its date.
pub fn new_recheck(
    r: &pb::RecordRecheckRequest,
    today: NaiveDate,
) -> Result<RecheckFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("rectification_id", &r.rectification_id, true);
    let date = v.past_date("recheck_date", &r.recheck_date, true, today);
    v.prose("finding", &r.finding, true, 5000);
    v.finish()?;
    Ok(RecheckFields {
        recheck_date: date.unwrap_or(today),
        recurred: r.recurred,
        finding: r.finding.trim().to_owned(),
    })
}
