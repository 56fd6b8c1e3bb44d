//! GetDutyCompliance to a validated query.

use chrono::NaiveDate;
use qinglian_api::tasks::v1::{self as pb, get_duty_compliance_request as compliance};
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;

use super::required;
use crate::duties::{ComplianceQuery, ComplianceTarget};

/// Longest compliance span, in days (ten years).
const SPAN_MAX_DAYS: i64 = 3653;

/// Validates a GetDutyCompliance.
pub fn compliance_query(
    request: &pb::GetDutyComplianceRequest,
) -> Result<ComplianceQuery, Vec<FieldViolation>> {
    let mut v = Violations::new();
    let target = match &request.target {
        None => {
            v.add("target", "one of rule_id or unit_id is required");
            None
        }
        Some(compliance::Target::RuleId(id)) => {
            v.id("rule_id", id, true);
            Some(ComplianceTarget::Rule(id.clone()))
        }
        Some(compliance::Target::UnitId(id)) => {
            v.id("unit_id", id, true);
            Some(ComplianceTarget::Unit(id.clone()))
        }
    };
    let span = match &request.span {
        None => {
            v.add("span", "one of year or date_range is required");
            None
        }
        Some(compliance::Span::Year(year)) => {
            let first =
                NaiveDate::from_ymd_opt(*year, 1, 1).filter(|_| (1900..=2200).contains(year));
            let last = NaiveDate::from_ymd_opt(*year, 12, 31);
            if first.is_none() {
                v.add("year", "must be between 1900 and 2200");
            }
            first.zip(last)
        }
        Some(compliance::Span::DateRange(range)) => {
            let from = v.date("date_range.start_date", &range.start_date, true);
            let to = v.date("date_range.end_date", &range.end_date, true);
            match from.zip(to) {
                Some((from, to)) if to < from => {
                    v.add("date_range.end_date", "must not be before start_date");
                    None
                }
                Some((from, to)) if (to - from).num_days() > SPAN_MAX_DAYS => {
                    v.add(
                        "date_range.end_date",
                        "must be at most ten years after start_date",
                    );
                    None
                }
                span => span,
            }
        }
    };
    let as_of = v.date("as_of_date", &request.as_of_date, false);
    v.finish()?;
    match (target, span) {
        (Some(target), Some((from, to))) => Ok(ComplianceQuery {
            target,
            from,
            to,
            as_of,
        }),
        _ => Err(required("span")),
    }
}
