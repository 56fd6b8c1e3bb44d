//! Figures with their provenance: every number a statistic or report gives comes with the service,
//! statistic, resource and AIP-160 filter that select the records behind it, so a reader can list
//! exactly what was counted.

use chrono::NaiveDate;
use qinglian_api::common::v1::{Figure, Provenance};

/// Where a group of figures comes from.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    /// The package that counts, e.g. qinglian.supervision.v1.
    pub service: &'static str,
    /// The statistic, e.g. talks.by_kind.
    pub statistic: &'static str,
    /// The resource counted, e.g. qinglian.supervision.v1.Talk.
    pub resource: &'static str,
    /// The List method that accepts the filter; empty when the resource has none.
    pub list_method: &'static str,
}

impl Source {
    /// A figure of this source: `value` in `unit_word`, selected by `filter` (and the List method's
    /// `list_parameters`).
    pub fn figure(
        &self,
        key: String,
        value: f64,
        unit_word: &str,
        label: String,
        filter: String,
        list_parameters: &[(&str, &str)],
    ) -> Figure {
        Figure {
            key,
            value,
            unit_word: unit_word.to_owned(),
            label,
            provenance: Some(Provenance {
                service: self.service.to_owned(),
                statistic: self.statistic.to_owned(),
                resource: self.resource.to_owned(),
                filter,
                list_method: self.list_method.to_owned(),
                list_parameters: list_parameters
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            }),
        }
    }
}

/// The AIP-160 condition for the date `field` within `first..=last`.
pub fn within(field: &str, first: NaiveDate, last: NaiveDate) -> String {
    format!(
        "{field} >= \"{}\" AND {field} <= \"{}\"",
        first.format("%Y-%m-%d"),
        last.format("%Y-%m-%d")
    )
}

/// The AIP-160 condition for `field` equal to one of `values` (OR binds tighter than AND, so it can be
/// joined to other conditions with AND as it is).
pub fn any_of(field: &str, values: &[String]) -> String {
    values
        .iter()
        .map(|value| format!("{field} = \"{value}\""))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The first and last day of `year`, or None when it is out of range.
pub fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// A count as a figure value.
pub fn count(n: i64) -> f64 {
    n as f64
}

/// `part` of `whole` as a percentage with one decimal, or None when `whole` is zero.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_as_aip_160() {
        let (first, last) = year_bounds(2023).expect("year");
        assert_eq!(
            within("date", first, last),
            "date >= \"2023-01-01\" AND date <= \"2023-12-31\""
        );
        assert_eq!(
            any_of("unit_id", &["a".into(), "b".into()]),
            "unit_id = \"a\" OR unit_id = \"b\""
        );
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(1, 0), None);
    }
}
