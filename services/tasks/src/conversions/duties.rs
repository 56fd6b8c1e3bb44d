//! Duty rules, fulfilments and compliance queries: request messages to validated fields. The messages
//! rendered from stored rows are in `messages`.

mod checks;
mod compliance;
mod messages;

pub use compliance::compliance_query;

use crate::duties::{FulfilmentFields, RuleFields, RulePatch};

use qinglian_api::tasks::v1 as pb;
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;

use self::checks::{activity_kind, schedule, selection};
use super::requests::mask_paths;
use crate::duties::Subject;

/// Longest rule title.
const TITLE_MAX: usize = 200;
/// Longest activity name.
const ACTIVITY_MAX: usize = 100;
/// Longest fulfilment note.
const NOTE_MAX: usize = 2000;
/// Most pieces of evidence on one fulfilment.
const EVIDENCE_MAX: usize = 20;

impl RuleFields {
    /// Validates every field of `rule`.
    pub fn parse(rule: &pb::DutyRule) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        v.id("duty_rule.unit_id", &rule.unit_id, true);
        v.text("duty_rule.title", &rule.title, true, TITLE_MAX);
        v.text("duty_rule.activity", &rule.activity, true, ACTIVITY_MAX);
        activity_kind(&mut v, rule.activity_kind);
        let schedule = schedule(&mut v, rule.schedule.as_ref());
        let selection = selection(&mut v, rule);
        v.finish()?;
        let schedule = schedule.ok_or_else(|| required("duty_rule.schedule"))?;
        Ok(Self {
            unit_id: rule.unit_id.clone(),
            title: rule.title.trim().to_owned(),
            activity: rule.activity.trim().to_owned(),
            activity_kind: rule.activity_kind,
            schedule,
            selection,
        })
    }
}

/// Paths an UpdateDutyRule mask may name: `schedule` is the recurrence or quota given, `subjects` the
/// subject selector with its subjects.
pub(crate) const RULE_MASK_PATHS: &[&str] =
    &["title", "activity", "activity_kind", "schedule", "subjects"];

impl RulePatch {
    /// Validates the masked fields of `rule`; an empty mask means every field.
    pub fn parse(
        rule: &pb::DutyRule,
        mask: Option<&prost_types::FieldMask>,
        effective_date: &str,
    ) -> Result<Self, Vec<FieldViolation>> {
        let paths = mask_paths(mask, RULE_MASK_PATHS)?;
        let has = |path: &str| paths.iter().any(|p| p == path);
        let mut v = Violations::new();
        v.id("duty_rule.id", &rule.id, true);
        if has("title") {
            v.text("duty_rule.title", &rule.title, true, TITLE_MAX);
        }
        if has("activity") {
            v.text("duty_rule.activity", &rule.activity, true, ACTIVITY_MAX);
        }
        if has("activity_kind") {
            activity_kind(&mut v, rule.activity_kind);
        }
        let schedule = has("schedule").then(|| schedule(&mut v, rule.schedule.as_ref()));
        let selection = has("subjects").then(|| selection(&mut v, rule));
        let effective_date = v.date("effective_date", effective_date, false);
        v.finish()?;
        let schedule = match schedule {
            Some(parsed) => Some(parsed.ok_or_else(|| required("duty_rule.schedule"))?),
            None => None,
        };
        Ok(Self {
            id: rule.id.clone(),
            etag: rule.etag.clone(),
            title: has("title").then(|| rule.title.trim().to_owned()),
            activity: has("activity").then(|| rule.activity.trim().to_owned()),
            activity_kind: has("activity_kind").then_some(rule.activity_kind),
            schedule,
            selection,
            effective_date,
        })
    }
}

impl FulfilmentFields {
    /// Validates every field of `fulfilment`.
    pub fn parse(fulfilment: &pb::Fulfilment) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        v.id("fulfilment.rule_id", &fulfilment.rule_id, true);
        let subject = fulfilment.subject.clone().unwrap_or_default();
        if subject.person_id.is_empty() && subject.unit_id.is_empty() {
            v.add("fulfilment.subject", "is required");
        }
        v.id("fulfilment.subject.person_id", &subject.person_id, false);
        v.id("fulfilment.subject.unit_id", &subject.unit_id, false);
        let date = v.date("fulfilment.date", &fulfilment.date, true);
        v.prose("fulfilment.note", &fulfilment.note, false, NOTE_MAX);
        if fulfilment.evidence.len() > EVIDENCE_MAX {
            v.add(
                "fulfilment.evidence",
                format!("at most {EVIDENCE_MAX} pieces"),
            );
        }
        for (i, evidence) in fulfilment.evidence.iter().enumerate() {
            v.evidence(&format!("fulfilment.evidence[{i}]"), evidence);
        }
        v.finish()?;
        Ok(Self {
            rule_id: fulfilment.rule_id.clone(),
            subject: Subject::from(&subject),
            date: date.ok_or_else(|| required("fulfilment.date"))?,
            note: fulfilment.note.trim().to_owned(),
            evidence_json: qinglian_domain::evidence::to_json(&fulfilment.evidence),
        })
    }
}

/// The violation of a required field.
fn required(field: &str) -> Vec<FieldViolation> {
    vec![FieldViolation::new(field, "is required")]
}
