//! The tasks of the year's plan and how each one's year went: the handler's steps and the responsible
//! leader's decisions, each on its day, as the office's ledger of the plan records them.

use qinglian_api::common::v1::Accountability;

use super::Organisation;

/// One step of a task's year, on its day.
pub enum Step {
    /// The handler starts work.
    Start(&'static str),
    /// The handler reports progress, percent and the file that proves it.
    Progress(&'static str, i32, &'static str, &'static str),
    /// The handler asks for a later due date, which the responsible leader approves the same day.
    Extend(&'static str, &'static str, &'static str),
    /// The handler submits for review.
    Submit(&'static str),
    /// The responsible leader sends it back with a reason.
    Return(&'static str, &'static str),
    /// The responsible leader approves it as done.
    Approve(&'static str),
}

/// A task of the plan and how its year went.
pub struct Planned {
    /// Number within the plan.
    pub code: &'static str,
    /// What is to be done.
    pub title: &'static str,
    /// The office's category.
    pub category: &'static str,
    /// 牵头单位.
    pub lead_unit: String,
    /// 配合单位.
    pub cooperating: Vec<String>,
    /// 责任领导: reviews the task.
    pub leader: String,
    /// 经办人: a clerk of the lead unit.
    pub handler: String,
    /// Due date as first set.
    pub due: &'static str,
    /// Typed accountability on the task.
    pub accountabilities: Vec<Accountability>,
    /// How the year went, in order.
    pub steps: Vec<Step>,
}

/// The plan's tasks, led by the organ's departments and reviewed by the leaders who oversee them.
pub fn plan(org: &Organisation) -> Vec<Planned> {
    use Accountability::{Direct, First, Leadership, Primary};
    use Step::{Approve, Extend, Progress, Return, Start, Submit};
    let task =
        |code, title, category, lead: &String, leader: &String, handler: &String, due| Planned {
            code,
            title,
            category,
            lead_unit: lead.clone(),
            cooperating: Vec::new(),
            leader: leader.clone(),
            handler: handler.clone(),
            due,
            accountabilities: vec![Leadership, Direct],
            steps: Vec::new(),
        };
    let (office, research, logistics) = (&org.office, &org.research, &org.logistics);
    let mut tasks = vec![
        task(
            "1",
            "严格落实“第一议题”制度，党组会议首先学习习近平新时代中国特色社会主义思想和党的二十大精神",
            "政治建设",
            office,
            &org.secretary,
            &org.office_head,
            "2023-12-31",
        ),
        task(
            "2",
            "扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育，编制学习重点清单，开展专题研讨和专题党课",
            "政治建设",
            research,
            &org.deputy_research,
            &org.research_head,
            "2023-10-31",
        ),
        task(
            "3",
            "制定机关《2023年全面从严治党、党风廉政建设和反腐败工作实施意见》，明确班子成员党风廉政建设责任分工",
            "主体责任",
            office,
            &org.secretary,
            &org.office_head,
            "2023-03-31",
        ),
        task(
            "4",
            "落实机关领导挂点联系基层党支部制度，班子成员每年至少一次到挂点党支部宣讲理论、上党课",
            "基层党建",
            office,
            &org.deputy_office,
            &org.office_clerk,
            "2023-12-31",
        ),
        task(
            "5",
            "开展警示教育，及时传达违纪典型案例通报，组织收看《廉》等专题警示教育片",
            "廉政教育",
            office,
            &org.deputy_office,
            &org.office_clerk,
            "2023-06-30",
        ),
        task(
            "6",
            "开展贯彻落实中央八项规定精神情况自查，加强节假日、公务用车等敏感节点和重点领域监督检查",
            "日常监督",
            logistics,
            &org.secretary_general,
            &org.logistics_head,
            "2023-10-31",
        ),
        task(
            "7",
            "积极配合省委第八巡视组巡视工作，巩固市委第二巡察组巡察整改成果，抓好反馈问题整改落实",
            "巡视巡察整改",
            office,
            &org.secretary,
            &org.office_head,
            "2023-09-30",
        ),
        task(
            "8",
            "修订完善《机关财务管理办法》《机关公务用车管理办法》等规章制度",
            "制度建设",
            logistics,
            &org.secretary_general,
            &org.logistics_head,
            "2023-11-30",
        ),
    ];
    tasks[0].steps = vec![
        Start("2023-03-01"),
        Progress(
            "2023-06-30",
            50,
            "上半年党组会议均以学习习近平新时代中国特色社会主义思想为第一议题",
            "党组会议纪要（上半年）.pdf",
        ),
        Progress(
            "2023-12-15",
            100,
            "全年党组会议第一议题学习全部落实，班子成员撰写学习体会",
            "党组会议纪要（下半年）.pdf",
        ),
        Submit("2023-12-18"),
        Approve("2023-12-20"),
    ];
    tasks[1].cooperating = vec![office.clone()];
    tasks[1].steps = vec![
        Start("2023-04-10"),
        Progress(
            "2023-06-20",
            40,
            "编制主题教育学习重点清单，开展专题研讨",
            "主题教育学习重点清单.pdf",
        ),
        Progress(
            "2023-09-25",
            90,
            "开展专题党课和党建共建，边学边查边改",
            "专题党课记录.pdf",
        ),
        Progress(
            "2023-10-20",
            100,
            "主题教育各项任务完成，问题清单逐项整改",
            "主题教育总结.pdf",
        ),
        Submit("2023-10-23"),
        Approve("2023-10-25"),
    ];
    tasks[2].accountabilities = vec![First, Primary];
    tasks[2].steps = vec![
        Start("2023-03-01"),
        Progress(
            "2023-03-15",
            100,
            "起草实施意见送审稿",
            "实施意见（送审稿）.pdf",
        ),
        Submit("2023-03-16"),
        Return("2023-03-17", "责任分工未细化到每位班子成员及其分管部门"),
        Start("2023-03-20"),
        Progress(
            "2023-03-24",
            100,
            "逐人明确班子成员责任分工，形成责任清单",
            "实施意见及责任清单.pdf",
        ),
        Submit("2023-03-27"),
        Approve("2023-03-29"),
    ];
    tasks[3].steps = vec![
        Start("2023-03-01"),
        Progress(
            "2023-06-30",
            50,
            "班子成员陆续到挂点党支部宣讲党的二十大精神",
            "挂点联系工作台账（上半年）.pdf",
        ),
        Progress(
            "2023-11-30",
            75,
            "仍有班子成员未到挂点党支部上党课，已督促年内补上",
            "挂点联系工作台账（11月）.pdf",
        ),
    ];
    tasks[4].steps = vec![
        Start("2023-03-01"),
        Progress(
            "2023-04-12",
            60,
            "传达典型案例通报，组织收看《廉》系列专题警示教育片",
            "警示教育签到表.pdf",
        ),
        Progress(
            "2023-06-30",
            100,
            "开展以案促改专题讨论",
            "以案促改讨论记录.pdf",
        ),
        Submit("2023-07-03"),
        Approve("2023-07-06"),
    ];
    tasks[5].cooperating = vec![office.clone()];
    tasks[5].steps = vec![
        Start("2023-03-01"),
        Progress(
            "2023-04-21",
            50,
            "完成八项规定精神自查，查找问题并建立台账",
            "八项规定精神自查报告.pdf",
        ),
        Progress(
            "2023-10-09",
            100,
            "完成中秋国庆节日期间专项检查",
            "节日期间专项检查通报.pdf",
        ),
        Submit("2023-10-16"),
        Approve("2023-10-20"),
    ];
    tasks[6].cooperating = vec![logistics.clone(), research.clone()];
    tasks[6].accountabilities = vec![First, Primary];
    tasks[6].steps = vec![
        Start("2023-03-13"),
        Progress(
            "2023-06-30",
            50,
            "市委第二巡察组反馈问题整改措施全部落实到责任人",
            "巡察整改台账.pdf",
        ),
        Extend(
            "2023-09-15",
            "2023-12-31",
            "省委第八巡视组反馈意见于8月下旬送达，整改需与制度修订同步推进",
        ),
        Progress(
            "2023-12-20",
            100,
            "巡视巡察反馈问题整改到位并销号",
            "巡视巡察整改报告.pdf",
        ),
        Submit("2023-12-22"),
        Approve("2023-12-26"),
    ];
    tasks[7].cooperating = vec![office.clone()];
    tasks[7].steps = vec![
        Start("2023-03-01"),
        Progress(
            "2023-08-10",
            60,
            "《机关公务用车管理办法》修订印发",
            "机关公务用车管理办法（2023年修订）.pdf",
        ),
        Progress(
            "2023-11-01",
            100,
            "《机关财务管理办法》修订印发",
            "机关财务管理办法（2023年修订）.pdf",
        ),
        Submit("2023-11-06"),
        Approve("2023-11-10"),
    ];
    tasks
}
