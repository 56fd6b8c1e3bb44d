//! Deliberation opinions and filed documents of two committees, ours and another in the same
//! deployment, at random stages: only ours may count in our report.

use std::collections::BTreeMap;

use qinglian_api::oversight::v1::{self as opb, OversightKind, ReviewVerdict};
use qinglian_kit::auth::Role;
use qinglian_test_support::TestOversight;

use super::Random;
use crate::api::opinions::one_item_opinion;
use crate::api::rectifications::Fixture;

/// Records opinions and documents for our organ and for `elsewhere`; returns the figures ours must
/// give (all on the fixture's clock day, 2023-06-01, or on random days of 2022 and 2023).
pub async fn record(
    random: &mut Random,
    f: &Fixture,
    oversight: &TestOversight,
    elsewhere: &str,
) -> BTreeMap<String, f64> {
    let mut clerk = oversight.oversight(&f.tasks().token(Role::Clerk)).await;
    let mut leader = oversight.oversight(&f.tasks().token(Role::Leader)).await;
    let mut expected: BTreeMap<String, f64> = BTreeMap::new();
    let (mut satisfied, mut all_votes) = (0_i64, 0_i64);
    for (committee, ours) in [(f.organ.as_str(), true), (elsewhere, false)] {
        let activity = clerk
            .record_oversight_activity(opb::RecordOversightActivityRequest {
                activity: Some(opb::OversightActivity {
                    kind: OversightKind::WorkReport as i32,
                    title: "听取审议专项工作报告".into(),
                    date: "2023-02-10".into(),
                    organisation_unit_id: committee.to_owned(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("activity")
            .into_inner()
            .activity
            .expect("activity");
        if ours {
            *expected
                .entry("activities.OVERSIGHT_KIND_WORK_REPORT".into())
                .or_default() += 1.0;
            *expected.entry("activities.reports".into()).or_default() += 1.0;
        }
        for _ in 0..(1 + random.below(3)) {
            let stage = random.below(3);
            let draft = clerk
                .draft_opinion(opb::DraftOpinionRequest {
                    opinion: Some(one_item_opinion(&activity.id, committee)),
                    request_id: String::new(),
                })
                .await
                .expect("draft")
                .into_inner()
                .opinion
                .expect("opinion");
            assert_eq!(
                draft.organisation_unit_id, committee,
                "the committee of its activity"
            );
            let id = draft.id.clone();
            leader
                .sign_opinion(opb::SignOpinionRequest {
                    id: id.clone(),
                    ..Default::default()
                })
                .await
                .expect("sign");
            leader
                .send_opinion(opb::SendOpinionRequest {
                    id: id.clone(),
                    ..Default::default()
                })
                .await
                .expect("send");
            if ours {
                *expected.entry("opinions.sent".into()).or_default() += 1.0;
            }
            if stage == 0 {
                continue;
            }
            clerk
                .record_handling_report(opb::RecordHandlingReportRequest {
                    id: id.clone(),
                    handling_report: "已整改".into(),
                    report_date: "2023-06-01".into(),
                    request_id: String::new(),
                })
                .await
                .expect("handling report");
            if ours {
                *expected.entry("opinions.handled".into()).or_default() += 1.0;
            }
            if stage == 1 {
                continue;
            }
            let votes = (
                random.below(30) as i32,
                random.below(10) as i32,
                random.below(8) as i32,
            );
            clerk
                .record_satisfaction_vote(opb::RecordSatisfactionVoteRequest {
                    id: id.clone(),
                    vote: Some(opb::SatisfactionVote {
                        satisfied: votes.0,
                        basically_satisfied: votes.1,
                        unsatisfied: votes.2 + 1,
                        vote_date: "2023-06-01".into(),
                    }),
                    request_id: String::new(),
                })
                .await
                .expect("vote");
            if ours {
                *expected.entry("opinions.voted".into()).or_default() += 1.0;
                satisfied += i64::from(votes.0 + votes.1);
                all_votes += i64::from(votes.0 + votes.1 + votes.2 + 1);
            }
        }
        for n in 0..(1 + random.below(4)) {
            let (filing_date, in_year) = random.day();
            let document = clerk
                .file_normative_document(opb::FileNormativeDocumentRequest {
                    document: Some(opb::NormativeDocument {
                        title: format!("《规范性文件{n}》"),
                        issuing_body: "市人民政府".into(),
                        filing_date,
                        organisation_unit_id: committee.to_owned(),
                        ..Default::default()
                    }),
                    request_id: String::new(),
                })
                .await
                .expect("file")
                .into_inner()
                .document
                .expect("document");
            assert_eq!(document.organisation_unit_id, committee);
            if ours && in_year {
                *expected.entry("documents.filed".into()).or_default() += 1.0;
            }
            if random.below(3) == 0 {
                continue;
            }
            clerk
                .review_normative_document(opb::ReviewNormativeDocumentRequest {
                    id: document.id,
                    verdict: ReviewVerdict::Compliant as i32,
                    review_date: "2023-06-01".into(),
                    ..Default::default()
                })
                .await
                .expect("review");
            if ours {
                *expected.entry("documents.reviewed".into()).or_default() += 1.0;
            }
        }
    }
    if all_votes > 0 {
        expected.insert(
            "opinions.satisfaction_rate".into(),
            (satisfied as f64 * 1000.0 / all_votes as f64).round() / 10.0,
        );
    }
    expected
}
