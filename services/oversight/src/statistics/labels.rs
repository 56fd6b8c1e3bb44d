//! What the report calls each kind of oversight and each body overseen.

use qinglian_api::oversight::v1::{OversightKind, OversightSubject};

/// The name of a kind of oversight.
pub(crate) fn kind(kind: OversightKind) -> &'static str {
    match kind {
        OversightKind::Unspecified => "人大监督",
        OversightKind::WorkReport => "专项工作报告",
        OversightKind::BudgetReview => "预算审查",
        OversightKind::FinalAccountsReview => "决算审查",
        OversightKind::AuditReport => "审计工作报告",
        OversightKind::StateAssetReport => "国有资产管理情况报告",
        OversightKind::PlanReview => "规划计划实施情况监督",
        OversightKind::LawEnforcementInspection => "执法检查",
        OversightKind::SpecialResearch => "专题调研",
        OversightKind::SpecialInquiry => "专题询问",
    }
}

/// The measure word a kind is counted with: reports by 个, everything else by 次.
pub(crate) fn kind_unit_word(kind: OversightKind) -> &'static str {
    match kind {
        OversightKind::LawEnforcementInspection
        | OversightKind::SpecialResearch
        | OversightKind::SpecialInquiry
        | OversightKind::Unspecified => "次",
        OversightKind::WorkReport
        | OversightKind::BudgetReview
        | OversightKind::FinalAccountsReview
        | OversightKind::AuditReport
        | OversightKind::StateAssetReport
        | OversightKind::PlanReview => "个",
    }
}

/// The name of a body overseen (一府一委两院).
pub(crate) fn subject(subject: OversightSubject) -> &'static str {
    match subject {
        OversightSubject::Unspecified => "",
        OversightSubject::Government => "政府",
        OversightSubject::SupervisoryCommission => "监察委员会",
        OversightSubject::Court => "法院",
        OversightSubject::Procuratorate => "检察院",
    }
}
