//! The measures of the year's ledger (整改台账), each with its owner, deadline and course: they answer
//! the tours' problems and the problems the checks found (one answers a check's finding and a tour's
//! problem together); owners report progress with evidence and ask for sign-off; the discipline officer
//! signs off (销号). One measure is extended, one fails its first verification, one is signed off late,
//! one runs into next year, and one is re-checked (回头看) in December.

use qinglian_api::supervision::v1::{self as pb, Verdict};

use super::Organisation;
use super::ledger::Event;

/// A measure of `unit` owned by `owner`, due on `deadline`.
fn measure(
    unit: &str,
    owner: &str,
    text: &str,
    deadline: &str,
    lasting: bool,
) -> pb::Rectification {
    pb::Rectification {
        measure: text.to_owned(),
        responsible_unit_id: unit.to_owned(),
        responsible_person_id: owner.to_owned(),
        deadline: deadline.to_owned(),
        lasting_mechanism: lasting,
        ..Default::default()
    }
}

/// The measures and their course, with their days.
pub fn course(org: &Organisation) -> Vec<(&'static str, Event)> {
    use Event::{Extend, Measure, Progress, Recheck, Request, Verify};
    use Verdict::{Fail, Pass};
    let o = org;
    let passed = "整改到位，资料齐全，现场核查无误";
    vec![
        // The eight-point self-inspection's finding on procurement.
        (
            "2023-04-25",
            Measure(
                "procurement",
                &["check-procurement"],
                measure(
                    &o.logistics,
                    &o.logistics_head,
                    "严格执行办公用品询价比价和验收制度，大额采购事项集体研究",
                    "2023-06-30",
                    false,
                ),
            ),
        ),
        (
            "2023-06-15",
            Progress(
                "procurement",
                100,
                "重新履行询价比价程序，建立采购验收登记",
                "办公用品采购台账.pdf",
            ),
        ),
        ("2023-06-19", Request("procurement")),
        (
            "2023-06-21",
            Verify("procurement", Pass, passed, "办公用品采购台账.pdf"),
        ),
        // One measure answers the holiday check's finding and the city team's problem on vehicles.
        (
            "2023-06-02",
            Measure(
                "vehicles",
                &["check-vehicles", "city-vehicles"],
                measure(
                    &o.logistics,
                    &o.logistics_head,
                    "修订《机关公务用车管理办法》，严格出车审批、登记和定点停放，按月通报用车情况",
                    "2023-08-31",
                    true,
                ),
            ),
        ),
        (
            "2023-06-30",
            Progress(
                "vehicles",
                40,
                "建立出车登记台账，实行定点停放",
                "公务用车登记台账.pdf",
            ),
        ),
        (
            "2023-08-10",
            Progress(
                "vehicles",
                100,
                "《机关公务用车管理办法》修订印发施行",
                "机关公务用车管理办法（2023年修订）.pdf",
            ),
        ),
        ("2023-08-15", Request("vehicles")),
        (
            "2023-08-22",
            Verify(
                "vehicles",
                Pass,
                "制度已修订印发，出车登记台账完整，现场核查定点停放到位",
                "公务用车登记台账.pdf",
            ),
        ),
        (
            "2023-12-12",
            Recheck(
                "vehicles",
                "回头看：出车审批、登记完整，定点停放，未发现问题反弹",
            ),
        ),
        // Reimbursement: extended to take in the provincial team's feedback on the same problem.
        (
            "2023-06-02",
            Measure(
                "finance",
                &["city-finance"],
                measure(
                    &o.office,
                    &o.office_head,
                    "修订《机关财务管理办法》，完善报销审核和附件清单制度，开展报销凭证自查",
                    "2023-09-30",
                    true,
                ),
            ),
        ),
        (
            "2023-07-20",
            Progress(
                "finance",
                50,
                "完成近三年报销凭证自查，补齐缺失附件",
                "报销凭证自查报告.pdf",
            ),
        ),
        (
            "2023-09-12",
            Extend(
                "finance",
                "2023-11-30",
                "省委第八巡视组反馈同类问题，财务制度修订需一并吸收巡视反馈意见",
            ),
        ),
        (
            "2023-11-01",
            Progress(
                "finance",
                100,
                "《机关财务管理办法》修订印发施行",
                "机关财务管理办法（2023年修订）.pdf",
            ),
        ),
        ("2023-11-06", Request("finance")),
        (
            "2023-11-15",
            Verify(
                "finance",
                Pass,
                passed,
                "机关财务管理办法（2023年修订）.pdf",
            ),
        ),
        // Branch meetings: signed off a few days after the deadline.
        (
            "2023-06-05",
            Measure(
                "meetings",
                &["city-meetings"],
                measure(
                    &o.office,
                    &o.office_clerk,
                    "规范党支部“三会一课”记录，开展组织生活质量提升行动",
                    "2023-07-31",
                    false,
                ),
            ),
        ),
        (
            "2023-07-20",
            Progress(
                "meetings",
                100,
                "统一“三会一课”记录本，支部书记每月审阅",
                "三会一课记录检查表.pdf",
            ),
        ),
        ("2023-07-28", Request("meetings")),
        (
            "2023-08-03",
            Verify("meetings", Pass, passed, "三会一课记录检查表.pdf"),
        ),
        // The cross-check's finding on study notes.
        (
            "2023-08-25",
            Measure(
                "notes",
                &["check-notes"],
                measure(
                    &o.branches[2],
                    &o.research_head,
                    "督促党员规范记录学习笔记，支部书记每季度检查一次",
                    "2023-10-31",
                    false,
                ),
            ),
        ),
        (
            "2023-10-20",
            Progress(
                "notes",
                100,
                "组织党员补记学习笔记，开展学习心得交流",
                "学习笔记检查记录.pdf",
            ),
        ),
        ("2023-10-23", Request("notes")),
        (
            "2023-10-27",
            Verify("notes", Pass, passed, "学习笔记检查记录.pdf"),
        ),
        // The leadership's supervision of their portfolios: the first request for sign-off fails.
        (
            "2023-09-05",
            Measure(
                "pressure",
                &["province-pressure"],
                measure(
                    &o.organ,
                    &o.office_head,
                    "制定班子成员对分管部门监督检查清单，每季度开展一次监督检查并形成记录",
                    "2023-12-31",
                    true,
                ),
            ),
        ),
        (
            "2023-10-15",
            Progress(
                "pressure",
                60,
                "印发班子成员监督检查清单，完成第三季度监督检查",
                "监督检查清单.pdf",
            ),
        ),
        ("2023-12-10", Request("pressure")),
        (
            "2023-12-14",
            Verify(
                "pressure",
                Fail,
                "缺少第四季度监督检查记录",
                "监督检查清单.pdf",
            ),
        ),
        (
            "2023-12-22",
            Progress(
                "pressure",
                100,
                "补充完成第四季度监督检查并形成记录",
                "第四季度监督检查记录.pdf",
            ),
        ),
        ("2023-12-25", Request("pressure")),
        (
            "2023-12-28",
            Verify("pressure", Pass, passed, "第四季度监督检查记录.pdf"),
        ),
        // Integrity risks: a lasting measure that runs into next year.
        (
            "2023-09-05",
            Measure(
                "risk",
                &["province-risk"],
                measure(
                    &o.office,
                    &o.office_head,
                    "全面排查廉政风险点，逐岗位制定防控措施，编印廉政风险防控手册",
                    "2024-03-31",
                    true,
                ),
            ),
        ),
        (
            "2023-11-30",
            Progress(
                "risk",
                60,
                "完成全机关廉政风险点排查，形成风险清单",
                "廉政风险点清单.pdf",
            ),
        ),
    ]
}
