//! Report figures against counts kept independently while a random year is recorded through the API:
//! records of every kind, some outside the year or outside the organisation (another committee in the
//! same deployment), which must not count. The same report then proves its other promises: every
//! figure's provenance lists exactly the records counted, the text lints clean, and every number it
//! states, changed, is flagged by the lint naming the recorded value.

mod opinions;
mod stated;
mod tasks;

use std::collections::BTreeMap;

use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{self as opb, OversightKind, OversightSubject};
use qinglian_api::supervision::v1::{self as spb, CheckKind, EducationKind, TalkKind};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;

use crate::api::common::{create_person, create_unit};
use crate::api::provenance::{Lists, counts_records, listed};
use crate::api::rectifications::Fixture;
pub use qinglian_test_support::seeded::Random;

const LAWS: [&str; 4] = [
    "《中华人民共和国义务教育法》",
    "《中华人民共和国未成年人保护法》",
    "《省物业管理条例》",
    "《中华人民共和国乡村振兴促进法》",
];

async fn report_figures_equal_counts_kept_while_recording(db: TestDatabase) {
    let seed = qinglian_test_support::seeded::seed();
    println!("seed {seed}");
    let mut random = Random(seed);
    let f = Fixture::with_oversight(db).await;
    let oversight = f.oversight();
    let mut d = f.tasks().admin_directory().await;
    let elsewhere = create_unit(&mut d, UnitKind::Organ, "市审计局", None).await;
    let stranger = create_person(&mut d, "他局干部", &elsewhere.id, false).await;
    let mut expected: BTreeMap<String, f64> = BTreeMap::new();
    let mut count = |key: String, by: f64| *expected.entry(key).or_default() += by;

    let discipline = f.tasks().token(Role::Discipline);
    let mut talks = f.supervision().talks(&discipline).await;
    let kinds = [
        TalkKind::Reminder,
        TalkKind::Integrity,
        TalkKind::HeartToHeart,
    ];
    for _ in 0..(6 + random.below(6)) {
        let kind = *random.pick(&kinds);
        let ours = random.below(4) != 0;
        let subject = if ours { &f.owner } else { &stranger.id };
        let (date, in_year) = random.day();
        talks
            .record_talk(spb::RecordTalkRequest {
                talk: Some(spb::Talk {
                    kind: kind as i32,
                    subject_person_id: subject.clone(),
                    conducted_by_ids: vec![f.inspector.clone()],
                    date,
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("talk");
        if ours && in_year {
            count(format!("talks.{}", kind.as_str_name()), 1.0);
            count("talks.total".into(), 1.0);
        }
    }
    let mut checks = f.supervision().checks(&discipline).await;
    let check_kinds = [CheckKind::HolidayCheck, CheckKind::CrossCheck];
    for _ in 0..(2 + random.below(4)) {
        let kind = *random.pick(&check_kinds);
        let (date, in_year) = random.day();
        checks
            .create_check(spb::CreateCheckRequest {
                check: Some(spb::Check {
                    kind: kind as i32,
                    title: "检查".into(),
                    organising_unit_id: f.organ.clone(),
                    target_unit_ids: vec![f.office.clone()],
                    start_date: date.clone(),
                    end_date: date,
                    inspector_ids: vec![f.inspector.clone()],
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("check");
        if in_year {
            count(format!("checks.{}", kind.as_str_name()), 1.0);
            count("checks.total".into(), 1.0);
        }
    }
    let mut education = f.supervision().education(&discipline).await;
    for _ in 0..(2 + random.below(4)) {
        let kind = *random.pick(&[EducationKind::WarningFilm, EducationKind::CaseNotification]);
        let head_count = 5 + random.below(50) as i32;
        let (date, in_year) = random.day();
        education
            .record_education_activity(spb::RecordEducationActivityRequest {
                education_activity: Some(spb::EducationActivity {
                    kind: kind as i32,
                    // Titles that begin with the report sentence's own verb must not double it.
                    title: (*random.pick(&["《廉》", "收看《廉》系列专题警示教育片"])).into(),
                    date,
                    organising_unit_id: f.organ.clone(),
                    head_count,
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("education");
        if in_year {
            count(format!("education.{}", kind.as_str_name()), 1.0);
            count("education.total".into(), 1.0);
            count("education.participants".into(), f64::from(head_count));
        }
    }

    let mut clerk = oversight.oversight(&f.tasks().token(Role::Clerk)).await;
    let oversight_kinds = [
        OversightKind::WorkReport,
        OversightKind::BudgetReview,
        OversightKind::SpecialResearch,
        OversightKind::SpecialInquiry,
        OversightKind::LawEnforcementInspection,
    ];
    let mut laws_inspected: Vec<&str> = Vec::new();
    for _ in 0..(5 + random.below(8)) {
        let kind = *random.pick(&oversight_kinds);
        let (date, in_year) = random.day();
        let inspection = kind == OversightKind::LawEnforcementInspection;
        let laws: Vec<&str> = if inspection {
            let first = random.below(LAWS.len() as u64) as usize;
            let many = 1 + random.below(2) as usize;
            LAWS.iter()
                .cycle()
                .skip(first)
                .take(many)
                .copied()
                .collect()
        } else {
            Vec::new()
        };
        clerk
            .record_oversight_activity(opb::RecordOversightActivityRequest {
                activity: Some(opb::OversightActivity {
                    kind: kind as i32,
                    subject: if inspection {
                        OversightSubject::Unspecified as i32
                    } else {
                        OversightSubject::Government as i32
                    },
                    title: "监督".into(),
                    date,
                    laws_inspected: laws.iter().map(|l| (*l).to_owned()).collect(),
                    organisation_unit_id: f.organ.clone(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("activity");
        if in_year {
            count(format!("activities.{}", kind.as_str_name()), 1.0);
            if matches!(
                kind,
                OversightKind::WorkReport | OversightKind::BudgetReview
            ) {
                count("activities.reports".into(), 1.0);
            }
            for law in laws {
                if !laws_inspected.contains(&law) {
                    laws_inspected.push(law);
                }
            }
        }
    }
    expected.insert("laws.inspected".into(), laws_inspected.len() as f64);
    // Another committee's work in the same deployment: never counted for ours.
    for _ in 0..(1 + random.below(3)) {
        clerk
            .record_oversight_activity(opb::RecordOversightActivityRequest {
                activity: Some(opb::OversightActivity {
                    kind: OversightKind::SpecialResearch as i32,
                    title: "他会调研".into(),
                    date: "2023-03-01".into(),
                    organisation_unit_id: elsewhere.id.clone(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("activity elsewhere");
    }
    for (key, value) in opinions::record(&mut random, &f, oversight, &elsewhere.id).await {
        *expected.entry(key).or_default() += value;
    }
    expected.extend(tasks::record(&mut random, &f).await);

    let mut reports = ReportServiceClient::with_interceptor(
        qinglian_test_support::channel(oversight.addr).await,
        qinglian_test_support::bearer(&f.tasks().token(Role::Viewer)),
    );
    let report = reports
        .generate_annual_report(opb::GenerateAnnualReportRequest {
            organisation_unit_id: f.organ.clone(),
            year: 2023,
            ..Default::default()
        })
        .await
        .expect("generate")
        .into_inner()
        .report
        .expect("report");
    let figures: BTreeMap<&str, f64> = report
        .figures
        .iter()
        .map(|f| (f.key.as_str(), f.value))
        .collect();
    for (key, value) in &expected {
        assert_eq!(
            figures.get(key.as_str()).copied().unwrap_or(0.0),
            *value,
            "{key} (seed {seed})"
        );
    }
    assert!(!report.text.contains("收看收看"), "{}", report.text);
    // The statistics RPC of the same organisation gives the report's own oversight figures.
    let statistics = clerk
        .get_oversight_statistics(opb::GetOversightStatisticsRequest {
            year: 2023,
            organisation_unit_id: f.organ.clone(),
        })
        .await
        .expect("statistics")
        .into_inner();
    for figure in &statistics.figures {
        assert_eq!(
            figures.get(figure.key.as_str()).copied(),
            Some(figure.value),
            "{} (seed {seed})",
            figure.key
        );
    }
    let unknown = clerk
        .get_oversight_statistics(opb::GetOversightStatisticsRequest {
            year: 2023,
            organisation_unit_id: uuid::Uuid::now_v7().to_string(),
        })
        .await;
    assert_eq!(
        crate::api::common::violated_fields(unknown),
        ["organisation_unit_id"]
    );
    let lists = Lists {
        tasks: f.tasks(),
        supervision: f.supervision(),
        oversight: Some(oversight),
    };
    for figure in &report.figures {
        let listed = listed(&lists, figure).await;
        if counts_records(figure)
            && !figure
                .provenance
                .as_ref()
                .is_some_and(|p| p.list_method.is_empty())
        {
            assert_eq!(
                listed.map(|n| n as f64),
                Some(figure.value),
                "{} lists its records (seed {seed}): {figure:?}",
                figure.key
            );
        }
    }
    stated::every_stated_number_is_checked(&mut reports, &report, &f.organ, seed).await;
    // Kinds never recorded in the year give no figure, or a zero.
    for key in [
        "talks.TALK_KIND_ADMONITION",
        "activities.OVERSIGHT_KIND_AUDIT_REPORT",
    ] {
        assert_eq!(figures.get(key).copied().unwrap_or(0.0), 0.0, "{key}");
    }
    f.stop().await;
}

qinglian_store::backend_tests!(report_figures_equal_counts_kept_while_recording);
