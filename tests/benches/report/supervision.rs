//! Bulk loading of the supervision records.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The supervision records; returns the rows inserted.
pub(crate) async fn load_supervision(store: &Store, units: &Units, sizes: Sizes) -> usize {
    let now = qinglian_store::time::now();
    let mut loader = Loader::new(store);
    for batch in batches(sizes.talks) {
        let rows: Vec<talk::ActiveModel> = batch
            .map(|i| {
                talk::Model {
                    id: id(),
                    kind: TALK_KINDS[i % TALK_KINDS.len()] as i32,
                    subject_person_id: format!("person-{}", mix(i, 21) % 20_000),
                    subject_unit_id: units.pick(i, 22).to_owned(),
                    conducted_by_ids: format!("inspector-{}", i % 40),
                    date: two_years(i, 23),
                    reason: "日常监督".into(),
                    content: format!("谈话记录{i}"),
                    follow_ups: "[]".into(),
                    version: 1,
                    create_time: now,
                    update_time: now,
                }
                .into()
            })
            .collect();
        loader.insert(rows).await;
    }
    for batch in batches(sizes.checks) {
        let mut checks = Vec::with_capacity(INSERT_ROWS);
        let mut targets = Vec::with_capacity(2 * INSERT_ROWS);
        let mut inspectors = Vec::with_capacity(2 * INSERT_ROWS);
        for i in batch {
            let check_id = id();
            let first = mix(i, 31) % units.inside.len();
            let target_ids = [
                units.inside[first].clone(),
                units.inside[(first + 1) % units.inside.len()].clone(),
            ];
            let inspector_ids = [
                format!("inspector-{}", i % 40),
                format!("inspector-{}", (i + 1) % 40),
            ];
            let start_date = two_years(i, 32);
            let completed = start_date < date(2023, 334);
            checks.push(check::ActiveModel::from(check::Model {
                id: check_id.clone(),
                kind: CHECK_KINDS[i % CHECK_KINDS.len()] as i32,
                title: format!("监督检查{i}"),
                focuses: "1,2".into(),
                focus_note: String::new(),
                organising_unit_id: units.pick(i, 33).to_owned(),
                target_unit_ids: target_ids.join(","),
                start_date,
                end_date: start_date + Days::new(7),
                inspector_ids: inspector_ids.join(","),
                state: if completed {
                    CheckState::Completed
                } else {
                    CheckState::Planned
                } as i32,
                conclusion: if completed {
                    "未发现违规问题".into()
                } else {
                    String::new()
                },
                version: 1,
                create_time: now,
                update_time: now,
            }));
            targets.extend(target_ids.map(|unit_id| {
                check_target::ActiveModel::from(check_target::Model {
                    check_id: check_id.clone(),
                    unit_id,
                })
            }));
            inspectors.extend(inspector_ids.map(|person_id| {
                check_inspector::ActiveModel::from(check_inspector::Model {
                    check_id: check_id.clone(),
                    person_id,
                })
            }));
        }
        loader.insert(checks).await;
        loader.insert(targets).await;
        loader.insert(inspectors).await;
    }
    for batch in batches(sizes.education) {
        let rows: Vec<education_activity::ActiveModel> = batch
            .map(|i| {
                let kind = EDUCATION_KINDS[i % EDUCATION_KINDS.len()];
                education_activity::Model {
                    id: id(),
                    kind: kind as i32,
                    title: if kind == EducationKind::WarningFilm {
                        FILMS[(i / EDUCATION_KINDS.len()) % FILMS.len()].to_owned()
                    } else {
                        format!("廉政教育活动{i}")
                    },
                    date: two_years(i, 41),
                    organising_unit_id: units.pick(i, 42).to_owned(),
                    participant_ids: String::new(),
                    head_count: 10 + (i % 90) as i32,
                    description: String::new(),
                    version: 1,
                    create_time: now,
                    update_time: now,
                }
                .into()
            })
            .collect();
        loader.insert(rows).await;
    }
    let tours: Vec<inspection_tour::Model> = (0..TOURS)
        .map(|n| {
            let start_date = date(2022, 60 + n * 35);
            inspection_tour::Model {
                id: id(),
                level: TourLevel::City as i32,
                team_name: format!("市委第{}巡察组", n % 8 + 1),
                inspected_unit_id: units.pick(n, 51).to_owned(),
                start_date,
                end_date: start_date + Days::new(60),
                feedback_date: Some(start_date + Days::new(90)),
                version: 1,
                create_time: now,
            }
        })
        .collect();
    loader
        .insert(
            tours
                .iter()
                .cloned()
                .map(inspection_tour::ActiveModel::from)
                .collect(),
        )
        .await;
    for batch in batches(sizes.problems) {
        let mut ledger = Ledger::default();
        for i in batch {
            ledger.push(i, units, &tours, now);
        }
        ledger.insert(&mut loader).await;
    }
    loader.finish().await
}

/// Problems with their sources, and the measures answering them, inserted together.
#[derive(Default)]
pub(crate) struct Ledger {
    pub(crate) problems: Vec<problem::ActiveModel>,
    pub(crate) sources: Vec<problem_source::ActiveModel>,
    pub(crate) measures: Vec<rectification::ActiveModel>,
    pub(crate) links: Vec<rectification_problem::ActiveModel>,
}

impl Ledger {
    /// Adds problem `i` and its measure. Of every ten problems six come from a tour, two from checks,
    /// one from an audit and one from self-examination; one in seven was also raised by the people's
    /// congress. Half the measures are verified, most on time.
    pub(crate) fn push(
        &mut self,
        i: usize,
        units: &Units,
        tours: &[inspection_tour::Model],
        now: DateTime<Utc>,
    ) {
        let unit_id = units.pick(i, 61).to_owned();
        let found_date = two_years(i, 62);
        let (source, reference) = match i % 10 {
            0..=5 => (
                ProblemSource::Tour,
                tours[(i / 10) % tours.len()].id.clone(),
            ),
            6 | 7 => (ProblemSource::Check, format!("check-{}", i / 100)),
            8 => (ProblemSource::Audit, format!("audit-{}", i / 1000)),
            _ => (ProblemSource::SelfExamination, String::new()),
        };
        let verified = mix(i, 63).is_multiple_of(2);
        let state = if verified {
            RectificationState::Verified
        } else if i.is_multiple_of(5) {
            RectificationState::AwaitingVerification
        } else {
            RectificationState::InProgress
        };
        let extended = i.is_multiple_of(13);
        let original_deadline = found_date + Days::new(90);
        let deadline = if extended {
            original_deadline + Days::new(30)
        } else {
            original_deadline
        };
        let complete_date = verified.then(|| deadline - Days::new(25) + Days::new((i % 30) as u64));
        let problem_id = id();
        let measure_id = id();
        self.problems.push(
            problem::Model {
                id: problem_id.clone(),
                unit_id: unit_id.clone(),
                description: format!("问题{i}"),
                category: ["选人用人", "财务管理", "作风建设", "基层党建"][i % 4].to_owned(),
                severity: [
                    ProblemSeverity::Minor,
                    ProblemSeverity::Significant,
                    ProblemSeverity::Serious,
                ][i % 3] as i32,
                found_date,
                state: if verified {
                    ProblemState::Closed
                } else {
                    ProblemState::Rectifying
                } as i32,
                recurrence_count: 0,
                close_date: complete_date,
                version: 1,
                create_time: now,
                update_time: now,
            }
            .into(),
        );
        let mut sources = vec![(source, reference)];
        if i.is_multiple_of(7) {
            sources.push((
                ProblemSource::PeoplesCongress,
                format!("opinion-{}", i / 70),
            ));
        }
        for (source, reference) in sources {
            self.sources.push(
                problem_source::Model {
                    problem_id: problem_id.clone(),
                    source: source as i32,
                    reference,
                    link_time: now,
                }
                .into(),
            );
        }
        self.measures.push(
            rectification::Model {
                id: measure_id.clone(),
                measure: format!("整改措施{i}"),
                responsible_person_id: format!("person-{}", mix(i, 64) % 20_000),
                responsible_unit_id: unit_id,
                deadline,
                original_deadline,
                lasting_mechanism: i.is_multiple_of(4),
                state: state as i32,
                percent: if verified { 100 } else { (i % 10 * 10) as i32 },
                warning_level: WarningLevel::Unspecified as i32,
                complete_date,
                recheck_due_date: complete_date.map(|d| d + Days::new(90)),
                recurrence_count: 0,
                extended,
                verification_requested_by: if state == RectificationState::AwaitingVerification {
                    "bench-clerk".into()
                } else {
                    String::new()
                },
                version: 1,
                create_time: now,
                update_time: now,
            }
            .into(),
        );
        self.links.push(
            rectification_problem::Model {
                rectification_id: measure_id,
                problem_id,
            }
            .into(),
        );
    }

    /// Inserts problems, sources, measures and links, in that order for the foreign keys.
    pub(crate) async fn insert(self, loader: &mut Loader<'_>) {
        loader.insert(self.problems).await;
        loader.insert(self.sources).await;
        loader.insert(self.measures).await;
        loader.insert(self.links).await;
    }
}

pub(crate) const OVERSIGHT_KINDS: [OversightKind; 9] = [
    OversightKind::WorkReport,
    OversightKind::BudgetReview,
    OversightKind::FinalAccountsReview,
    OversightKind::AuditReport,
    OversightKind::StateAssetReport,
    OversightKind::PlanReview,
    OversightKind::LawEnforcementInspection,
    OversightKind::SpecialResearch,
    OversightKind::SpecialInquiry,
];
pub(crate) const SUBJECTS: [OversightSubject; 4] = [
    OversightSubject::Government,
    OversightSubject::SupervisoryCommission,
    OversightSubject::Court,
    OversightSubject::Procuratorate,
];
/// Laws inspected, two per inspection.
pub(crate) const LAWS: usize = 30;
