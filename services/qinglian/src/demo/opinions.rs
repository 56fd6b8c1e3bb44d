//! The committee's deliberation opinions (审议意见) of the year, addressed to the city government: on
//! 交通强市三年行动, drafted, signed, sent (its items enter the rectification ledger), handled and voted
//! on; and on the mid-term evaluation of the 14th five-year plan, sent and handled, its vote falling to
//! next year.

use anyhow::Context;
use qinglian_api::oversight::v1::oversight_service_client::OversightServiceClient;
use qinglian_api::oversight::v1::{self as pb};
use qinglian_kit::auth::Role;

use super::{Authed, Organisation, Session, required, rid};

type Client = OversightServiceClient<Authed>;

/// Records the opinions on the transport report and on the mid-term evaluation (activity ids), drafted
/// and recorded by `clerk` and signed and sent by the deputy director overseeing the research office.
pub async fn load(
    session: &Session,
    org: &Organisation,
    clerk: &mut Client,
    [transport, mid_term]: [&str; 2],
) -> anyhow::Result<()> {
    let leader = session.caller(&org.deputy_research, Role::Leader, None)?;
    let mut leader = OversightServiceClient::with_interceptor(session.oversight(), leader);
    let mut opinions = Opinions {
        session,
        org,
        clerk,
        leader: &mut leader,
    };
    opinions
        .transport(transport)
        .await
        .context("opinion on 交通强市三年行动")?;
    opinions
        .mid_term(mid_term)
        .await
        .context("opinion on the mid-term evaluation")
}

/// Who drafts and records (the research office's clerk) and who signs and sends (the deputy director
/// overseeing it) the committee's opinions.
struct Opinions<'a> {
    session: &'a Session,
    org: &'a Organisation,
    clerk: &'a mut Client,
    leader: &'a mut Client,
}

fn item(problem: &str, recommendation: &str) -> pb::OpinionItem {
    pb::OpinionItem {
        problem: problem.to_owned(),
        recommendation: recommendation.to_owned(),
        ledger_problem_id: String::new(),
    }
}

impl Opinions<'_> {
    /// Drafts, signs and sends an opinion on `activity` on the given days; returns its id.
    async fn send(
        &mut self,
        key: &str,
        activity: &str,
        assessment: &str,
        items: Vec<pb::OpinionItem>,
        days: [&str; 4],
    ) -> anyhow::Result<String> {
        self.session.on(days[0])?;
        let drafted = self
            .clerk
            .draft_opinion(pb::DraftOpinionRequest {
                opinion: Some(pb::DeliberationOpinion {
                    activity_id: activity.to_owned(),
                    addressee_unit_id: self.org.government.clone(),
                    overall_assessment: assessment.to_owned(),
                    items,
                    ..Default::default()
                }),
                request_id: rid(&format!("opinion-{key}")),
            })
            .await?;
        let id = required(drafted.into_inner().opinion, "opinion")?.id;
        self.session.on(days[1])?;
        let sign = pb::SignOpinionRequest {
            id: id.clone(),
            etag: String::new(),
            request_id: rid(&format!("opinion-{key}-sign")),
        };
        self.leader.sign_opinion(sign).await?;
        self.session.on(days[2])?;
        let send = pb::SendOpinionRequest {
            id: id.clone(),
            handling_deadline: days[3].to_owned(),
            etag: String::new(),
            request_id: rid(&format!("opinion-{key}-send")),
        };
        self.leader.send_opinion(send).await?;
        Ok(id)
    }

    /// The city government's handling report on opinion `id`, received on `day`.
    async fn handled(
        &mut self,
        key: &str,
        id: &str,
        report: &str,
        day: &str,
    ) -> anyhow::Result<()> {
        self.session.on(day)?;
        let request = pb::RecordHandlingReportRequest {
            id: id.to_owned(),
            handling_report: report.to_owned(),
            report_date: day.to_owned(),
            request_id: rid(&format!("opinion-{key}-handled")),
        };
        self.clerk.record_handling_report(request).await?;
        Ok(())
    }

    /// 交通强市三年行动: sent in July, handled in October, voted on at the October meeting.
    async fn transport(&mut self, activity: &str) -> anyhow::Result<()> {
        let items = vec![
            item(
                "城乡公交一体化水平不高，农村客运线路覆盖不足",
                "优化农村客运线路布局，推进城乡公交一体化",
            ),
            item(
                "中心城区停车设施供给不足，停车难问题突出",
                "加快停车设施专项规划实施，盘活存量停车资源",
            ),
        ];
        let id = self
            .send(
                "transport",
                activity,
                "市政府推进交通强市三年行动成效明显，综合交通网络不断完善，但仍存在短板弱项",
                items,
                ["2023-07-04", "2023-07-10", "2023-07-12", "2023-10-12"],
            )
            .await?;
        self.handled(
            "transport",
            &id,
            "市政府已新开和优化农村客运线路，停车设施专项规划已报批实施",
            "2023-10-10",
        )
        .await?;
        self.session.on("2023-10-26")?;
        let vote = pb::SatisfactionVote {
            satisfied: 28,
            basically_satisfied: 4,
            unsatisfied: 1,
            vote_date: "2023-10-26".to_owned(),
        };
        let request = pb::RecordSatisfactionVoteRequest {
            id,
            vote: Some(vote),
            request_id: rid("opinion-transport-vote"),
        };
        self.clerk.record_satisfaction_vote(request).await?;
        Ok(())
    }

    /// The mid-term evaluation of the 14th five-year plan: sent in September, handled in December;
    /// the vote falls to next year.
    async fn mid_term(&mut self, activity: &str) -> anyhow::Result<()> {
        let items = vec![
            item(
                "部分约束性指标进度滞后于时序要求",
                "聚焦滞后指标制定攻坚措施，确保规划目标如期实现",
            ),
            item(
                "重大项目谋划储备不足，要素保障压力较大",
                "加强重大项目谋划储备，强化用地、资金等要素保障",
            ),
        ];
        let id = self
            .send(
                "mid-term",
                activity,
                "“十四五”规划纲要实施总体进展良好，主要指标符合预期",
                items,
                ["2023-09-05", "2023-09-08", "2023-09-12", "2023-12-12"],
            )
            .await?;
        self.handled(
            "mid-term",
            &id,
            "市政府已制定滞后指标攻坚方案，建立重大项目储备库并滚动更新",
            "2023-12-08",
        )
        .await
    }
}
