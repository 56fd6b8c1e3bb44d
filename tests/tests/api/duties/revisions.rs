//! Updating a rule never changes a period that has begun: revisions take effect from a day not before
//! today, and the expected subjects of a finished period stay what they were, even when the directory
//! changes.

use qinglian_api::tasks::v1::{
    self as pb, DutyComplianceState as State, DutyFrequency, DutySubjectSelector, UnitKind,
};
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::support::{
    Org, Row, create_rule, quota, record, recurrence, rows, rule, rule_year, unit_subject,
};
use crate::api::common::{create_unit, expect_code, violated_fields};

fn update(rule: &pb::DutyRule, paths: &[&str], effective_date: &str) -> pb::UpdateDutyRuleRequest {
    pb::UpdateDutyRuleRequest {
        duty_rule: Some(rule.clone()),
        update_mask: Some(prost_types::FieldMask {
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
        }),
        effective_date: effective_date.to_owned(),
        request_id: String::new(),
    }
}

/// The rows of the periods beginning on `starts`.
fn of_periods(report: &pb::GetDutyComplianceResponse, starts: &[&str]) -> Vec<Row> {
    let mut found: Vec<Row> = rows(&report.entries)
        .into_iter()
        .filter(|r| starts.contains(&r.0.as_str()))
        .collect();
    found.sort();
    found
}

async fn updates_never_change_finished_periods(db: TestDatabase) {
    let mut org = Org::start(db, "2023-03-15").await;
    let meeting = create_rule(
        &mut org.duties,
        rule(
            &org.organ,
            "党员大会",
            recurrence(DutyFrequency::Quarterly, 1, "2023-01-01"),
            DutySubjectSelector::PartyBranches,
        ),
    )
    .await;
    record(
        &mut org.duties,
        &meeting.id,
        unit_subject(&org.branch1),
        "2023-02-10",
    )
    .await
    .expect("record");
    // Evaluated in the first quarter and again in the second, as users look at the report.
    rule_year(&mut org.duties, &meeting.id, 2023, "").await;
    org.set_today("2023-05-20");
    rule_year(&mut org.duties, &meeting.id, 2023, "").await;

    // In July a new branch is set up, and the meeting becomes a quota of two a quarter.
    org.set_today("2023-07-10");
    let branch3 = create_unit(
        &mut org.directory,
        UnitKind::PartyBranch,
        "机关第三党支部",
        Some(&org.organ.id),
    )
    .await;
    let before = rule_year(&mut org.duties, &meeting.id, 2023, "").await;
    let finished = ["2023-01-01", "2023-04-01"];
    let mut changed = meeting.clone();
    changed.schedule = Some(quota(DutyFrequency::Quarterly, 2, "2023-01-01"));
    assert_eq!(
        violated_fields(
            org.duties
                .update_duty_rule(update(&changed, &["schedule"], "2023-07-09"))
                .await
        ),
        ["effective_date"]
    );
    assert_eq!(
        violated_fields(
            org.duties
                .update_duty_rule(update(&changed, &["unit_id"], ""))
                .await
        ),
        ["update_mask"]
    );
    let updated = org
        .duties
        .update_duty_rule(update(&changed, &["schedule"], ""))
        .await
        .expect("update")
        .into_inner()
        .duty_rule
        .expect("rule");
    assert_eq!(
        (updated.revision, updated.effective_date.as_str()),
        (2, "2023-07-10")
    );
    assert_eq!(updated.revisions.len(), 2);
    assert_eq!(updated.revisions[0].effective_date, "2023-01-01");
    expect_code(
        org.duties
            .update_duty_rule(update(&changed, &["title"], ""))
            .await,
        Code::Aborted,
    );
    // From 2024 only the first branch owes the meeting; a title change adds no revision.
    let mut narrowed = updated.clone();
    narrowed.subject_selector = DutySubjectSelector::Explicit as i32;
    narrowed.subjects = vec![unit_subject(&org.branch1)];
    narrowed.title = "党员大会（三会一课）".into();
    let narrowed = org
        .duties
        .update_duty_rule(update(&narrowed, &["subjects", "title"], "2024-01-01"))
        .await
        .expect("narrow")
        .into_inner()
        .duty_rule
        .expect("rule");
    assert_eq!((narrowed.revision, narrowed.etag.as_str()), (3, "W/\"3\""));
    let mut renamed = narrowed.clone();
    renamed.title = "党员大会".into();
    let renamed = org
        .duties
        .update_duty_rule(update(&renamed, &["title"], ""))
        .await
        .expect("rename")
        .into_inner()
        .duty_rule
        .expect("rule");
    assert_eq!((renamed.revision, renamed.revisions.len()), (3, 3));

    // The finished quarters keep their subjects and expectations; the running one follows the
    // directory under the revision it began with; the next one is judged by the new revision.
    let now = rule_year(&mut org.duties, &meeting.id, 2023, "").await;
    assert_eq!(of_periods(&now, &finished), of_periods(&before, &finished));
    assert!(
        of_periods(&now, &finished)
            .iter()
            .all(|r| r.2 != branch3.id && r.3 == 1)
    );
    let (u1, u2, u3) = (
        org.branch1.id.clone(),
        org.branch2.id.clone(),
        branch3.id.clone(),
    );
    let row = |start: &str, unit: &str, expected, state| {
        (
            start.to_owned(),
            String::new(),
            unit.to_owned(),
            expected,
            0,
            state,
        )
    };
    let mut expected = vec![
        row("2023-07-01", &u1, 1, State::Open),
        row("2023-07-01", &u2, 1, State::Open),
        row("2023-07-01", &u3, 1, State::Open),
        row("2023-10-01", &u1, 2, State::Upcoming),
        row("2023-10-01", &u2, 2, State::Upcoming),
        row("2023-10-01", &u3, 2, State::Upcoming),
    ];
    expected.sort();
    assert_eq!(of_periods(&now, &["2023-07-01", "2023-10-01"]), expected);
    let revisions: Vec<(&str, i32)> = now
        .entries
        .iter()
        .map(|e| (e.period_start_date.as_str(), e.revision))
        .collect();
    assert!(revisions.contains(&("2023-07-01", 1)) && revisions.contains(&("2023-10-01", 2)));

    // The new branch owes nothing for the finished second quarter, but may record in the third.
    let b3 = pb::DutySubject {
        person_id: String::new(),
        unit_id: branch3.id.clone(),
    };
    assert_eq!(
        violated_fields(record(&mut org.duties, &meeting.id, b3.clone(), "2023-06-15").await),
        ["fulfilment.subject"]
    );
    record(&mut org.duties, &meeting.id, b3, "2023-07-05")
        .await
        .expect("third quarter");

    // A year on, nothing about 2023 has moved but the third quarter's close; 2024 has one subject.
    org.set_today("2024-01-10");
    let later = rule_year(&mut org.duties, &meeting.id, 2023, "").await;
    assert_eq!(
        of_periods(&later, &finished),
        of_periods(&before, &finished)
    );
    let third = of_periods(&later, &["2023-07-01"]);
    assert_eq!(
        third.iter().map(|r| (r.3, r.4)).collect::<Vec<_>>(),
        [(1, 0), (1, 0), (1, 1)]
    );
    let next_year = rule_year(&mut org.duties, &meeting.id, 2024, "").await;
    assert_eq!(next_year.entries.len(), 4);
    assert!(next_year.entries.iter().all(|e| e.revision == 3
        && e.expected == 2
        && e.subject.as_ref().is_some_and(|s| s.unit_id == u1)));
    org.cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(updates_never_change_finished_periods);
