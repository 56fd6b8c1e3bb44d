//! The edge between protobuf and the domain for supervision checks (监督检查).

use crate::checks::{CheckFields, CheckRecord, CheckResultFields, FindingFields};

use qinglian_api::supervision::v1 as pb;
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;
use qinglian_store::{etag, time};

use crate::entities::split_ids;
use crate::entities::{check, check_finding};

/// Most target units or findings one check may have.
const MAX_ENTRIES: usize = 500;
/// Most inspectors one check may have.
const MAX_INSPECTORS: usize = 100;

impl From<&CheckRecord> for pb::Check {
    fn from(record: &CheckRecord) -> Self {
        check(&record.check, &record.findings)
    }
}

/// A check as returned, with its findings in recorded order.
pub fn check(row: &check::Model, findings: &[check_finding::Model]) -> pb::Check {
    pb::Check {
        id: row.id.clone(),
        kind: row.kind,
        title: row.title.clone(),
        focuses: split_ids(&row.focuses)
            .iter()
            .filter_map(|focus| focus.parse().ok())
            .collect(),
        focus_note: row.focus_note.clone(),
        organising_unit_id: row.organising_unit_id.clone(),
        target_unit_ids: split_ids(&row.target_unit_ids),
        start_date: row.start_date.format("%Y-%m-%d").to_string(),
        end_date: row.end_date.format("%Y-%m-%d").to_string(),
        inspector_ids: split_ids(&row.inspector_ids),
        state: row.state,
        conclusion: row.conclusion.clone(),
        findings: findings
            .iter()
            .map(|f| pb::CheckFinding {
                description: f.description.clone(),
                unit_id: f.unit_id.clone(),
                open_problem: f.open_problem,
                category: f.category.clone(),
                severity: f.severity,
                problem_id: f.problem_id.clone(),
            })
            .collect(),
        create_time: Some(time::to_proto(row.create_time)),
        update_time: Some(time::to_proto(row.update_time)),
        etag: etag::etag(row.version),
    }
}

/// Checks a list of ids named `field`: at least one, at most `max`, each a valid id named once.
fn id_list(v: &mut Violations, field: &str, ids: &[String], max: usize) {
    if ids.is_empty() {
        v.add(field, "at least one is required");
    }
    if ids.len() > max {
        v.add(field, format!("at most {max} are allowed"));
    }
    for (i, id) in ids.iter().enumerate() {
        v.id(&format!("{field}[{i}]"), id, true);
        if ids[..i].contains(id) {
            v.add(format!("{field}[{i}]"), "is named twice");
        }
    }
}

impl CheckFields {
    /// Validates `check`, naming every violation.
    pub fn parse(check: &pb::Check) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        v.enumeration(
            "check.kind",
            check.kind,
            pb::CheckKind::try_from(check.kind).is_ok(),
        );
        v.text("check.title", &check.title, true, 200);
        for (i, &focus) in check.focuses.iter().enumerate() {
            let field = format!("check.focuses[{i}]");
            v.enumeration(&field, focus, pb::CheckFocus::try_from(focus).is_ok());
            if check.focuses[..i].contains(&focus) {
                v.add(field, "is named twice");
            }
        }
        v.text("check.focus_note", &check.focus_note, false, 200);
        v.id("check.organising_unit_id", &check.organising_unit_id, true);
        id_list(
            &mut v,
            "check.target_unit_ids",
            &check.target_unit_ids,
            MAX_ENTRIES,
        );
        let start = v.date("check.start_date", &check.start_date, true);
        let end = v.date("check.end_date", &check.end_date, true);
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            v.add("check.end_date", "must not be before start_date");
        }
        id_list(
            &mut v,
            "check.inspector_ids",
            &check.inspector_ids,
            MAX_INSPECTORS,
        );
        v.finish()?;
        let (Some(start_date), Some(end_date)) = (start, end) else {
            return Err(vec![FieldViolation::new("check.start_date", "is required")]);
        };
        Ok(Self {
            kind: check.kind,
            title: check.title.trim().to_owned(),
            focuses: check.focuses.clone(),
            focus_note: check.focus_note.trim().to_owned(),
            organising_unit_id: check.organising_unit_id.clone(),
            target_unit_ids: check.target_unit_ids.clone(),
            start_date,
            end_date,
            inspector_ids: check.inspector_ids.clone(),
        })
    }
}

impl CheckResultFields {
    /// Validates `request`, naming every violation.
    pub fn parse(request: &pb::RecordCheckResultRequest) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        v.id("id", &request.id, true);
        v.prose("conclusion", &request.conclusion, true, 5000);
        if request.findings.len() > MAX_ENTRIES {
            v.add("findings", format!("at most {MAX_ENTRIES} are allowed"));
        }
        for (i, finding) in request.findings.iter().enumerate() {
            let field = |name: &str| format!("findings[{i}].{name}");
            v.prose(&field("description"), &finding.description, true, 5000);
            v.id(&field("unit_id"), &finding.unit_id, true);
            v.text(&field("category"), &finding.category, false, 100);
            let known = pb::ProblemSeverity::try_from(finding.severity).is_ok();
            if finding.open_problem || finding.severity != 0 {
                v.enumeration(&field("severity"), finding.severity, known);
            }
        }
        v.finish()?;
        Ok(Self {
            id: request.id.clone(),
            conclusion: request.conclusion.trim().to_owned(),
            findings: request
                .findings
                .iter()
                .map(|f| FindingFields {
                    description: f.description.trim().to_owned(),
                    unit_id: f.unit_id.clone(),
                    open_problem: f.open_problem,
                    category: f.category.trim().to_owned(),
                    severity: f.severity,
                })
                .collect(),
            etag: request.etag.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(findings: Vec<pb::CheckFinding>) -> Vec<String> {
        let request = pb::RecordCheckResultRequest {
            id: uuid::Uuid::now_v7().to_string(),
            conclusion: "未发现问题".into(),
            findings,
            ..Default::default()
        };
        match CheckResultFields::parse(&request) {
            Ok(_) => Vec::new(),
            Err(violations) => violations.into_iter().map(|v| v.field).collect(),
        }
    }

    #[test]
    fn severity_is_required_only_to_open_a_problem() {
        let unit_id = uuid::Uuid::now_v7().to_string();
        let finding = |open_problem, severity| pb::CheckFinding {
            description: "学习笔记记录不全".into(),
            unit_id: unit_id.clone(),
            open_problem,
            severity,
            ..Default::default()
        };
        assert!(fields(vec![finding(false, 0), finding(true, 2)]).is_empty());
        assert_eq!(
            fields(vec![finding(true, 0), finding(false, 9)]),
            ["findings[0].severity", "findings[1].severity"]
        );
    }
}
