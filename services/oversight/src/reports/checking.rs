//! Linting a draft against the records: the kind of body the organisation is comes from the directory,
//! the counts the draft may state from this service's statistics of the year.

use qinglian_api::common::v1::Figure;
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::peers::PeerError;

use super::Reports;
use crate::error::OversightError;
use crate::lint::{self, Finding, LintContext, OrganisationKind, RecordedCount};

/// The counts a report states in the counting sentence, as (figure key, measure word, noun).
const COUNTED: &[(&str, &str, &str)] = &[
    ("activities.reports", "个", "专项工作报告"),
    ("laws.inspected", "部", "法律法规"),
    (
        "activities.OVERSIGHT_KIND_SPECIAL_RESEARCH",
        "次",
        "专题调研",
    ),
    (
        "activities.OVERSIGHT_KIND_SPECIAL_INQUIRY",
        "次",
        "专题询问",
    ),
    ("documents.reviewed", "件", "规范性文件"),
];

/// The recorded counts a draft's numbers are checked against.
pub fn recorded_counts(figures: &[Figure]) -> Vec<RecordedCount> {
    COUNTED
        .iter()
        .map(|(key, measure_word, noun)| {
            let value = figures
                .iter()
                .find(|f| f.key == *key)
                .map_or(0, |f| f.value as i64);
            RecordedCount::new(*measure_word, *noun, value)
        })
        .collect()
}

fn organisation_kind(kind: i32) -> Option<OrganisationKind> {
    match UnitKind::try_from(kind).ok()? {
        UnitKind::Enterprise => Some(OrganisationKind::Company),
        UnitKind::Organ
        | UnitKind::PartyGroup
        | UnitKind::PartyCommittee
        | UnitKind::Department
        | UnitKind::PartyBranch => Some(OrganisationKind::Organ),
        UnitKind::Unspecified => None,
    }
}

impl Reports {
    /// The findings on `text`; with an organisation and a year, also its numbers against the
    /// records of that organisation's committees in that year.
    pub async fn lint(
        &self,
        text: &str,
        organisation_unit_id: &str,
        year: i32,
    ) -> Result<Vec<Finding>, OversightError> {
        let mut context = LintContext {
            year: (year != 0).then_some(year),
            ..LintContext::default()
        };
        if !organisation_unit_id.is_empty() {
            let unit = match self
                .directory
                .units(&[organisation_unit_id.to_owned()])
                .await
            {
                Ok(units) => units.into_iter().next(),
                Err(PeerError::Missing { .. }) => {
                    return Err(OversightError::invalid(
                        "organisation_unit_id",
                        "does not exist",
                    ));
                }
                Err(other) => return Err(other.into()),
            };
            context.organisation_kind = unit.and_then(|unit| organisation_kind(unit.kind));
            if year != 0 {
                let units = self.directory.subtree(organisation_unit_id).await?;
                let (figures, _) = self.statistics.of(year, &units).await?;
                context.records = recorded_counts(&figures);
            }
        }
        Ok(lint::lint(text, &context))
    }
}
