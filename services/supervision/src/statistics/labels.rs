//! What the report calls each kind, in the register of the reference report.

use qinglian_api::supervision::v1::{CheckKind, EducationKind, ProblemSource, TalkKind};

/// The name of a kind of talk.
pub(crate) fn talk(kind: TalkKind) -> &'static str {
    match kind {
        TalkKind::Unspecified => "谈话",
        TalkKind::Integrity => "廉政谈话",
        TalkKind::HeartToHeart => "谈心谈话",
        TalkKind::Reminder => "提醒谈话",
        TalkKind::Admonition => "诫勉谈话",
        TalkKind::CriticismEducation => "批评教育",
        TalkKind::WrittenInquiry => "函询",
    }
}

/// The name of a kind of check.
pub(crate) fn check(kind: CheckKind) -> &'static str {
    match kind {
        CheckKind::Unspecified => "监督检查",
        CheckKind::RoutineSpotCheck => "日常抽查",
        CheckKind::SpecialCheck => "专项检查",
        CheckKind::HolidayCheck => "节假日检查",
        CheckKind::EightPointSelfInspection => "八项规定精神自查",
        CheckKind::CrossCheck => "交叉检查",
    }
}

/// The name of a kind of education activity.
pub(crate) fn education(kind: EducationKind) -> &'static str {
    match kind {
        EducationKind::Unspecified => "警示教育",
        EducationKind::CaseNotification => "典型案例通报",
        EducationKind::WarningFilm => "警示教育片",
        EducationKind::IntegrityLecture => "廉政党课",
        EducationKind::BaseVisit => "参观教育基地",
        EducationKind::CultureCampaign => "廉政文化宣传",
        EducationKind::PoliticalBirthday => "政治生日",
    }
}

/// The name of a source of problems.
pub(crate) fn source(source: ProblemSource) -> &'static str {
    match source {
        ProblemSource::Unspecified => "问题",
        ProblemSource::Tour => "巡视巡察反馈问题",
        ProblemSource::Check => "监督检查发现问题",
        ProblemSource::Audit => "审计发现问题",
        ProblemSource::PeoplesCongress => "人大审议意见问题",
        ProblemSource::SelfExamination => "自查发现问题",
    }
}
