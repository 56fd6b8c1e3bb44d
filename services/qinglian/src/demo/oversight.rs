//! The standing committee's oversight in 2023, recorded by the research office: the reports it heard
//! and deliberated (the mid-term evaluation of the 14th five-year plan, 交通强市三年行动, the budget, the
//! final accounts, the audit report, the state assets of financial enterprises, budget performance
//! management, and reports of the supervisory commission and the procuratorate), two special
//! inquiries held on reports, special research, and the law-enforcement inspections of the five named
//! laws. The deliberation opinions on two of the reports are in [`super::opinions`], the filing review
//! of normative documents in [`super::documents`].

use anyhow::Context;
use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_api::oversight::v1::{self as pb, OversightKind, OversightSubject};
use qinglian_kit::auth::Role;

use super::{Organisation, Session, required, rid};

/// One activity: kind, body overseen, title, meeting, day, laws inspected, and the activity (by index)
/// it was held on.
type Activity = (
    OversightKind,
    OversightSubject,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<usize>,
);

const ACTIVITIES: [Activity; 20] = {
    use OversightKind::{
        AuditReport, BudgetReview, FinalAccountsReview, LawEnforcementInspection, PlanReview,
        SpecialInquiry, SpecialResearch, StateAssetReport, WorkReport,
    };
    use OversightSubject::{
        Government as Gov, Procuratorate, SupervisoryCommission, Unspecified as Topic,
    };
    [
        (
            WorkReport,
            Procuratorate,
            "市人民检察院关于公益诉讼检察工作情况的报告",
            "常委会第九次会议",
            "2023-04-25",
            &[],
            None,
        ),
        (
            SpecialResearch,
            Topic,
            "关于全市农村生活垃圾分类处理工作情况的专题调研",
            "",
            "2023-05-16",
            &[],
            None,
        ),
        (
            LawEnforcementInspection,
            Topic,
            "《中华人民共和国义务教育法》《中华人民共和国未成年人保护法》实施情况执法检查",
            "",
            "2023-05-23",
            &[
                "《中华人民共和国义务教育法》",
                "《中华人民共和国未成年人保护法》",
            ],
            None,
        ),
        (
            WorkReport,
            Gov,
            "市政府关于交通强市三年行动推进情况的报告",
            "常委会第十次会议",
            "2023-06-27",
            &[],
            None,
        ),
        (
            FinalAccountsReview,
            Gov,
            "市政府关于2022年市级决算的报告",
            "常委会第十次会议",
            "2023-06-27",
            &[],
            None,
        ),
        (
            AuditReport,
            Gov,
            "市政府关于2022年度市级预算执行和其他财政收支的审计工作报告",
            "常委会第十次会议",
            "2023-06-27",
            &[],
            None,
        ),
        (
            LawEnforcementInspection,
            Topic,
            "《市农村生活垃圾分类处理若干规定》实施情况执法检查",
            "",
            "2023-07-18",
            &["《市农村生活垃圾分类处理若干规定》"],
            None,
        ),
        (
            PlanReview,
            Gov,
            "市政府关于市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要实施情况中期评估的报告",
            "常委会第十一次会议",
            "2023-08-29",
            &[],
            None,
        ),
        (
            PlanReview,
            Gov,
            "市政府关于2023年上半年国民经济和社会发展计划执行情况的报告",
            "常委会第十一次会议",
            "2023-08-29",
            &[],
            None,
        ),
        (
            BudgetReview,
            Gov,
            "市政府关于2023年上半年预算执行情况的报告",
            "常委会第十一次会议",
            "2023-08-29",
            &[],
            None,
        ),
        (
            SpecialInquiry,
            Gov,
            "2023年政府工作报告重点工作及重大项目进展情况专题询问",
            "常委会第十一次会议",
            "2023-08-29",
            &[],
            Some(8),
        ),
        (
            SpecialResearch,
            Topic,
            "关于优化营商环境工作情况的专题调研",
            "",
            "2023-09-14",
            &[],
            None,
        ),
        (
            LawEnforcementInspection,
            Topic,
            "《省物业管理条例》实施情况执法检查",
            "",
            "2023-09-19",
            &["《省物业管理条例》"],
            None,
        ),
        (
            BudgetReview,
            Gov,
            "市2023年市级预算调整方案",
            "常委会第十二次会议",
            "2023-10-26",
            &[],
            None,
        ),
        (
            StateAssetReport,
            Gov,
            "市政府关于2022年度金融企业国有资产管理情况的专项报告",
            "常委会第十二次会议",
            "2023-10-26",
            &[],
            None,
        ),
        (
            WorkReport,
            Gov,
            "市政府关于2023年市级预算绩效管理情况的报告",
            "常委会第十二次会议",
            "2023-10-26",
            &[],
            None,
        ),
        (
            PlanReview,
            Gov,
            "市政府关于新区发展规划实施情况的报告",
            "常委会第十二次会议",
            "2023-10-26",
            &[],
            None,
        ),
        (
            SpecialInquiry,
            Gov,
            "新区建设情况专题询问",
            "常委会第十二次会议",
            "2023-10-26",
            &[],
            Some(16),
        ),
        (
            LawEnforcementInspection,
            Topic,
            "《中华人民共和国乡村振兴促进法》实施情况执法检查",
            "",
            "2023-11-21",
            &["《中华人民共和国乡村振兴促进法》"],
            None,
        ),
        (
            WorkReport,
            SupervisoryCommission,
            "市监察委员会关于整治群众身边腐败和不正之风工作情况的报告",
            "常委会第十三次会议",
            "2023-12-20",
            &[],
            None,
        ),
    ]
};

/// Records the year's oversight activities, the opinions on two reports, and the filing reviews.
pub async fn load(session: &Session, org: &Organisation) -> anyhow::Result<()> {
    let clerk = session.caller(&org.research_clerk, Role::Clerk, Some(&org.organ))?;
    let mut clerk = OversightServiceClient::with_interceptor(session.oversight(), clerk);
    let mut ids: Vec<String> = Vec::new();
    for (n, (kind, subject, title, meeting, day, laws, related)) in
        ACTIVITIES.into_iter().enumerate()
    {
        session.on(day)?;
        let related_activity_id = match related {
            Some(i) => ids
                .get(i)
                .cloned()
                .context("an activity is held on a later one")?,
            None => String::new(),
        };
        let recorded = clerk
            .record_oversight_activity(pb::RecordOversightActivityRequest {
                activity: Some(pb::OversightActivity {
                    kind: kind as i32,
                    subject: subject as i32,
                    title: title.to_owned(),
                    meeting: meeting.to_owned(),
                    date: day.to_owned(),
                    laws_inspected: laws.iter().map(|law| (*law).to_owned()).collect(),
                    related_activity_id,
                    organisation_unit_id: org.organ.clone(),
                    ..Default::default()
                }),
                request_id: rid(&format!("activity-{n}")),
            })
            .await
            .with_context(|| format!("record {title}"))?;
        ids.push(required(recorded.into_inner().activity, "activity")?.id);
    }
    super::opinions::load(session, org, &mut clerk, [&ids[3], &ids[7]]).await?;
    super::documents::load(session, &org.organ, &mut clerk).await
}
