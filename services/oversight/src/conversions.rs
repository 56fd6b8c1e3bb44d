//! The edge between protobuf and the domain for oversight records.

use chrono::NaiveDate;
use qinglian_api::oversight::v1::{self as pb, OversightKind, OversightSubject};
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;

use qinglian_store::{etag, time};

use crate::activities::{ActivityFields, ActivityRecord};

pub mod documents;
pub mod findings;
pub mod opinions;
pub mod reports;

/// Whether `title` is a full title in book-title marks, e.g. 《中华人民共和国义务教育法》.
pub(crate) fn is_book_title(title: &str) -> bool {
    let inner = title
        .strip_prefix('《')
        .and_then(|rest| rest.strip_suffix('》'));
    inner.is_some_and(|inner| !inner.trim().is_empty() && !inner.contains(['《', '》']))
}

/// Validates an activity; `today` bounds its date.
pub fn activity_fields(
    activity: &pb::OversightActivity,
    today: NaiveDate,
) -> Result<ActivityFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    let kind = OversightKind::try_from(activity.kind).unwrap_or(OversightKind::Unspecified);
    v.enumeration(
        "activity.kind",
        activity.kind,
        kind != OversightKind::Unspecified,
    );
    // The body overseen is optional: UNSPECIFIED means none applies.
    if OversightSubject::try_from(activity.subject).is_err() {
        v.add("activity.subject", "is not a known body");
    }
    v.text("activity.title", &activity.title, true, 300);
    v.text("activity.meeting", &activity.meeting, false, 100);
    let date = v.past_date("activity.date", &activity.date, true, today);
    let inspection = kind == OversightKind::LawEnforcementInspection;
    if inspection && activity.laws_inspected.is_empty() {
        v.add(
            "activity.laws_inspected",
            "a law-enforcement inspection names at least one law",
        );
    }
    if !inspection && !activity.laws_inspected.is_empty() {
        v.add(
            "activity.laws_inspected",
            "only a law-enforcement inspection names laws",
        );
    }
    for (i, law) in activity.laws_inspected.iter().enumerate() {
        let field = format!("activity.laws_inspected[{i}]");
        if !is_book_title(law.trim()) || law.chars().count() > 200 {
            v.add(
                field.clone(),
                "must be a full title in book-title marks, e.g. 《中华人民共和国义务教育法》",
            );
        }
        if activity.laws_inspected[..i]
            .iter()
            .any(|earlier| earlier.trim() == law.trim())
        {
            v.add(field, "is named twice");
        }
    }
    v.id(
        "activity.related_activity_id",
        &activity.related_activity_id,
        false,
    );
    v.id(
        "activity.organisation_unit_id",
        &activity.organisation_unit_id,
        true,
    );
    v.finish()?;
    Ok(ActivityFields {
        kind: activity.kind,
        subject: activity.subject,
        title: activity.title.trim().to_owned(),
        meeting: activity.meeting.trim().to_owned(),
        date: date.unwrap_or(today),
        laws_inspected: activity
            .laws_inspected
            .iter()
            .map(|law| law.trim().to_owned())
            .collect(),
        related_activity_id: activity.related_activity_id.clone(),
        organisation_unit_id: activity.organisation_unit_id.clone(),
    })
}

impl From<&ActivityRecord> for pb::OversightActivity {
    fn from(record: &ActivityRecord) -> Self {
        let a = &record.activity;
        Self {
            id: a.id.clone(),
            kind: a.kind,
            subject: a.subject,
            title: a.title.clone(),
            meeting: a.meeting.clone(),
            date: a.date.format("%Y-%m-%d").to_string(),
            laws_inspected: record.laws.clone(),
            related_activity_id: a.related_activity_id.clone(),
            organisation_unit_id: a.organisation_unit_id.clone(),
            create_time: Some(time::to_proto(a.create_time)),
            update_time: Some(time::to_proto(a.update_time)),
            etag: etag::etag(a.version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laws_are_full_titles_in_book_title_marks() {
        assert!(is_book_title("《中华人民共和国义务教育法》"));
        assert!(!is_book_title("中华人民共和国义务教育法"));
        assert!(!is_book_title("《》"));
        assert!(!is_book_title("《甲法》《乙法》"));
    }
}
