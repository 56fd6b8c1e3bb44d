//! Lint findings between the engine and the contract: each kind maps to the contract's value of the
//! same name (`missing_number` ↔ `FINDING_KIND_MISSING_NUMBER`), so the two lists cannot drift.

use qinglian_api::oversight::v1 as pb;

use crate::lint::{Finding, FindingKind};

/// The contract's value of `kind`.
pub fn kind_message(kind: FindingKind) -> pb::FindingKind {
    let name = format!("FINDING_KIND_{}", kind.as_str().to_ascii_uppercase());
    pb::FindingKind::from_str_name(&name).unwrap_or(pb::FindingKind::Unspecified)
}

/// The engine's kind of a contract value; None for an unknown or unspecified one.
pub fn kind_of(value: i32) -> Option<FindingKind> {
    let name = pb::FindingKind::try_from(value).ok()?.as_str_name();
    FindingKind::from_name(&name.strip_prefix("FINDING_KIND_")?.to_ascii_lowercase())
}

impl From<&Finding> for pb::LintFinding {
    fn from(f: &Finding) -> Self {
        Self {
            line: i32::try_from(f.line).unwrap_or(i32::MAX),
            column: i32::try_from(f.column).unwrap_or(i32::MAX),
            kind: kind_message(f.kind) as i32,
            text: f.text.clone(),
            suggestion: f.suggestion.clone(),
            recorded_value: f.recorded_value,
        }
    }
}

/// A finding of the service as the engine's, so both print the same way; an unknown kind reads as a
/// placeholder.
pub fn finding_of(f: &pb::LintFinding) -> Finding {
    Finding {
        line: usize::try_from(f.line).unwrap_or_default(),
        column: usize::try_from(f.column).unwrap_or_default(),
        kind: kind_of(f.kind).unwrap_or(FindingKind::Placeholder),
        text: f.text.clone(),
        suggestion: f.suggestion.clone(),
        recorded_value: f.recorded_value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_contract_value() {
        for kind in FindingKind::ALL {
            let value = kind_message(kind);
            assert_ne!(value, pb::FindingKind::Unspecified, "{kind}");
            assert_eq!(kind_of(value as i32), Some(kind));
        }
        assert_eq!(kind_of(0), None);
        assert_eq!(kind_of(999), None);
    }
}
