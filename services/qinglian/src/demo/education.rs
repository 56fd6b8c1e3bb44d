//! How cadres were reminded and taught in the year: talks (integrity talks with the leadership team
//! and key posts, heart-to-heart talks, reminder talks on early signs, criticism and education) and the
//! warning-education and integrity-education activities (case notifications relayed, the warning film
//! 《廉》, the "510" culture campaign, an integrity lecture, a collective political birthday, a visit to
//! an education base), with who took part.

use anyhow::Context;
use qinglian_api::supervision::v1::education_service_client::EducationServiceClient;
use qinglian_api::supervision::v1::talk_service_client::TalkServiceClient;
use qinglian_api::supervision::v1::{self as pb, EducationKind, TalkKind};
use qinglian_kit::auth::Role;

use super::{Organisation, Session, required, rid};

/// The year's activities: kind, title, day, head count (人次), notes. Warning films are titled by the
/// film, as the report quotes them.
const ACTIVITIES: [(EducationKind, &str, &str, i32, &str); 8] = [
    (
        EducationKind::CaseNotification,
        "传达学习中央纪委、省纪委违纪违法典型案例通报",
        "2023-02-23",
        46,
        "党组扩大会议传达学习，对照案例开展“体检”，做到以案为鉴",
    ),
    (
        EducationKind::WarningFilm,
        "《廉》",
        "2023-04-12",
        52,
        "组织全体干部职工收看《廉》系列专题警示教育片，以案为鉴、以案促改",
    ),
    (
        EducationKind::CultureCampaign,
        "“510”廉政文化宣传",
        "2023-05-10",
        58,
        "发挥廉政文化墙和机关文化长廊教育、宣传、引导作用",
    ),
    (
        EducationKind::IntegrityLecture,
        "党组书记讲廉政党课",
        "2023-06-28",
        50,
        "围绕严守纪律规矩、永葆清廉本色讲授廉政党课",
    ),
    (
        EducationKind::PoliticalBirthday,
        "庆祝建党102周年集体过政治生日",
        "2023-06-30",
        48,
        "重温入党誓词，赠送政治生日贺卡",
    ),
    (
        EducationKind::BaseVisit,
        "参观党性教育基地",
        "2023-07-13",
        35,
        "参观革命历史纪念馆，接受党性教育",
    ),
    (
        EducationKind::CultureCampaign,
        "“沐家风·砺清廉政风”廉政教育",
        "2023-08-24",
        45,
        "开展家风家教主题分享，签订家庭助廉承诺书",
    ),
    (
        EducationKind::CaseNotification,
        "节前传达学习违反中央八项规定精神典型问题通报",
        "2023-09-26",
        47,
        "逢节必讲、遇案必讲，提醒节日期间严守纪律",
    ),
];

/// Records the year's education activities, the leadership team named among those who took part.
pub async fn education(session: &Session, org: &Organisation) -> anyhow::Result<()> {
    let leaders = [
        &org.secretary,
        &org.deputy_office,
        &org.deputy_research,
        &org.secretary_general,
        &org.discipline,
    ];
    let recorder = session.caller(&org.discipline, Role::Discipline, None)?;
    let mut client = EducationServiceClient::with_interceptor(session.supervision(), recorder);
    for (n, (kind, title, day, head_count, description)) in ACTIVITIES.into_iter().enumerate() {
        session.on(day)?;
        client
            .record_education_activity(pb::RecordEducationActivityRequest {
                education_activity: Some(pb::EducationActivity {
                    kind: kind as i32,
                    title: title.to_owned(),
                    date: day.to_owned(),
                    organising_unit_id: org.organ.clone(),
                    participant_ids: leaders.iter().map(|p| (*p).clone()).collect(),
                    head_count,
                    description: description.to_owned(),
                    ..Default::default()
                }),
                request_id: rid(&format!("education-{n}")),
            })
            .await
            .with_context(|| format!("record the activity {title}"))?;
    }
    Ok(())
}

/// One talk: kind, who was talked to, who held it, the day, why, and what was said.
type Talk<'a> = (
    TalkKind,
    &'a String,
    &'a [&'a String],
    &'a str,
    &'a str,
    &'a str,
);

/// Records the year's talks: kind, who was talked to, who held it, the day, why, and what was said.
/// The discipline officer keeps the records; their reason and content stay confidential.
pub async fn talks(session: &Session, org: &Organisation) -> anyhow::Result<()> {
    use TalkKind::{CriticismEducation, HeartToHeart, Integrity, Reminder};
    let o = org;
    let integrity = "落实党风廉政建设责任制，年初廉政谈话";
    let duty = "传达市纪委全会精神，要求履行“一岗双责”，管好分管部门党风廉政建设";
    let talks: [Talk; 10] = [
        (
            Reminder,
            &o.driver,
            &[&o.secretary_general, &o.discipline],
            "2023-02-03",
            "春节期间出车登记不全（苗头性问题）",
            "要求严格执行出车登记制度，做到一车一登记",
        ),
        (
            Integrity,
            &o.deputy_office,
            &[&o.secretary],
            "2023-03-06",
            integrity,
            duty,
        ),
        (
            Integrity,
            &o.deputy_research,
            &[&o.secretary],
            "2023-03-06",
            integrity,
            duty,
        ),
        (
            Integrity,
            &o.secretary_general,
            &[&o.secretary],
            "2023-03-07",
            integrity,
            duty,
        ),
        (
            Integrity,
            &o.logistics_head,
            &[&o.discipline],
            "2023-03-09",
            "行政后勤重点岗位廉政谈话",
            "要求严守采购、用车、财务等环节廉洁纪律",
        ),
        (
            CriticismEducation,
            &o.purchaser,
            &[&o.secretary_general],
            "2023-04-25",
            "办公用品采购未执行询价比价程序",
            "指出问题，责令按规定重新履行采购程序",
        ),
        (
            Reminder,
            &o.research_clerk,
            &[&o.deputy_research],
            "2023-06-14",
            "工作纪律松弛、多次迟到（苗头性问题）",
            "提醒严守工作纪律，及时纠正",
        ),
        (
            HeartToHeart,
            &o.office_head,
            &[&o.deputy_office],
            "2023-07-11",
            "常态化廉政谈心谈话",
            "交流思想和工作情况，提醒守住廉洁底线",
        ),
        (
            HeartToHeart,
            &o.research_head,
            &[&o.deputy_research],
            "2023-07-12",
            "常态化廉政谈心谈话",
            "交流思想和工作情况，提醒守住廉洁底线",
        ),
        (
            HeartToHeart,
            &o.office_clerk,
            &[&o.office_head],
            "2023-07-14",
            "常态化廉政谈心谈话",
            "了解思想动态，鼓励担当作为",
        ),
    ];
    let discipline = session.caller(&org.discipline, Role::Discipline, None)?;
    let mut client = TalkServiceClient::with_interceptor(session.supervision(), discipline);
    let mut recorded = Vec::new();
    for (n, (kind, subject, by, day, reason, content)) in talks.into_iter().enumerate() {
        session.on(day)?;
        let talk = client
            .record_talk(pb::RecordTalkRequest {
                talk: Some(pb::Talk {
                    kind: kind as i32,
                    subject_person_id: subject.clone(),
                    conducted_by_ids: by.iter().map(|p| (*p).clone()).collect(),
                    date: day.to_owned(),
                    reason: reason.to_owned(),
                    content: content.to_owned(),
                    ..Default::default()
                }),
                request_id: rid(&format!("talk-{n}")),
            })
            .await
            .with_context(|| format!("record the talk of {day}"))?;
        recorded.push(required(talk.into_inner().talk, "talk")?.id);
    }
    // The reminder on the driver's trip log is followed up once the log was checked again.
    session.on("2023-03-15")?;
    client
        .add_talk_follow_up(pb::AddTalkFollowUpRequest {
            id: recorded.first().cloned().context("no talk recorded")?,
            follow_up: "复查出车登记，事由、里程填写完整，未再发现类似问题".to_owned(),
            etag: String::new(),
            request_id: rid("talk-0-follow-up"),
        })
        .await
        .context("follow up the reminder talk")?;
    Ok(())
}
