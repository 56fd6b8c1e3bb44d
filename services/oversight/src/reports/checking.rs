//! Linting a draft against the records: the kind of body the organisation is comes from the directory,
//! the counts the draft may state from this service's statistics of the year.

use qinglian_api::common::v1::Figure;
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::peers::PeerError;

use super::{Reports, render};
use crate::catalogue;
use crate::error::OversightError;
use crate::lint::{self, Finding, LintContext, OrganisationKind, RecordedFigure};

/// The figures a draft's numbers are checked against: every recorded figure the catalogue has a
/// phrase for.
pub fn recorded_figures(figures: &[Figure]) -> Vec<RecordedFigure> {
    figures
        .iter()
        .filter_map(|figure| {
            Some(RecordedFigure {
                phrase: catalogue::phrase(figure)?,
                value: figure.value,
            })
        })
        .collect()
}

/// The kind of body a directory unit is, where its kind says; a Party committee or branch may be a
/// township's, a county's or an enterprise's, so the text decides for those.
fn organisation_kind(kind: i32) -> Option<OrganisationKind> {
    match UnitKind::try_from(kind).ok()? {
        UnitKind::Enterprise => Some(OrganisationKind::Enterprise),
        UnitKind::Organ | UnitKind::PartyGroup | UnitKind::Department => {
            Some(OrganisationKind::Organ)
        }
        UnitKind::PartyCommittee | UnitKind::PartyBranch | UnitKind::Unspecified => None,
    }
}

impl Reports {
    /// The findings on `text` (Markdown on purpose when `markdown`); with an organisation and a year, also its numbers against every
    /// figure the report of that organisation and year is written from.
    pub async fn lint(
        &self,
        text: &str,
        organisation_unit_id: &str,
        year: i32,
        markdown: bool,
    ) -> Result<Vec<Finding>, OversightError> {
        let mut context = LintContext {
            year: (year != 0).then_some(year),
            markdown,
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
                // The same figures the report of that organisation and year is written from.
                let gathered = self.gather(organisation_unit_id, year, false).await?;
                context.records = recorded_figures(&render::all_figures(&gathered));
            }
        }
        // The lint is CPU work over up to 200,000 characters: off the async threads.
        let text = text.to_owned();
        tokio::task::spawn_blocking(move || lint::lint(&text, &context))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "the lint stopped");
                OversightError::from(tonic::Status::internal("the lint stopped"))
            })
    }
}
