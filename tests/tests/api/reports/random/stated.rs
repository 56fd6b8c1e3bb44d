//! Every number a generated report states is one the lint checks: the untouched report lints clean
//! against its own organisation and year, and each stated number changed in turn is flagged, at its
//! place, naming the recorded value.

use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{self as opb, FindingKind};
use qinglian_test_support::Authed;

/// A number the text states: byte range, line and column (1-based, in characters) and value.
struct Number {
    range: std::ops::Range<usize>,
    line: i32,
    column: i32,
    value: f64,
}

/// The numbers of `text` that state figures: digits, not a year (2023年) and not inside a title.
fn stated_numbers(text: &str) -> Vec<Number> {
    let mut out = Vec::new();
    let (mut line, mut column, mut depth) = (1, 1, 0_i32);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (at, c) = chars[index];
        if c.is_ascii_digit() {
            let run = chars[index..]
                .iter()
                .take_while(|&&(_, c)| c.is_ascii_digit() || c == '.')
                .count();
            let end = chars.get(index + run).map_or(text.len(), |&(e, _)| e);
            let written = &text[at..end];
            let year = text[end..].starts_with('年');
            if !year && depth == 0 {
                out.push(Number {
                    range: at..end,
                    line,
                    column,
                    value: written.parse().expect("a number"),
                });
            }
            column += i32::try_from(run).expect("short");
            index += run;
            continue;
        }
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '《' | '“' => depth += 1,
            '》' | '”' => depth -= 1,
            _ => {}
        }
        column += 1;
        index += 1;
    }
    out
}

async fn lint(
    reports: &mut ReportServiceClient<Authed>,
    text: &str,
    organisation: &str,
    year: i32,
) -> Vec<opb::LintFinding> {
    reports
        .lint_report(opb::LintReportRequest {
            text: text.to_owned(),
            organisation_unit_id: organisation.to_owned(),
            year,
            ..Default::default()
        })
        .await
        .expect("lint")
        .into_inner()
        .findings
}

/// Lints `report` and every one-number change of it.
pub async fn every_stated_number_is_checked(
    reports: &mut ReportServiceClient<Authed>,
    report: &opb::AnnualReport,
    organisation: &str,
    seed: u64,
) {
    let year = report.year;
    let clean = lint(reports, &report.text, organisation, year).await;
    assert!(
        clean.is_empty(),
        "the generated report lints clean (seed {seed}): {clean:#?}\n{}",
        report.text
    );
    let numbers = stated_numbers(&report.text);
    assert!(
        numbers.len() >= 10,
        "the report states its figures: {}",
        report.text
    );
    let mut flagged = 0;
    for number in &numbers {
        let changed = if number.range.len() > 1 && report.text[number.range.clone()].contains('.') {
            format!(
                "{:.1}",
                if number.value > 50.0 {
                    number.value - 3.3
                } else {
                    number.value + 3.3
                }
            )
        } else {
            format!("{}", number.value as i64 + 1)
        };
        let mut text = report.text.clone();
        text.replace_range(number.range.clone(), &changed);
        let findings = lint(reports, &text, organisation, year).await;
        let mismatches: Vec<&opb::LintFinding> = findings
            .iter()
            .filter(|f| f.kind == FindingKind::NumberMismatch as i32)
            .collect();
        let at_number = |f: &&opb::LintFinding| f.line == number.line && f.column == number.column;
        assert!(
            mismatches.len() == 1 && mismatches.iter().all(at_number),
            "changing {} at {}:{} to {changed} is flagged there alone (seed {seed}): {findings:#?}",
            number.value,
            number.line,
            number.column
        );
        let recorded = mismatches[0].recorded_value.expect("the recorded value");
        assert!(
            (recorded - number.value).abs() < 0.05,
            "names the recorded {} (seed {seed}): {recorded}",
            number.value
        );
        let unrelated: Vec<&opb::LintFinding> = findings
            .iter()
            .filter(|f| {
                f.kind != FindingKind::NumberMismatch as i32
                    && f.kind != FindingKind::InconsistentArithmetic as i32
            })
            .collect();
        assert!(
            unrelated.is_empty(),
            "nothing else is flagged (seed {seed}): {unrelated:#?}"
        );
        flagged += 1;
    }
    println!(
        "{flagged} of {} stated numbers changed one at a time were flagged (seed {seed})",
        numbers.len()
    );
}
