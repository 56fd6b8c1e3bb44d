//! The edge between protobuf and the domain for supervision records.

use chrono::NaiveDate;
use qinglian_api::supervision::v1 as pb;
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;
use qinglian_store::{etag, time};

use crate::education::EducationFields;
use crate::entities::{split_ids, talk};
use crate::talks::TalkFields;

mod checks;
pub mod ledger;

pub use checks::check;

impl talk::Model {
    /// The talk as returned and published, its confidential fields only when `confidential`.
    pub fn message(&self, confidential: bool) -> pb::Talk {
        talk(self, confidential)
    }
}

/// A talk as returned: whole to the discipline and admin roles, redacted to everyone else.
pub fn talk(row: &talk::Model, confidential: bool) -> pb::Talk {
    let follow_ups: Vec<String> = serde_json::from_str(&row.follow_ups).unwrap_or_default();
    pb::Talk {
        id: row.id.clone(),
        kind: row.kind,
        subject_person_id: row.subject_person_id.clone(),
        subject_unit_id: row.subject_unit_id.clone(),
        conducted_by_ids: split_ids(&row.conducted_by_ids),
        date: row.date.format("%Y-%m-%d").to_string(),
        reason: if confidential {
            row.reason.clone()
        } else {
            String::new()
        },
        content: if confidential {
            row.content.clone()
        } else {
            String::new()
        },
        follow_ups: if confidential { follow_ups } else { Vec::new() },
        redacted: !confidential,
        create_time: Some(time::to_proto(row.create_time)),
        update_time: Some(time::to_proto(row.update_time)),
        etag: etag::etag(row.version),
    }
}

impl TalkFields {
    /// Validates `talk`; `today` bounds the date.
    pub fn parse(talk: &pb::Talk, today: NaiveDate) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        v.enumeration(
            "talk.kind",
            talk.kind,
            pb::TalkKind::try_from(talk.kind).is_ok(),
        );
        v.id("talk.subject_person_id", &talk.subject_person_id, true);
        if talk.conducted_by_ids.is_empty() {
            v.add("talk.conducted_by_ids", "at least one person is required");
        }
        for (i, id) in talk.conducted_by_ids.iter().enumerate() {
            v.id(&format!("talk.conducted_by_ids[{i}]"), id, true);
        }
        let date = v.past_date("talk.date", &talk.date, true, today);
        v.prose("talk.reason", &talk.reason, false, 2000);
        v.prose("talk.content", &talk.content, false, 20000);
        v.finish()?;
        Ok(Self {
            kind: talk.kind,
            subject_person_id: talk.subject_person_id.clone(),
            conducted_by_ids: talk.conducted_by_ids.clone(),
            date: date.unwrap_or(today),
            reason: talk.reason.trim().to_owned(),
            content: talk.content.trim().to_owned(),
        })
    }
}

/// An education activity as returned.
impl From<&crate::entities::education_activity::Model> for pb::EducationActivity {
    fn from(row: &crate::entities::education_activity::Model) -> Self {
        pb::EducationActivity {
            id: row.id.clone(),
            kind: row.kind,
            title: row.title.clone(),
            date: row.date.format("%Y-%m-%d").to_string(),
            organising_unit_id: row.organising_unit_id.clone(),
            participant_ids: split_ids(&row.participant_ids),
            head_count: row.head_count,
            description: row.description.clone(),
            create_time: Some(time::to_proto(row.create_time)),
            update_time: Some(time::to_proto(row.update_time)),
            etag: etag::etag(row.version),
        }
    }
}

impl EducationFields {
    /// Validates `activity`; `today` bounds the date.
    pub fn parse(
        activity: &pb::EducationActivity,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        v.enumeration(
            "education_activity.kind",
            activity.kind,
            pb::EducationKind::try_from(activity.kind).is_ok(),
        );
        v.text("education_activity.title", &activity.title, true, 300);
        let date = v.past_date("education_activity.date", &activity.date, true, today);
        v.id(
            "education_activity.organising_unit_id",
            &activity.organising_unit_id,
            true,
        );
        for (i, id) in activity.participant_ids.iter().enumerate() {
            v.id(
                &format!("education_activity.participant_ids[{i}]"),
                id,
                true,
            );
            if activity.participant_ids[..i].contains(id) {
                v.add(
                    format!("education_activity.participant_ids[{i}]"),
                    "is named twice",
                );
            }
        }
        let named = i32::try_from(activity.participant_ids.len()).unwrap_or(i32::MAX);
        if activity.head_count != 0 && activity.head_count < named {
            v.add(
                "education_activity.head_count",
                "must be at least the number of named participants",
            );
        }
        if activity.head_count < 0 {
            v.add("education_activity.head_count", "must not be negative");
        }
        v.text(
            "education_activity.description",
            &activity.description,
            false,
            5000,
        );
        v.finish()?;
        Ok(Self {
            kind: activity.kind,
            title: activity.title.trim().to_owned(),
            date: date.unwrap_or(today),
            organising_unit_id: activity.organising_unit_id.clone(),
            participant_ids: activity.participant_ids.clone(),
            head_count: if activity.head_count == 0 {
                named
            } else {
                activity.head_count
            },
            description: activity.description.trim().to_owned(),
        })
    }
}
