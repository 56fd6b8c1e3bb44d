//! A year of a bureau's supervision records counted for the report: every figure checked against the
//! records, and every filter it carries listing exactly the records it counted.

use std::collections::HashMap;

use qinglian_api::common::v1::Figure;
use qinglian_api::supervision::v1::{
    self as pb, CheckKind, EducationKind, ProblemSource, TalkKind,
};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::common::{create_person, create_unit, expect_code, violated_fields};
use super::provenance::{Lists, counts_records, listed};
use super::rectifications::Fixture;
use super::tasks::at;

async fn record_talk(f: &Fixture, kind: TalkKind, subject: &str, date: &str) {
    f.supervision()
        .talks(&f.tasks().token(Role::Discipline))
        .await
        .record_talk(pb::RecordTalkRequest {
            talk: Some(pb::Talk {
                kind: kind as i32,
                subject_person_id: subject.to_owned(),
                conducted_by_ids: vec![f.inspector.clone()],
                date: date.to_owned(),
                reason: "苗头性问题".into(),
                content: "提醒".into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("record talk");
}

async fn create_check(f: &Fixture, kind: CheckKind, start: &str) {
    f.supervision()
        .checks(&f.tasks().token(Role::Discipline))
        .await
        .create_check(pb::CreateCheckRequest {
            check: Some(pb::Check {
                kind: kind as i32,
                title: "节假日期间公务用车检查".into(),
                organising_unit_id: f.organ.clone(),
                target_unit_ids: vec![f.office.clone()],
                start_date: start.to_owned(),
                end_date: start.to_owned(),
                inspector_ids: vec![f.inspector.clone()],
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("create check");
}

async fn record_education(f: &Fixture, kind: EducationKind, named: Vec<String>, head_count: i32) {
    f.supervision()
        .education(&f.tasks().token(Role::Discipline))
        .await
        .record_education_activity(pb::RecordEducationActivityRequest {
            education_activity: Some(pb::EducationActivity {
                kind: kind as i32,
                title: "《廉》".into(),
                date: "2023-04-12".into(),
                organising_unit_id: f.organ.clone(),
                participant_ids: named,
                head_count,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("record education");
}

async fn a_year_of_records_is_counted_with_the_filters_behind_each_figure(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut d = f.tasks().admin_directory().await;
    let elsewhere = create_unit(&mut d, UnitKind::Organ, "市审计局", None).await;
    let stranger = create_person(&mut d, "他局干部", &elsewhere.id, false).await;

    record_talk(&f, TalkKind::Reminder, &f.owner, "2023-03-02").await;
    record_talk(&f, TalkKind::Reminder, &f.other_owner, "2023-05-09").await;
    record_talk(&f, TalkKind::Integrity, &f.other_owner, "2023-01-15").await;
    record_talk(&f, TalkKind::Reminder, &stranger.id, "2023-05-09").await;
    record_talk(&f, TalkKind::Reminder, &f.owner, "2022-12-30").await;
    create_check(&f, CheckKind::HolidayCheck, "2023-01-20").await;
    create_check(&f, CheckKind::HolidayCheck, "2023-04-28").await;
    create_check(&f, CheckKind::SpecialCheck, "2022-11-01").await;
    record_education(&f, EducationKind::WarningFilm, Vec::new(), 30).await;
    record_education(
        &f,
        EducationKind::CaseNotification,
        vec![f.owner.clone(), f.other_owner.clone()],
        0,
    )
    .await;

    let tour = f.tour().await;
    let p1 = f.problem(&f.office, ProblemSource::Tour, &tour.id).await;
    let p2 = f.problem(&f.finance, ProblemSource::Tour, &tour.id).await;
    let p3 = f
        .problem(&f.office, ProblemSource::Audit, "审计报告〔2023〕5号")
        .await;
    let mut ledger = f.discipline().await;
    ledger
        .link_problem_source(pb::LinkProblemSourceRequest {
            problem_id: p2.id.clone(),
            source: ProblemSource::Audit as i32,
            reference: "审计报告〔2023〕5号".into(),
            request_id: String::new(),
        })
        .await
        .expect("link");
    let m1 = f
        .measure(&[&p1.id], &f.office, &f.owner, "2023-12-31")
        .await;
    let m2 = f
        .measure(&[&p2.id, &p3.id], &f.finance, &f.other_owner, "2023-11-30")
        .await;
    f.clock.set(at("2023-12-20T10:00:00+08:00"));
    f.sign_off(&m1).await;
    f.sign_off(&m2).await;

    // A rule created, and revised as the lasting mechanism of a measure.
    let mut regulations = f
        .supervision()
        .regulations(&f.tasks().token(Role::Discipline))
        .await;
    let rule = regulations
        .create_regulation(pb::CreateRegulationRequest {
            regulation: Some(pb::Regulation {
                title: "《机关公务用车管理办法》".into(),
                issuing_unit_id: f.organ.clone(),
                ..Default::default()
            }),
            change_summary: "规范公务用车".into(),
            effective_date: "2023-03-01".into(),
            ..Default::default()
        })
        .await
        .expect("create regulation")
        .into_inner()
        .regulation
        .expect("regulation");
    let revise = |answers: &str| pb::ReviseRegulationRequest {
        id: rule.id.clone(),
        change_summary: "巡视整改：增加用车登记".into(),
        effective_date: "2023-09-01".into(),
        rectification_id: answers.to_owned(),
        ..Default::default()
    };
    assert_eq!(
        violated_fields(
            regulations
                .revise_regulation(revise("no-such-measure"))
                .await
        ),
        vec!["rectification_id"]
    );
    let revised = regulations
        .revise_regulation(revise(&m1.id))
        .await
        .expect("revise")
        .into_inner()
        .regulation
        .expect("regulation");
    assert_eq!(revised.revisions[1].rectification_id, m1.id);

    let mut statistics = f
        .supervision()
        .statistics(&f.tasks().token(Role::Viewer))
        .await;
    let response = statistics
        .get_supervision_statistics(pb::GetSupervisionStatisticsRequest {
            unit_id: f.organ.clone(),
            year: 2023,
        })
        .await
        .expect("statistics")
        .into_inner();
    let mut units = response.unit_ids.clone();
    units.sort();
    let mut expected_units = vec![f.organ.clone(), f.office.clone(), f.finance.clone()];
    expected_units.sort();
    assert_eq!(units, expected_units, "the unit and its subtree");
    assert_eq!(response.tour_teams, vec!["省委第八巡视组"]);
    assert_eq!(
        response.regulations_revised,
        vec!["《机关公务用车管理办法》"]
    );
    assert_eq!(response.warning_films, vec!["《廉》"]);
    let figures: HashMap<&str, &Figure> = response
        .figures
        .iter()
        .map(|figure| (figure.key.as_str(), figure))
        .collect();
    let expected = [
        ("talks.TALK_KIND_REMINDER", 2.0, "人次"),
        ("talks.TALK_KIND_INTEGRITY", 1.0, "人次"),
        ("talks.total", 3.0, "人次"),
        ("checks.CHECK_KIND_HOLIDAY_CHECK", 2.0, "次"),
        ("checks.total", 2.0, "次"),
        ("education.EDUCATION_KIND_WARNING_FILM", 1.0, "次"),
        (
            "education.EDUCATION_KIND_WARNING_FILM.participants",
            30.0,
            "人次",
        ),
        (
            "education.EDUCATION_KIND_CASE_NOTIFICATION.participants",
            2.0,
            "人次",
        ),
        ("education.total", 2.0, "次"),
        ("education.participants", 32.0, "人次"),
        ("tours.total", 1.0, "次"),
        ("problems.PROBLEM_SOURCE_TOUR", 2.0, "个"),
        ("problems.PROBLEM_SOURCE_AUDIT", 2.0, "个"),
        ("problems.total", 3.0, "个"),
        ("rectifications.completed", 2.0, "项"),
        ("rectifications.completed_on_time", 1.0, "项"),
        ("rectifications.on_time_rate", 50.0, "%"),
        ("regulations.created", 1.0, "件"),
        ("regulations.revised", 1.0, "件"),
    ];
    for (key, value, unit_word) in expected {
        let figure = figures
            .get(key)
            .unwrap_or_else(|| panic!("no figure {key} in {figures:#?}"));
        assert_eq!(
            (figure.value, figure.unit_word.as_str()),
            (value, unit_word),
            "{key}"
        );
        assert!(!figure.label.is_empty(), "{key}");
    }
    assert!(
        !figures.contains_key("checks.CHECK_KIND_SPECIAL_CHECK"),
        "kinds with no record in the year give no figure"
    );
    // Every counting figure's filter lists exactly the records it counted.
    for figure in &response.figures {
        if let Some(listed) = listed(&Lists::of(&f), figure).await
            && counts_records(figure)
        {
            assert_eq!(listed as f64, figure.value, "{}: {figure:?}", figure.key);
        }
    }

    assert_eq!(
        violated_fields(
            statistics
                .get_supervision_statistics(pb::GetSupervisionStatisticsRequest {
                    unit_id: "no-such-unit".into(),
                    year: 2023,
                })
                .await
        ),
        vec!["unit_id"]
    );
    expect_code(
        statistics
            .get_supervision_statistics(pb::GetSupervisionStatisticsRequest {
                unit_id: f.organ.clone(),
                year: 0,
            })
            .await,
        Code::InvalidArgument,
    );
    f.stop().await;
}

qinglian_store::backend_tests!(a_year_of_records_is_counted_with_the_filters_behind_each_figure);
