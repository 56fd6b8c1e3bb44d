//! Rule requests are refused with INVALID_ARGUMENT naming every bad field, before anything is written.

use qinglian_api::tasks::v1::{self as pb, DutyFrequency, DutySubjectSelector, duty_rule};
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::support::{Org, quota, recurrence, rule, unit_subject};
use crate::api::common::{expect_code, violated_fields};

async fn rule_requests_name_each_bad_field(db: TestDatabase) {
    let mut org = Org::start(db, "2023-01-10").await;
    let create = |rule: pb::DutyRule| pb::CreateDutyRuleRequest {
        duty_rule: Some(rule),
        request_id: String::new(),
    };
    let everything_wrong = pb::DutyRule {
        unit_id: "nope".into(),
        title: " ".into(),
        activity: "课".repeat(101),
        activity_kind: 99,
        schedule: Some(duty_rule::Schedule::Recurrence(pb::DutyRecurrence {
            frequency: 0,
            interval: 101,
            start_date: "2023-02-30".into(),
            end_date: "soon".into(),
            occurrence_count: -1,
        })),
        subject_selector: 0,
        subjects: vec![pb::DutySubject::default()],
        ..Default::default()
    };
    assert_eq!(
        violated_fields(org.duties.create_duty_rule(create(everything_wrong)).await),
        [
            "duty_rule.unit_id",
            "duty_rule.title",
            "duty_rule.activity",
            "duty_rule.activity_kind",
            "duty_rule.recurrence.frequency",
            "duty_rule.recurrence.interval",
            "duty_rule.recurrence.occurrence_count",
            "duty_rule.recurrence.start_date",
            "duty_rule.recurrence.end_date",
            "duty_rule.subject_selector",
            "duty_rule.subjects",
            "duty_rule.subjects[0]",
        ]
    );
    let organ = org.organ.clone();
    let mut no_schedule = rule(
        &organ,
        "党课",
        quota(DutyFrequency::Yearly, 1, "2023-01-01"),
        DutySubjectSelector::Explicit,
    );
    no_schedule.schedule = None;
    assert_eq!(
        violated_fields(org.duties.create_duty_rule(create(no_schedule)).await),
        ["duty_rule.schedule", "duty_rule.subjects"]
    );
    let mut backwards = quota(DutyFrequency::Quarterly, 0, "2023-06-01");
    if let duty_rule::Schedule::Quota(q) = &mut backwards {
        q.end_date = "2023-01-01".into();
    }
    let backwards = rule(
        &organ,
        "党课",
        backwards,
        DutySubjectSelector::PartyBranches,
    );
    assert_eq!(
        violated_fields(org.duties.create_duty_rule(create(backwards)).await),
        ["duty_rule.quota.min_count", "duty_rule.quota.end_date"]
    );
    let mut both_limits = recurrence(DutyFrequency::Monthly, 1, "2023-01-01");
    if let duty_rule::Schedule::Recurrence(r) = &mut both_limits {
        r.end_date = "2023-12-31".into();
        r.occurrence_count = 12;
    }
    let both_limits = rule(
        &organ,
        "例会",
        both_limits,
        DutySubjectSelector::PartyBranches,
    );
    assert_eq!(
        violated_fields(org.duties.create_duty_rule(create(both_limits)).await),
        ["duty_rule.recurrence.occurrence_count"]
    );

    // References are checked against the directory.
    let ghost = uuid::Uuid::now_v7().to_string();
    let mut orphan = rule(
        &organ,
        "党课",
        quota(DutyFrequency::Yearly, 1, "2023-01-01"),
        DutySubjectSelector::LiaisonLinks,
    );
    orphan.unit_id = ghost.clone();
    assert_eq!(
        violated_fields(org.duties.create_duty_rule(create(orphan)).await),
        ["duty_rule.unit_id"]
    );
    let mut listed = rule(
        &organ,
        "党课",
        quota(DutyFrequency::Yearly, 1, "2023-01-01"),
        DutySubjectSelector::Explicit,
    );
    listed.subjects = vec![
        unit_subject(&org.branch1),
        pb::DutySubject {
            person_id: String::new(),
            unit_id: ghost.clone(),
        },
    ];
    assert_eq!(
        violated_fields(org.duties.create_duty_rule(create(listed)).await),
        ["duty_rule.subjects[1].unit_id"]
    );
    expect_code(
        org.duties
            .get_duty_rule(pb::GetDutyRuleRequest { id: ghost })
            .await,
        Code::NotFound,
    );
    org.cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(rule_requests_name_each_bad_field);
