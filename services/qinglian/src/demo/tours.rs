//! The two inspection tours of the year: 市委第二巡察组 in spring and 省委第八巡视组 in summer inspect the
//! organ; their feedback lists problems, each with its responsibility list (责任清单), and the problem of
//! reimbursement is found by both teams.

use qinglian_api::common::v1::Accountability;
use qinglian_api::supervision::v1::{self as pb, ProblemSeverity, ProblemSource, TourLevel};

use super::Organisation;
use super::ledger::Event;

fn tour(org: &Organisation, level: TourLevel, team: &str, days: [&str; 3]) -> pb::InspectionTour {
    pb::InspectionTour {
        level: level as i32,
        team_name: team.to_owned(),
        inspected_unit_id: org.organ.clone(),
        start_date: days[0].to_owned(),
        end_date: days[1].to_owned(),
        feedback_date: days[2].to_owned(),
        ..Default::default()
    }
}

/// A problem in `unit`: what, the office's category, severity, and its responsibility list. Units
/// answer with primary or direct accountability, people with first or leadership accountability.
fn problem(
    unit: &str,
    description: &str,
    category: &str,
    severity: ProblemSeverity,
    answerable: &[(&str, Accountability)],
) -> pb::Problem {
    pb::Problem {
        unit_id: unit.to_owned(),
        description: description.to_owned(),
        category: category.to_owned(),
        severity: severity as i32,
        responsibilities: answerable
            .iter()
            .map(|(who, accountability)| {
                let is_unit = matches!(
                    accountability,
                    Accountability::Primary | Accountability::Direct
                );
                pb::Responsibility {
                    unit_id: if is_unit {
                        (*who).to_owned()
                    } else {
                        String::new()
                    },
                    person_id: if is_unit {
                        String::new()
                    } else {
                        (*who).to_owned()
                    },
                    accountability: *accountability as i32,
                }
            })
            .collect(),
        ..Default::default()
    }
}

/// The tours and the problems of their feedback, with their days.
pub fn feedback(org: &Organisation) -> Vec<(&'static str, Event)> {
    use Accountability::{Direct, First, Leadership, Primary};
    use Event::{Link, Problem, Tour};
    use ProblemSeverity::{Minor, Significant};
    let o = org;
    vec![
        // The city inspection team in spring; its feedback in May.
        (
            "2023-03-13",
            Tour(
                "city",
                tour(
                    o,
                    TourLevel::City,
                    "市委第二巡察组",
                    ["2023-03-13", "2023-04-28", "2023-05-26"],
                ),
            ),
        ),
        (
            "2023-05-26",
            Problem(
                "city-vehicles",
                ProblemSource::Tour,
                "city",
                problem(
                    &o.logistics,
                    "公务用车使用管理制度执行不严，出车审批、登记和定点停放不规范",
                    "公务用车",
                    Significant,
                    &[
                        (&o.logistics, Direct),
                        (&o.secretary_general, Leadership),
                        (&o.secretary, First),
                    ],
                ),
            ),
        ),
        (
            "2023-05-26",
            Problem(
                "city-finance",
                ProblemSource::Tour,
                "city",
                problem(
                    &o.office,
                    "财务报销审核把关不严，个别报销凭证附件不全",
                    "财务管理",
                    Significant,
                    &[
                        (&o.office, Direct),
                        (&o.deputy_office, Leadership),
                        (&o.secretary, First),
                    ],
                ),
            ),
        ),
        (
            "2023-05-26",
            Problem(
                "city-meetings",
                ProblemSource::Tour,
                "city",
                problem(
                    &o.branches[1],
                    "个别党支部“三会一课”记录不规范，组织生活质量不高",
                    "基层党建",
                    Minor,
                    &[(&o.branches[1], Direct), (&o.deputy_office, Leadership)],
                ),
            ),
        ),
        // The provincial inspection team in summer; its feedback in August.
        (
            "2023-06-05",
            Tour(
                "province",
                tour(
                    o,
                    TourLevel::Provincial,
                    "省委第八巡视组",
                    ["2023-06-05", "2023-07-31", "2023-08-25"],
                ),
            ),
        ),
        (
            "2023-08-25",
            Problem(
                "province-pressure",
                ProblemSource::Tour,
                "province",
                problem(
                    &o.organ,
                    "落实全面从严治党主体责任压力传导不够，班子成员对分管部门监督检查不经常",
                    "主体责任",
                    Significant,
                    &[
                        (&o.party_group, Primary),
                        (&o.secretary, First),
                        (&o.deputy_office, Leadership),
                    ],
                ),
            ),
        ),
        (
            "2023-08-25",
            Problem(
                "province-risk",
                ProblemSource::Tour,
                "province",
                problem(
                    &o.office,
                    "廉政风险点排查不全面，重点岗位防控措施不具体",
                    "廉政风险防控",
                    Minor,
                    &[(&o.office, Direct), (&o.deputy_office, Leadership)],
                ),
            ),
        ),
        ("2023-08-25", Link("city-finance", "province")),
    ]
}
