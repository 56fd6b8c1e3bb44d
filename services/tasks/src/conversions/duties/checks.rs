//! Checks of a rule's schedule and subject selection, shared by create and update.

use qinglian_api::tasks::v1::{self as pb, duty_rule};
use qinglian_domain::validate::Violations;

use crate::duties::{Frequency, Schedule, ScheduleKind, Subject, SubjectSelection};

/// Most explicit subjects of one rule.
const SUBJECTS_MAX: usize = 1000;

/// Checks an optional activity kind.
pub(super) fn activity_kind(v: &mut Violations, kind: i32) {
    if pb::DutyActivityKind::try_from(kind).is_err() {
        v.add(
            "duty_rule.activity_kind",
            format!("has unknown value {kind}"),
        );
    }
}

/// Checks the recurrence or quota of a rule; the schedule when it is valid.
pub(super) fn schedule(
    v: &mut Violations,
    schedule: Option<&duty_rule::Schedule>,
) -> Option<Schedule> {
    let field = |name: &str| format!("duty_rule.{name}");
    let mut frequency = |name: &str, number: i32| {
        let frequency = Frequency::from_number(number);
        v.enumeration(&field(name), number, frequency.is_some());
        frequency
    };
    let (kind, frequency, interval, expected, occurrences, start, end, prefix) = match schedule {
        None => {
            v.add(field("schedule"), "one of recurrence or quota is required");
            return None;
        }
        Some(duty_rule::Schedule::Recurrence(r)) => (
            ScheduleKind::Recurrence,
            frequency("recurrence.frequency", r.frequency),
            if r.interval == 0 { 1 } else { r.interval },
            1,
            r.occurrence_count,
            &r.start_date,
            &r.end_date,
            "recurrence",
        ),
        Some(duty_rule::Schedule::Quota(q)) => (
            ScheduleKind::Quota,
            frequency("quota.period", q.period),
            1,
            q.min_count,
            0,
            &q.start_date,
            &q.end_date,
            "quota",
        ),
    };
    if !(1..=100).contains(&interval) {
        v.add(field("recurrence.interval"), "must be between 1 and 100");
    }
    if !(1..=1000).contains(&expected) {
        v.add(field("quota.min_count"), "must be between 1 and 1000");
    }
    if !(0..=10_000).contains(&occurrences) {
        v.add(
            field("recurrence.occurrence_count"),
            "must be between 0 and 10000",
        );
    }
    let start = v.date(&field(&format!("{prefix}.start_date")), start, true);
    let end = v.date(&field(&format!("{prefix}.end_date")), end, false);
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            v.add(
                field(&format!("{prefix}.end_date")),
                "must not be before start_date",
            );
        }
        if occurrences > 0 {
            v.add(
                field("recurrence.occurrence_count"),
                "cannot be set together with end_date",
            );
        }
    }
    Some(Schedule {
        kind,
        frequency: frequency?,
        interval: u32::try_from(interval).ok()?,
        start: start?,
        end,
        occurrences: u32::try_from(occurrences).ok().filter(|n| *n > 0),
        expected: u32::try_from(expected).ok()?,
    })
}

/// Checks the subject selector of a rule and its listed subjects.
pub(super) fn selection(v: &mut Violations, rule: &pb::DutyRule) -> SubjectSelection {
    let selector = pb::DutySubjectSelector::try_from(rule.subject_selector);
    v.enumeration(
        "duty_rule.subject_selector",
        rule.subject_selector,
        selector.is_ok(),
    );
    let explicit = selector == Ok(pb::DutySubjectSelector::Explicit);
    if explicit && rule.subjects.is_empty() {
        v.add(
            "duty_rule.subjects",
            "is required for DUTY_SUBJECT_SELECTOR_EXPLICIT",
        );
    }
    if !explicit && !rule.subjects.is_empty() {
        v.add(
            "duty_rule.subjects",
            "must be empty unless the selector is DUTY_SUBJECT_SELECTOR_EXPLICIT",
        );
    }
    if rule.subjects.len() > SUBJECTS_MAX {
        v.add(
            "duty_rule.subjects",
            format!("at most {SUBJECTS_MAX} subjects"),
        );
    }
    for (i, subject) in rule.subjects.iter().enumerate() {
        let field = format!("duty_rule.subjects[{i}]");
        if subject.person_id.is_empty() && subject.unit_id.is_empty() {
            v.add(&field, "names neither a person nor a unit");
        }
        v.id(&format!("{field}.person_id"), &subject.person_id, false);
        v.id(&format!("{field}.unit_id"), &subject.unit_id, false);
        if rule.subjects[..i].contains(subject) {
            v.add(&field, "is listed twice");
        }
    }
    SubjectSelection {
        selector: rule.subject_selector,
        subjects: rule.subjects.iter().map(Subject::from).collect(),
    }
}
