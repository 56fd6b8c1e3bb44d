//! The organisation of the sample year: the standing committee's organ under its Party group, its
//! departments and Party branches, the leadership team with their portfolios (分管) and liaison links
//! (挂点联系), the discipline officer and the clerks; and the city government, which the committee's
//! deliberation opinions are addressed to.

use anyhow::Context;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{self as pb, UnitKind};

use super::{Authed, Session, required, rid};

type Directory = DirectoryServiceClient<Authed>;

/// The units and people every other record of the sample year refers to, by id.
#[derive(Clone, Debug)]
pub struct Organisation {
    /// 市人大常委会机关党组.
    pub party_group: String,
    /// 市人大常委会机关: the organisation the report is written for.
    pub organ: String,
    /// 办公室.
    pub office: String,
    /// 研究室.
    pub research: String,
    /// 机关事务科 (行政后勤).
    pub logistics: String,
    /// 机关第一、第二、第三党支部.
    pub branches: [String; 3],
    /// 市人民政府, outside the organ.
    pub government: String,
    /// 党组书记、常务副主任.
    pub secretary: String,
    /// 副主任 overseeing the office.
    pub deputy_office: String,
    /// 副主任 overseeing the research office.
    pub deputy_research: String,
    /// 秘书长 overseeing administrative logistics.
    pub secretary_general: String,
    /// 纪检组长: signs off rectifications.
    pub discipline: String,
    /// 纪检干事.
    pub discipline_clerk: String,
    /// 办公室主任.
    pub office_head: String,
    /// 研究室主任, also secretary of the third branch.
    pub research_head: String,
    /// 机关事务科科长.
    pub logistics_head: String,
    /// 办公室党务干事.
    pub office_clerk: String,
    /// 研究室干部, who records the committee's oversight work.
    pub research_clerk: String,
    /// 机关事务科驾驶员.
    pub driver: String,
    /// 机关事务科采购员.
    pub purchaser: String,
}

/// How a person stands in the organ.
#[derive(Clone, Copy)]
enum Standing {
    /// 班子成员: a leadership-team member, and so a leading cadre.
    Leader,
    /// 领导干部 who is not on the leadership team (department heads).
    Cadre,
    /// 一般干部.
    Staff,
}

async fn unit(
    d: &mut Directory,
    kind: UnitKind,
    name: &str,
    short_name: &str,
    parent: &str,
) -> anyhow::Result<pb::Unit> {
    let created = d
        .create_unit(pb::CreateUnitRequest {
            unit: Some(pb::Unit {
                kind: kind as i32,
                name: name.to_owned(),
                short_name: short_name.to_owned(),
                parent_id: parent.to_owned(),
                ..Default::default()
            }),
            request_id: rid(&format!("unit-{name}")),
        })
        .await
        .with_context(|| format!("create unit {name}"))?;
    required(created.into_inner().unit, "unit")
}

async fn person(
    d: &mut Directory,
    name: &str,
    unit_id: &str,
    position: &str,
    standing: Standing,
) -> anyhow::Result<String> {
    let created = d
        .create_person(pb::CreatePersonRequest {
            person: Some(pb::Person {
                name: name.to_owned(),
                unit_id: unit_id.to_owned(),
                position: position.to_owned(),
                party_member: true,
                leading_cadre: !matches!(standing, Standing::Staff),
                leadership_team_member: matches!(standing, Standing::Leader),
                ..Default::default()
            }),
            request_id: rid(&format!("person-{name}")),
        })
        .await
        .with_context(|| format!("create person {name}"))?;
    Ok(required(created.into_inner().person, "person")?.id)
}

/// Makes `head` the head (or Party secretary) of `unit`.
async fn head(d: &mut Directory, mut unit: pb::Unit, head: &str) -> anyhow::Result<()> {
    unit.head_id = head.to_owned();
    let key = rid(&format!("head-{}", unit.name));
    let name = unit.name.clone();
    d.update_unit(pb::UpdateUnitRequest {
        unit: Some(unit),
        update_mask: None,
        request_id: key,
    })
    .await
    .with_context(|| format!("set the head of {name}"))?;
    Ok(())
}

/// Records the organisation at the start of the year.
pub async fn load(session: &Session) -> anyhow::Result<Organisation> {
    session.on("2023-01-03")?;
    let mut d = DirectoryServiceClient::with_interceptor(session.tasks(), session.admin()?);
    let group = unit(
        &mut d,
        UnitKind::PartyGroup,
        "市人大常委会机关党组",
        "机关党组",
        "",
    )
    .await?;
    let organ = unit(
        &mut d,
        UnitKind::Organ,
        "市人大常委会机关",
        "人大机关",
        &group.id,
    )
    .await?;
    let office = unit(&mut d, UnitKind::Department, "办公室", "", &organ.id).await?;
    let research = unit(&mut d, UnitKind::Department, "研究室", "", &organ.id).await?;
    let logistics = unit(&mut d, UnitKind::Department, "机关事务科", "", &organ.id).await?;
    let mut branches = Vec::new();
    for name in ["机关第一党支部", "机关第二党支部", "机关第三党支部"] {
        branches.push(
            unit(&mut d, UnitKind::PartyBranch, name, "", &organ.id)
                .await?
                .id,
        );
    }
    let government = unit(&mut d, UnitKind::Organ, "市人民政府", "市政府", "").await?;

    use Standing::{Cadre, Leader, Staff};
    let o = &organ.id;
    let org = Organisation {
        secretary: person(&mut d, "陈志刚", o, "党组书记、常务副主任", Leader).await?,
        deputy_office: person(&mut d, "刘建平", o, "党组成员、副主任", Leader).await?,
        deputy_research: person(&mut d, "王秀英", o, "党组成员、副主任", Leader).await?,
        secretary_general: person(&mut d, "张明", o, "党组成员、秘书长", Leader).await?,
        discipline: person(&mut d, "李红", o, "党组成员、派驻纪检组组长", Leader).await?,
        discipline_clerk: person(&mut d, "郑洁", o, "纪检干事", Staff).await?,
        office_head: person(&mut d, "赵磊", &office.id, "办公室主任", Cadre).await?,
        research_head: person(&mut d, "孙丽", &research.id, "研究室主任", Cadre).await?,
        logistics_head: person(&mut d, "周强", &logistics.id, "机关事务科科长", Cadre).await?,
        office_clerk: person(&mut d, "吴婷", &office.id, "党务干事", Staff).await?,
        research_clerk: person(&mut d, "何静", &research.id, "四级主任科员", Staff).await?,
        driver: person(&mut d, "马骏", &logistics.id, "驾驶员", Staff).await?,
        purchaser: person(&mut d, "钱伟", &logistics.id, "采购员", Staff).await?,
        party_group: group.id.clone(),
        organ: organ.id.clone(),
        office: office.id.clone(),
        research: research.id.clone(),
        logistics: logistics.id.clone(),
        branches: branches
            .try_into()
            .map_err(|_| anyhow::anyhow!("three branches expected"))?,
        government: government.id,
    };
    head(&mut d, group, &org.secretary).await?;
    head(&mut d, organ, &org.secretary).await?;
    head(&mut d, office, &org.office_head).await?;
    head(&mut d, research, &org.research_head).await?;
    head(&mut d, logistics, &org.logistics_head).await?;

    // 一岗双责: each deputy answers for the departments they oversee.
    for (leader, units) in [
        (&org.deputy_office, vec![org.office.clone()]),
        (&org.deputy_research, vec![org.research.clone()]),
        (&org.secretary_general, vec![org.logistics.clone()]),
    ] {
        d.set_portfolio(pb::SetPortfolioRequest {
            person_id: leader.clone(),
            unit_ids: units,
            etag: String::new(),
            request_id: rid(&format!("portfolio-{leader}")),
        })
        .await
        .context("set a portfolio")?;
    }

    // 挂点联系: every leader is linked to a branch, where they owe a lecture a year.
    session.on("2023-02-27")?;
    for (leader, branch) in liaison_links(&org) {
        d.create_liaison_link(pb::CreateLiaisonLinkRequest {
            liaison_link: Some(pb::LiaisonLink {
                leader_id: leader.clone(),
                branch_id: branch.clone(),
                ..Default::default()
            }),
            request_id: rid(&format!("link-{leader}-{branch}")),
        })
        .await
        .context("create a liaison link")?;
    }
    Ok(org)
}

/// The leaders' liaison links (leader, branch).
pub fn liaison_links(org: &Organisation) -> [(&String, &String); 4] {
    [
        (&org.secretary, &org.branches[0]),
        (&org.deputy_office, &org.branches[1]),
        (&org.deputy_research, &org.branches[2]),
        (&org.secretary_general, &org.branches[1]),
    ]
}
