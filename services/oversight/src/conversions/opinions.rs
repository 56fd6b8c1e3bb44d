//! The edge between protobuf and the domain for deliberation opinions: every violation of a request is
//! named (e.g. `opinion.items[1].recommendation`) before anything is read or written. Rules that need
//! the stored opinion (a report not before sending, a vote not before the report) are checked there.

use chrono::NaiveDate;
use qinglian_api::oversight::v1 as pb;
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;

use qinglian_store::{etag, time};

use crate::opinions::{
    HandlingReportFields, OpinionFields, OpinionItemFields, OpinionRecord, VoteFields,
};

/// Validates a draft: activity and addressee ids, the assessment, and at least one item with both a
/// problem and a recommendation. Whether activity and addressee exist is checked by the domain.
pub fn new_opinion(
    opinion: &pb::DeliberationOpinion,
) -> Result<OpinionFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("opinion.activity_id", &opinion.activity_id, true);
    v.id(
        "opinion.addressee_unit_id",
        &opinion.addressee_unit_id,
        true,
    );
    v.prose(
        "opinion.overall_assessment",
        &opinion.overall_assessment,
        true,
        5000,
    );
    if opinion.items.is_empty() {
        v.add("opinion.items", "at least one item is required");
    }
    for (i, item) in opinion.items.iter().enumerate() {
        v.prose(
            &format!("opinion.items[{i}].problem"),
            &item.problem,
            true,
            2000,
        );
        v.prose(
            &format!("opinion.items[{i}].recommendation"),
            &item.recommendation,
            true,
            2000,
        );
    }
    v.finish()?;
    Ok(OpinionFields {
        activity_id: opinion.activity_id.clone(),
        addressee_unit_id: opinion.addressee_unit_id.clone(),
        overall_assessment: opinion.overall_assessment.trim().to_owned(),
        items: opinion
            .items
            .iter()
            .map(|item| OpinionItemFields {
                problem: item.problem.trim().to_owned(),
                recommendation: item.recommendation.trim().to_owned(),
            })
            .collect(),
    })
}

/// Validates the id of an opinion to sign.
pub fn sign_request(request: &pb::SignOpinionRequest) -> Result<(), Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("id", &request.id, true);
    v.finish()
}

/// Validates a send: the handling deadline, when given, must lie after `today`; None means the
/// configured default.
pub fn handling_deadline(
    request: &pb::SendOpinionRequest,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("id", &request.id, true);
    let deadline = v.date("handling_deadline", &request.handling_deadline, false);
    if deadline.is_some_and(|d| d <= today) {
        v.add("handling_deadline", "must be after today");
    }
    v.finish()?;
    Ok(deadline)
}

/// Validates a handling report; `today` bounds its date.
pub fn new_handling_report(
    request: &pb::RecordHandlingReportRequest,
    today: NaiveDate,
) -> Result<HandlingReportFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("id", &request.id, true);
    v.prose("handling_report", &request.handling_report, true, 20000);
    let report_date = v.past_date("report_date", &request.report_date, true, today);
    v.finish()?;
    Ok(HandlingReportFields {
        text: request.handling_report.trim().to_owned(),
        report_date: report_date.unwrap_or(today),
    })
}

/// Checks the counts and day of a vote: no negative count, at least one member voting, a day not
/// after `today`; returns the day when valid.
fn vote_day(
    v: &mut Violations,
    vote: &pb::SatisfactionVote,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let counts = [
        ("vote.satisfied", vote.satisfied),
        ("vote.basically_satisfied", vote.basically_satisfied),
        ("vote.unsatisfied", vote.unsatisfied),
    ];
    for (field, count) in counts {
        if count < 0 {
            v.add(field, "must not be negative");
        }
    }
    if counts.iter().all(|(_, count)| *count == 0) {
        v.add("vote", "at least one member must have voted");
    }
    v.past_date("vote.vote_date", &vote.vote_date, true, today)
}

/// Validates a satisfaction vote; `today` bounds its day.
pub fn new_vote(
    request: &pb::RecordSatisfactionVoteRequest,
    today: NaiveDate,
) -> Result<VoteFields, Vec<FieldViolation>> {
    let mut v = Violations::new();
    v.id("id", &request.id, true);
    let vote_date = match &request.vote {
        Some(vote) => vote_day(&mut v, vote, today),
        None => {
            v.add("vote", "is required");
            None
        }
    };
    v.finish()?;
    let vote = request.vote.clone().unwrap_or_default();
    Ok(VoteFields {
        satisfied: vote.satisfied,
        basically_satisfied: vote.basically_satisfied,
        unsatisfied: vote.unsatisfied,
        vote_date: vote_date.unwrap_or(today),
    })
}

impl From<&OpinionRecord> for pb::DeliberationOpinion {
    fn from(record: &OpinionRecord) -> Self {
        let o = &record.opinion;
        Self {
            id: o.id.clone(),
            activity_id: o.activity_id.clone(),
            organisation_unit_id: o.organisation_unit_id.clone(),
            addressee_unit_id: o.addressee_unit_id.clone(),
            overall_assessment: o.overall_assessment.clone(),
            items: record
                .items
                .iter()
                .map(|item| pb::OpinionItem {
                    problem: item.problem.clone(),
                    recommendation: item.recommendation.clone(),
                    ledger_problem_id: item.ledger_problem_id.clone(),
                })
                .collect(),
            state: o.state,
            signed_by: o.signed_by.clone(),
            sent_date: optional_day(o.sent_date),
            handling_deadline: optional_day(o.handling_deadline),
            handling_report: o.handling_report.clone(),
            handling_report_date: optional_day(o.handling_report_date),
            satisfaction: o.vote_date.map(|vote_date| pb::SatisfactionVote {
                satisfied: o.satisfied,
                basically_satisfied: o.basically_satisfied,
                unsatisfied: o.unsatisfied,
                vote_date: day(vote_date),
            }),
            create_time: Some(time::to_proto(o.create_time)),
            update_time: Some(time::to_proto(o.update_time)),
            etag: etag::etag(o.version),
        }
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn optional_day(date: Option<NaiveDate>) -> String {
    date.map(day).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(violations: Vec<FieldViolation>) -> Vec<String> {
        violations.into_iter().map(|v| v.field).collect()
    }

    #[test]
    fn every_item_needs_a_problem_and_a_recommendation() {
        let opinion = pb::DeliberationOpinion {
            activity_id: uuid::Uuid::now_v7().to_string(),
            addressee_unit_id: "not-an-id".into(),
            overall_assessment: "总体肯定".into(),
            items: vec![
                pb::OpinionItem {
                    problem: "问题".into(),
                    recommendation: "建议".into(),
                    ..Default::default()
                },
                pb::OpinionItem {
                    problem: "问题".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let refused = new_opinion(&opinion).expect_err("bad");
        assert_eq!(
            fields(refused),
            [
                "opinion.addressee_unit_id",
                "opinion.items[1].recommendation"
            ]
        );
    }

    #[test]
    fn a_vote_counts_someone_and_nobody_negative() {
        let today = NaiveDate::from_ymd_opt(2023, 10, 1).expect("date");
        let request = |satisfied, unsatisfied, vote_date: &str| pb::RecordSatisfactionVoteRequest {
            id: uuid::Uuid::now_v7().to_string(),
            vote: Some(pb::SatisfactionVote {
                satisfied,
                basically_satisfied: 0,
                unsatisfied,
                vote_date: vote_date.into(),
            }),
            request_id: String::new(),
        };
        assert!(new_vote(&request(30, 2, "2023-10-01"), today).is_ok());
        let empty = new_vote(&request(0, 0, "2023-10-01"), today).expect_err("nobody");
        assert_eq!(fields(empty), ["vote"]);
        let bad = new_vote(&request(-1, 3, "2023-10-02"), today).expect_err("bad");
        assert_eq!(fields(bad), ["vote.satisfied", "vote.vote_date"]);
    }

    #[test]
    fn a_handling_deadline_lies_after_today() {
        let today = NaiveDate::from_ymd_opt(2023, 10, 1).expect("date");
        let request = |deadline: &str| pb::SendOpinionRequest {
            id: uuid::Uuid::now_v7().to_string(),
            handling_deadline: deadline.into(),
            ..Default::default()
        };
        assert_eq!(handling_deadline(&request(""), today).expect("ok"), None);
        assert!(handling_deadline(&request("2023-10-02"), today).is_ok());
        assert!(handling_deadline(&request("2023-10-01"), today).is_err());
    }
}
