//! Who is behind: the yearly party-lecture quota over liaison links, and compliance figures checked
//! against counts made independently by the test.

use chrono::{Datelike, Days};
use qinglian_api::tasks::v1::get_duty_compliance_request as gc;
use qinglian_api::tasks::v1::{
    self as pb, DutyComplianceState as State, DutyFrequency, DutySubjectSelector,
};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::support::{
    Org, compliance, create_rule, date, pair, quota, record, rows, rule, rule_year, unit_subject,
};
use crate::api::common::{expect_code, violated_fields};

async fn yearly_lecture_quota_names_the_leader_behind(db: TestDatabase) {
    let mut org = Org::start(db, "2023-03-01").await;
    let mut lecture = rule(
        &org.organ,
        "局领导挂点联系党支部上党课",
        quota(DutyFrequency::Yearly, 1, "2023-01-01"),
        DutySubjectSelector::LiaisonLinks,
    );
    lecture.activity = "党课".into();
    let lecture = create_rule(&mut org.duties, lecture).await;
    let li = pair(&org.leader1, &org.branch1);
    let wang = pair(&org.leader2, &org.branch2);

    // 李局长 records his own lecture; he cannot record one for 王副局长's link, nor for a link he
    // does not hold.
    org.set_today("2023-06-20");
    let mut li_client = org.duties_as(&org.leader1, Role::Leader, None).await;
    let given = record(&mut li_client, &lecture.id, li.clone(), "2023-06-20")
        .await
        .expect("own lecture");
    assert_eq!(given.recorded_by, org.leader1.id);
    assert_eq!(
        (
            given.period_start_date.as_str(),
            given.period_end_date.as_str()
        ),
        ("2023-01-01", "2023-12-31")
    );
    expect_code(
        record(&mut li_client, &lecture.id, wang.clone(), "2023-06-20").await,
        Code::PermissionDenied,
    );
    let not_linked = pair(&org.leader1, &org.branch2);
    assert_eq!(
        violated_fields(record(&mut li_client, &lecture.id, not_linked, "2023-06-20").await),
        ["fulfilment.subject"]
    );

    // Mid-year the year is still open for 王副局长: nobody is behind yet.
    org.set_today("2023-06-30");
    let mid = rule_year(&mut org.duties, &lecture.id, 2023, "").await;
    assert_eq!(mid.as_of_date, "2023-06-30");
    let (l1, b1) = (org.leader1.id.clone(), org.branch1.id.clone());
    let (l2, b2) = (org.leader2.id.clone(), org.branch2.id.clone());
    let year = "2023-01-01".to_owned();
    assert_eq!(
        sorted(rows(&mid.entries)),
        sorted(vec![
            (year.clone(), l1.clone(), b1.clone(), 1, 1, State::Met),
            (year.clone(), l2.clone(), b2.clone(), 1, 0, State::Open),
        ])
    );
    assert!(mid.behind.is_empty());

    // After the year, the behind list names 王副局长 at 机关第二党支部, and only him.
    org.set_today("2024-01-05");
    let after = rule_year(&mut org.duties, &lecture.id, 2023, "").await;
    assert_eq!(
        sorted(rows(&after.entries)),
        sorted(vec![
            (year.clone(), l1.clone(), b1.clone(), 1, 1, State::Met),
            (year.clone(), l2.clone(), b2.clone(), 1, 0, State::Behind),
        ])
    );
    assert_eq!(after.behind.len(), 1);
    assert_eq!(after.behind[0].subject.as_ref(), Some(&wang));
    assert_eq!(after.behind[0].period_end_date, "2023-12-31");

    // As of a day before the lecture, 李局长 had delivered nothing yet (but still had time).
    let earlier = rule_year(&mut org.duties, &lecture.id, 2023, "2023-06-01").await;
    assert!(
        rows(&earlier.entries)
            .iter()
            .all(|r| r.4 == 0 && r.5 == State::Open)
    );
    // The unit's report holds the same figures; as-of dates after today are refused.
    let by_unit = compliance(
        &mut org.duties,
        gc::Target::UnitId(org.organ.id.clone()),
        gc::Span::Year(2023),
        "",
    )
    .await;
    assert_eq!(by_unit.entries, after.entries);
    let tomorrow = org
        .duties
        .get_duty_compliance(pb::GetDutyComplianceRequest {
            target: Some(gc::Target::RuleId(lecture.id.clone())),
            span: Some(gc::Span::Year(2023)),
            as_of_date: "2024-01-06".into(),
        })
        .await;
    assert_eq!(violated_fields(tomorrow), ["as_of_date"]);
    org.cluster.stop().await.expect("stop");
}

fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items
}

/// A fixed pseudo-random sequence, so that the test is repeatable.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

async fn compliance_matches_independent_counts(db: TestDatabase) {
    let mut org = Org::start(db, "2023-12-31").await;
    let meetings = create_rule(
        &mut org.duties,
        rule(
            &org.organ,
            "支部每月至少两次集中学习",
            quota(DutyFrequency::Monthly, 2, "2023-01-01"),
            DutySubjectSelector::PartyBranches,
        ),
    )
    .await;
    let branches = [org.branch1.clone(), org.branch2.clone()];
    // Events on random days of 2023, kept here as they are recorded.
    let mut events = Vec::new();
    let mut random = Lcg(2023);
    let first = date("2023-01-01");
    for _ in 0..40 {
        let branch = &branches[random.next(2) as usize];
        let day = first + Days::new(random.next(365));
        record(
            &mut org.duties,
            &meetings.id,
            unit_subject(branch),
            &day.to_string(),
        )
        .await
        .expect("record");
        events.push((branch.id.clone(), day));
    }

    for as_of in ["2023-12-31", "2023-07-15"] {
        let report = rule_year(&mut org.duties, &meetings.id, 2023, as_of).await;
        let as_of = date(as_of);
        let mut expected = Vec::new();
        for month in 1..=12u32 {
            let start = first.with_month(month).expect("month");
            let end = (start + chrono::Months::new(1)) - Days::new(1);
            for branch in &branches {
                // Counted afresh from the recorded events: those of the month up to the as-of day.
                let delivered = events
                    .iter()
                    .filter(|(id, day)| *id == branch.id && start <= *day && *day <= end.min(as_of))
                    .count();
                let delivered = i32::try_from(delivered).expect("count");
                let state = if start > as_of {
                    State::Upcoming
                } else if delivered >= 2 {
                    State::Met
                } else if end <= as_of {
                    State::Behind
                } else {
                    State::Open
                };
                expected.push((
                    start.to_string(),
                    String::new(),
                    branch.id.clone(),
                    2,
                    delivered,
                    state,
                ));
            }
        }
        let got = rows(&report.entries);
        assert_eq!(sorted(got.clone()), sorted(expected), "as of {as_of}");
        let behind: Vec<_> = got.into_iter().filter(|r| r.5 == State::Behind).collect();
        assert_eq!(rows(&report.behind), behind);
        assert!(
            !behind.is_empty(),
            "forty events cannot meet 24 monthly quotas of two"
        );
    }
    org.cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    yearly_lecture_quota_names_the_leader_behind,
    compliance_matches_independent_counts,
);
