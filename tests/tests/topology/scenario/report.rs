//! The annual reports generated at the end: the organisation's, written from all three services'
//! records, and the government's, which counts the opinion's items filed in the ledger; every figure
//! the test kept a count of must agree with it.

use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{self as opb, ReportFormat};
use qinglian_kit::auth::Role;

use super::Day;
use super::tally::Tally;
use qinglian_test_support::{Member, Processes};

/// Generates the report of `organisation` for the year and compares its figures with `tally`;
/// returns the report.
pub async fn assert_figures(
    cluster: &Processes,
    organisation: &str,
    day: &Day,
    tally: &Tally,
    name: &str,
) -> opb::AnnualReport {
    let viewer = cluster.token("topology-viewer", Role::Viewer, None);
    let mut reports = ReportServiceClient::new(cluster.authed(Member::Oversight, &viewer).await);
    let report = reports
        .generate_annual_report(opb::GenerateAnnualReportRequest {
            organisation_unit_id: organisation.to_owned(),
            year: day.year,
            format: ReportFormat::PlainText as i32,
            ..Default::default()
        })
        .await
        .unwrap_or_else(|e| panic!("generate the report of {name}: {e:?}"))
        .into_inner()
        .report
        .expect("report");
    assert!(report.missing_sections.is_empty(), "{report:?}");
    assert_eq!(report.organisation_name, name);
    assert!(report.text.contains(name), "{}", report.text);
    tally.assert_matches(&report.figures, name);
    report
}
