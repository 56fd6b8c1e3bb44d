//! A quarterly recurrence across quarter and year boundaries: events on the first and last day of a
//! period count in that period, and lists of fulfilments filter by rule, subject and date.

use qinglian_api::tasks::v1::get_duty_compliance_request as gc;
use qinglian_api::tasks::v1::{
    self as pb, DutyComplianceState as State, DutyFrequency, DutySubjectSelector,
};
use qinglian_store::testing::TestDatabase;

use super::support::{Org, compliance, create_rule, record, recurrence, rows, rule, unit_subject};
use crate::api::common::violated_fields;

async fn quarterly_recurrence_counts_events_on_period_edges(db: TestDatabase) {
    let mut org = Org::start(db, "2024-04-15").await;
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
    let (b1, b2) = (unit_subject(&org.branch1), unit_subject(&org.branch2));
    let events = [
        (&b1, "2023-03-31", "2023-01-01", "2023-03-31"),
        (&b1, "2023-04-01", "2023-04-01", "2023-06-30"),
        (&b1, "2023-12-31", "2023-10-01", "2023-12-31"),
        (&b1, "2024-01-01", "2024-01-01", "2024-03-31"),
        (&b1, "2024-03-31", "2024-01-01", "2024-03-31"),
        (&b2, "2023-06-30", "2023-04-01", "2023-06-30"),
        (&b2, "2023-10-01", "2023-10-01", "2023-12-31"),
    ];
    for (subject, day, start, end) in events {
        let recorded = record(&mut org.duties, &meeting.id, subject.clone(), day)
            .await
            .expect("record");
        assert_eq!(
            (
                recorded.period_start_date.as_str(),
                recorded.period_end_date.as_str()
            ),
            (start, end),
            "{day}"
        );
    }
    // Before the schedule's first period there is nothing to count against.
    assert_eq!(
        violated_fields(record(&mut org.duties, &meeting.id, b1.clone(), "2022-12-31").await),
        ["fulfilment.date"]
    );

    let span = |from: &str, to: &str| {
        gc::Span::DateRange(pb::DutyDateRange {
            start_date: from.into(),
            end_date: to.into(),
        })
    };
    let target = || gc::Target::RuleId(meeting.id.clone());
    let report = compliance(
        &mut org.duties,
        target(),
        span("2023-01-01", "2024-06-30"),
        "",
    )
    .await;
    let (u1, u2) = (org.branch1.id.clone(), org.branch2.id.clone());
    let row = |start: &str, unit: &str, delivered, state| {
        (
            start.to_owned(),
            String::new(),
            unit.to_owned(),
            1,
            delivered,
            state,
        )
    };
    let mut expected = vec![
        row("2023-01-01", &u1, 1, State::Met),
        row("2023-01-01", &u2, 0, State::Behind),
        row("2023-04-01", &u1, 1, State::Met),
        row("2023-04-01", &u2, 1, State::Met),
        row("2023-07-01", &u1, 0, State::Behind),
        row("2023-07-01", &u2, 0, State::Behind),
        row("2023-10-01", &u1, 1, State::Met),
        row("2023-10-01", &u2, 1, State::Met),
        row("2024-01-01", &u1, 2, State::Met),
        row("2024-01-01", &u2, 0, State::Behind),
        row("2024-04-01", &u1, 0, State::Open),
        row("2024-04-01", &u2, 0, State::Open),
    ];
    expected.sort();
    let mut got = rows(&report.entries);
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(report.behind.len(), 4);

    // A span across the new year reports the two quarters it touches.
    let turn = compliance(
        &mut org.duties,
        target(),
        span("2023-12-15", "2024-01-15"),
        "",
    )
    .await;
    let quarters: Vec<&str> = turn
        .entries
        .iter()
        .map(|e| e.period_start_date.as_str())
        .collect();
    assert_eq!(
        quarters,
        ["2023-10-01", "2023-10-01", "2024-01-01", "2024-01-01"]
    );

    // Fulfilments filter by rule, subject and date range, and page by key.
    let listed = org
        .duties
        .list_fulfilments(pb::ListFulfilmentsRequest {
            filter: format!(
                "rule_id = \"{}\" AND subject.unit_id = \"{u1}\" AND date >= 2023-12-31 AND date <= 2024-01-01",
                meeting.id
            ),
            order_by: "date desc".into(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .fulfilments;
    let days: Vec<&str> = listed.iter().map(|f| f.date.as_str()).collect();
    assert_eq!(days, ["2024-01-01", "2023-12-31"]);
    assert_eq!(listed[0].evidence.len(), 1);
    let mut days = Vec::new();
    let mut token = String::new();
    loop {
        let page = org
            .duties
            .list_fulfilments(pb::ListFulfilmentsRequest {
                page_size: 3,
                page_token: token,
                ..Default::default()
            })
            .await
            .expect("page")
            .into_inner();
        days.extend(page.fulfilments.into_iter().map(|f| f.date));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!((days.len(), days), (7, sorted));
    org.cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(quarterly_recurrence_counts_events_on_period_edges);
