//! Request messages of the duty tests: subjects, rules, schedules, evidence and fulfilments.

use qinglian_api::common::v1::Evidence;
use qinglian_api::tasks::v1::{self as pb, duty_rule};

/// The subject of a liaison link.
pub fn pair(leader: &pb::Person, branch: &pb::Unit) -> pb::DutySubject {
    pb::DutySubject {
        person_id: leader.id.clone(),
        unit_id: branch.id.clone(),
    }
}

/// A unit subject.
pub fn unit_subject(unit: &pb::Unit) -> pb::DutySubject {
    pb::DutySubject {
        person_id: String::new(),
        unit_id: unit.id.clone(),
    }
}

/// A person subject.
pub fn person_subject(person: &pb::Person) -> pb::DutySubject {
    pb::DutySubject {
        person_id: person.id.clone(),
        unit_id: String::new(),
    }
}

/// A rule of `unit` with the given schedule and selector.
pub fn rule(
    unit: &pb::Unit,
    title: &str,
    schedule: duty_rule::Schedule,
    selector: pb::DutySubjectSelector,
) -> pb::DutyRule {
    pb::DutyRule {
        unit_id: unit.id.clone(),
        title: title.to_owned(),
        activity: title.to_owned(),
        schedule: Some(schedule),
        subject_selector: selector as i32,
        ..Default::default()
    }
}

/// A quota of `min_count` events per `period` from `start`.
pub fn quota(period: pb::DutyFrequency, min_count: i32, start: &str) -> duty_rule::Schedule {
    duty_rule::Schedule::Quota(pb::DutyQuota {
        period: period as i32,
        min_count,
        start_date: start.to_owned(),
        end_date: String::new(),
    })
}

/// A recurrence every `interval` units of `frequency` from `start`.
pub fn recurrence(frequency: pb::DutyFrequency, interval: i32, start: &str) -> duty_rule::Schedule {
    duty_rule::Schedule::Recurrence(pb::DutyRecurrence {
        frequency: frequency as i32,
        interval,
        start_date: start.to_owned(),
        end_date: String::new(),
        occurrence_count: 0,
    })
}

/// Evidence about `date`.
pub fn evidence(date: &str) -> Evidence {
    Evidence {
        file_name: "党课记录.pdf".into(),
        sha256: "ab".repeat(32),
        size_bytes: 2048,
        media_type: "application/pdf".into(),
        about_date: date.to_owned(),
        storage_uri: "docs://minutes/1".into(),
    }
}

/// The RecordFulfilment request of an event by `subject` on `date`.
pub fn fulfilment(
    rule_id: &str,
    subject: pb::DutySubject,
    date: &str,
) -> pb::RecordFulfilmentRequest {
    pb::RecordFulfilmentRequest {
        fulfilment: Some(pb::Fulfilment {
            rule_id: rule_id.to_owned(),
            subject: Some(subject),
            date: date.to_owned(),
            note: "学习贯彻党的二十大精神".into(),
            evidence: vec![evidence(date)],
            ..Default::default()
        }),
        request_id: String::new(),
    }
}
