//! Rules of every kind and selector: what they store, whom they select, and how they list.

use std::collections::{BTreeMap, BTreeSet};

use qinglian_api::tasks::v1::get_duty_compliance_request as gc;
use qinglian_api::tasks::v1::{self as pb, DutyFrequency, DutySubjectSelector, duty_rule};
use qinglian_store::testing::TestDatabase;

use super::support::{
    Org, compliance, create_rule, pair, person_subject, quota, recurrence, rule, unit_subject,
};

/// The distinct (period start, subject) pairs per rule title, as the compliance report resolves them.
async fn expectations(org: &mut Org) -> BTreeMap<String, BTreeSet<Key>> {
    let titles: BTreeMap<String, String> = org
        .duties
        .list_duty_rules(pb::ListDutyRulesRequest::default())
        .await
        .expect("list")
        .into_inner()
        .duty_rules
        .into_iter()
        .map(|r| (r.id, r.title))
        .collect();
    let report = compliance(
        &mut org.duties,
        gc::Target::UnitId(org.organ.id.clone()),
        gc::Span::Year(2023),
        "",
    )
    .await;
    let mut by_title: BTreeMap<String, BTreeSet<Key>> = BTreeMap::new();
    for entry in report.entries {
        by_title
            .entry(titles[&entry.rule_id].clone())
            .or_default()
            .insert(key(
                &entry.period_start_date,
                &entry.subject.expect("subject"),
            ));
    }
    by_title
}

/// (period start, person, unit).
type Key = (String, String, String);

fn key(start: &str, subject: &pb::DutySubject) -> Key {
    (
        start.to_owned(),
        subject.person_id.clone(),
        subject.unit_id.clone(),
    )
}

fn each(starts: &[&str], subjects: &[pb::DutySubject]) -> BTreeSet<Key> {
    starts
        .iter()
        .flat_map(|s| subjects.iter().map(move |subject| key(s, subject)))
        .collect()
}

async fn rules_of_every_kind_and_selector(db: TestDatabase) {
    let mut org = Org::start(db, "2023-01-10").await;
    let mut lecture = rule(
        &org.organ,
        "A 局领导挂点联系党支部上党课",
        quota(DutyFrequency::Yearly, 1, "2023-01-01"),
        DutySubjectSelector::LiaisonLinks,
    );
    lecture.activity_kind = pb::DutyActivityKind::PartyLecture as i32;
    let lecture = create_rule(&mut org.duties, lecture).await;
    assert_eq!(
        (lecture.revision, lecture.effective_date.as_str()),
        (1, "2023-01-01")
    );
    assert_eq!(lecture.revisions.len(), 1);
    assert_eq!(lecture.etag, "W/\"1\"");
    let read = org
        .duties
        .get_duty_rule(pb::GetDutyRuleRequest {
            id: lecture.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .duty_rule;
    assert_eq!(read.as_ref(), Some(&lecture));

    create_rule(
        &mut org.duties,
        rule(
            &org.organ,
            "B 党员大会",
            recurrence(DutyFrequency::Quarterly, 1, "2023-01-01"),
            DutySubjectSelector::PartyBranches,
        ),
    )
    .await;
    let mut study = recurrence(DutyFrequency::Monthly, 2, "2023-01-01");
    if let duty_rule::Schedule::Recurrence(r) = &mut study {
        r.occurrence_count = 3;
    }
    create_rule(
        &mut org.duties,
        rule(
            &org.organ,
            "C 中心组学习",
            study,
            DutySubjectSelector::LeadershipTeam,
        ),
    )
    .await;
    let mut weekly = recurrence(DutyFrequency::Weekly, 1, "2023-01-04");
    if let duty_rule::Schedule::Recurrence(r) = &mut weekly {
        r.end_date = "2023-01-22".into();
    }
    let listed = vec![
        unit_subject(&org.office),
        person_subject(&org.cadre),
        pair(&org.leader1, &org.branch1),
    ];
    let mut explicit = rule(
        &org.organ,
        "D 周例会",
        weekly,
        DutySubjectSelector::Explicit,
    );
    explicit.subjects = listed.clone();
    let explicit = create_rule(&mut org.duties, explicit).await;
    assert_eq!(explicit.subjects, listed);

    // Subjects come from the directory within 市民政局 only: 市财政局's branch and leader never appear.
    let found = expectations(&mut org).await;
    let pairs = [
        pair(&org.leader1, &org.branch1),
        pair(&org.leader2, &org.branch2),
    ];
    let branches = [unit_subject(&org.branch1), unit_subject(&org.branch2)];
    let leaders = [person_subject(&org.leader1), person_subject(&org.leader2)];
    let quarters = ["2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01"];
    assert_eq!(
        found["A 局领导挂点联系党支部上党课"],
        each(&["2023-01-01"], &pairs)
    );
    assert_eq!(found["B 党员大会"], each(&quarters, &branches));
    assert_eq!(
        found["C 中心组学习"],
        each(&["2023-01-01", "2023-03-01", "2023-05-01"], &leaders)
    );
    assert_eq!(
        found["D 周例会"],
        each(&["2023-01-02", "2023-01-09", "2023-01-16"], &listed)
    );

    // Lists filter, order by title and page by key.
    let mut titles = Vec::new();
    let mut token = String::new();
    loop {
        let page = org
            .duties
            .list_duty_rules(pb::ListDutyRulesRequest {
                page_size: 3,
                page_token: token,
                filter: format!("unit_id = \"{}\"", org.organ.id),
                order_by: "title".into(),
            })
            .await
            .expect("page")
            .into_inner();
        titles.extend(page.duty_rules.into_iter().map(|r| r.title));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(
        titles,
        [
            "A 局领导挂点联系党支部上党课",
            "B 党员大会",
            "C 中心组学习",
            "D 周例会"
        ]
    );
    let lectures = org
        .duties
        .list_duty_rules(pb::ListDutyRulesRequest {
            filter: "activity_kind = DUTY_ACTIVITY_KIND_PARTY_LECTURE".into(),
            ..Default::default()
        })
        .await
        .expect("filter")
        .into_inner()
        .duty_rules;
    assert_eq!(lectures, [lecture]);
    org.cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(rules_of_every_kind_and_selector);
