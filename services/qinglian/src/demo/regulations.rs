//! The organ's internal rules: 《机关财务管理办法》 and 《机关公务用车管理办法》, in force since 2021 and
//! revised in 2023 as the lasting mechanism (长效机制) of the measures that answered the inspection
//! teams; and 《机关领导干部挂点联系基层党支部制度》, made in 2023.

use anyhow::Context;
use qinglian_api::supervision::v1::regulation_service_client::RegulationServiceClient;
use qinglian_api::supervision::v1::{self as pb};

use super::ledger::Ledger;
use super::{Authed, Organisation, Session, required, rid};

type Client = RegulationServiceClient<Authed>;

/// A rule's first version: title, what it covers, the day it took effect.
const RULES: [(&str, &str, &str); 3] = [
    (
        "《机关财务管理办法》",
        "规范机关经费预算、支出审批、报销审核和财务监督",
        "2021-03-01",
    ),
    (
        "《机关公务用车管理办法》",
        "规范公务用车配备、使用、登记、维修和处置",
        "2021-06-01",
    ),
    (
        "《机关领导干部挂点联系基层党支部制度》",
        "班子成员挂点联系基层党支部，每年至少一次到挂点党支部宣讲理论、上党课",
        "2023-03-01",
    ),
];

async fn create(
    client: &mut Client,
    org: &Organisation,
    (title, summary, effective): (&str, &str, &str),
    n: usize,
) -> anyhow::Result<pb::Regulation> {
    let created = client
        .create_regulation(pb::CreateRegulationRequest {
            regulation: Some(pb::Regulation {
                title: title.to_owned(),
                issuing_unit_id: org.organ.clone(),
                ..Default::default()
            }),
            change_summary: summary.to_owned(),
            effective_date: effective.to_owned(),
            request_id: rid(&format!("regulation-{n}")),
            rectification_id: String::new(),
        })
        .await
        .with_context(|| format!("create {title}"))?;
    required(created.into_inner().regulation, "regulation")
}

/// Revises `rule` on `day`, answering `measure`.
async fn revise(
    client: &mut Client,
    rule: &pb::Regulation,
    summary: &str,
    day: &str,
    measure: &str,
) -> anyhow::Result<()> {
    client
        .revise_regulation(pb::ReviseRegulationRequest {
            id: rule.id.clone(),
            change_summary: summary.to_owned(),
            effective_date: day.to_owned(),
            etag: String::new(),
            request_id: rid(&format!("regulation-{}-revision", rule.id)),
            rectification_id: measure.to_owned(),
        })
        .await
        .with_context(|| format!("revise {}", rule.title))?;
    Ok(())
}

/// Records the rules in force when the year began, the rule made in it, and the two revisions.
pub async fn load(session: &Session, org: &Organisation, ledger: &Ledger) -> anyhow::Result<()> {
    let admin = session.admin()?;
    let mut client = RegulationServiceClient::with_interceptor(session.supervision(), admin);
    // The office enters the rules in force as the year begins.
    session.on("2023-01-04")?;
    let finance = create(&mut client, org, RULES[0], 0).await?;
    let vehicles = create(&mut client, org, RULES[1], 1).await?;
    session.on(RULES[2].2)?;
    create(&mut client, org, RULES[2], 2).await?;
    session.on("2023-08-10")?;
    revise(
        &mut client,
        &vehicles,
        "实行出车审批、登记和定点停放，按月通报用车情况，落实巡察反馈问题整改",
        "2023-08-10",
        &ledger.vehicles,
    )
    .await?;
    session.on("2023-11-01")?;
    revise(
        &mut client,
        &finance,
        "完善报销审核和附件清单，明确审核责任，落实巡视巡察反馈问题整改",
        "2023-11-01",
        &ledger.finance,
    )
    .await?;
    Ok(())
}
