//! Stored annual reports to messages.

use qinglian_api::oversight::v1 as pb;
use qinglian_store::time;

use crate::entities::annual_report;
use crate::reports::archive::figures_from_json;

/// A stored report as returned; `whole` includes text and figures.
pub fn report_message(row: &annual_report::Model, whole: bool) -> pb::AnnualReport {
    pb::AnnualReport {
        id: row.id.clone(),
        organisation_unit_id: row.organisation_unit_id.clone(),
        organisation_name: row.organisation_name.clone(),
        year: row.year,
        version: row.version,
        format: row.format,
        template_name: row.template_name.clone(),
        text: if whole {
            row.text.clone()
        } else {
            String::new()
        },
        figures: if whole {
            figures_from_json(&row.figures)
        } else {
            Vec::new()
        },
        missing_sections: serde_json::from_str(&row.missing_sections).unwrap_or_default(),
        create_time: Some(time::to_proto(row.create_time)),
    }
}
