//! The supervision checks of the year, organised by the organ and carried out by the discipline
//! officer: holiday-period checks of official vehicles, the eight-point self-inspection focused on
//! leading cadres and administrative logistics, a routine spot check, and the cross-check between
//! branches reading each other's study notes. Findings marked so open problems in the ledger.

use anyhow::Context;
use qinglian_api::supervision::v1::check_service_client::CheckServiceClient;
use qinglian_api::supervision::v1::{self as pb, CheckFocus, CheckKind, ProblemSeverity};
use qinglian_kit::auth::Role;

use super::{Organisation, Session, required, rid};

/// The problems the year's checks opened in the ledger, by id.
#[derive(Clone, Debug)]
pub struct Found {
    /// 元旦春节 check: a vehicle's trips logged without purpose and mileage.
    pub holiday_vehicles: String,
    /// Eight-point self-inspection: office supplies bought without comparing quotes.
    pub procurement: String,
    /// Cross-check: incomplete study notes in the third branch.
    pub study_notes: String,
}

/// One check: kind, title, focuses and the note naming them, targets, days, inspectors, result.
struct Planned<'a> {
    kind: CheckKind,
    title: &'a str,
    focuses: &'a [CheckFocus],
    focus_note: &'a str,
    targets: Vec<String>,
    days: (&'a str, &'a str),
    inspectors: Vec<String>,
    conclusion: &'a str,
    findings: Vec<pb::CheckFinding>,
}

/// A finding in `unit`; `severity` opens a problem for it.
fn finding(
    unit: &str,
    description: &str,
    category: &str,
    severity: Option<ProblemSeverity>,
) -> pb::CheckFinding {
    pb::CheckFinding {
        description: description.to_owned(),
        unit_id: unit.to_owned(),
        open_problem: severity.is_some(),
        category: category.to_owned(),
        severity: severity.map_or(0, |s| s as i32),
        problem_id: String::new(),
    }
}

/// Records the checks and their results, and returns the problems they opened.
pub async fn load(session: &Session, org: &Organisation) -> anyhow::Result<Found> {
    let discipline = session.caller(&org.discipline, Role::Discipline, None)?;
    let mut checks = CheckServiceClient::with_interceptor(session.supervision(), discipline);
    let mut opened = Vec::new();
    for (n, check) in planned(org).into_iter().enumerate() {
        session.on(check.days.0)?;
        let created = checks
            .create_check(pb::CreateCheckRequest {
                check: Some(pb::Check {
                    kind: check.kind as i32,
                    title: check.title.to_owned(),
                    focuses: check.focuses.iter().map(|f| *f as i32).collect(),
                    focus_note: check.focus_note.to_owned(),
                    organising_unit_id: org.organ.clone(),
                    target_unit_ids: check.targets,
                    start_date: check.days.0.to_owned(),
                    end_date: check.days.1.to_owned(),
                    inspector_ids: check.inspectors,
                    ..Default::default()
                }),
                request_id: rid(&format!("check-{n}")),
            })
            .await
            .with_context(|| format!("create check {}", check.title))?;
        let id = required(created.into_inner().check, "check")?.id;
        session.on(check.days.1)?;
        let recorded = checks
            .record_check_result(pb::RecordCheckResultRequest {
                id,
                conclusion: check.conclusion.to_owned(),
                findings: check.findings,
                etag: String::new(),
                request_id: rid(&format!("check-{n}-result")),
            })
            .await
            .with_context(|| format!("record the result of {}", check.title))?;
        let done = required(recorded.into_inner().check, "check")?;
        opened.extend(done.findings.into_iter().map(|f| f.problem_id));
    }
    let mut opened = opened.into_iter().filter(|id| !id.is_empty());
    let mut next = || opened.next().context("a check finding opened no problem");
    Ok(Found {
        holiday_vehicles: next()?,
        procurement: next()?,
        study_notes: next()?,
    })
}

/// The year's checks, in the order they began.
fn planned(org: &Organisation) -> Vec<Planned<'static>> {
    use CheckFocus::{KeyArea, LeadingCadres, SensitivePeriod};
    let departments = vec![
        org.office.clone(),
        org.research.clone(),
        org.logistics.clone(),
    ];
    let inspectors = vec![org.discipline.clone(), org.discipline_clerk.clone()];
    vec![
        Planned {
            kind: CheckKind::HolidayCheck,
            title: "2023年元旦春节期间公务用车使用情况专项检查",
            focuses: &[SensitivePeriod, KeyArea],
            focus_note: "元旦春节；公务用车（行政后勤）",
            targets: vec![org.logistics.clone(), org.office.clone()],
            days: ("2023-01-16", "2023-01-31"),
            inspectors: inspectors.clone(),
            conclusion: "节日期间未发现公车私用、违规收送礼品礼金问题，个别车辆出车登记不全",
            findings: vec![finding(
                &org.logistics,
                "个别公务用车出车登记缺少用车事由和行驶里程",
                "公务用车",
                Some(ProblemSeverity::Minor),
            )],
        },
        Planned {
            kind: CheckKind::EightPointSelfInspection,
            title: "2023年贯彻落实中央八项规定精神情况自查",
            focuses: &[LeadingCadres, KeyArea],
            focus_note: "领导干部；行政后勤",
            targets: departments.clone(),
            days: ("2023-04-10", "2023-04-21"),
            inspectors: inspectors.clone(),
            conclusion: "领导干部严格执行办公用房、公务接待等规定；行政后勤领域办公用品采购程序不规范",
            findings: vec![
                finding(
                    &org.logistics,
                    "部分办公用品采购未严格执行询价比价程序",
                    "八项规定",
                    Some(ProblemSeverity::Significant),
                ),
                finding(
                    &org.office,
                    "个别公务接待审批单填写不完整，已当场督促补正",
                    "公务接待",
                    None,
                ),
            ],
        },
        Planned {
            kind: CheckKind::RoutineSpotCheck,
            title: "工作日考勤和工作纪律日常抽查",
            focuses: &[],
            focus_note: "",
            targets: vec![org.office.clone(), org.research.clone()],
            days: ("2023-06-12", "2023-06-12"),
            inspectors: vec![org.discipline_clerk.clone()],
            conclusion: "在岗在位情况良好，未发现违反工作纪律问题",
            findings: Vec::new(),
        },
        Planned {
            kind: CheckKind::CrossCheck,
            title: "机关各党支部相互列席“三会一课”、相互查阅党员学习笔记交叉检查",
            focuses: &[],
            focus_note: "",
            targets: org.branches.to_vec(),
            days: ("2023-08-14", "2023-08-18"),
            inspectors: vec![
                org.discipline.clone(),
                org.office_head.clone(),
                org.research_head.clone(),
            ],
            conclusion: "各党支部“三会一课”基本规范，个别支部党员学习笔记记录不完整",
            findings: vec![finding(
                &org.branches[2],
                "部分党员学习笔记记录不完整、心得体会不够深入",
                "基层党建",
                Some(ProblemSeverity::Minor),
            )],
        },
        Planned {
            kind: CheckKind::HolidayCheck,
            title: "2023年中秋国庆节日期间作风建设专项检查",
            focuses: &[SensitivePeriod, LeadingCadres],
            focus_note: "中秋国庆",
            targets: departments,
            days: ("2023-09-28", "2023-10-07"),
            inspectors,
            conclusion: "节日期间公务用车封存停放到位，未发现违反中央八项规定精神问题",
            findings: Vec::new(),
        },
    ]
}
