//! The counts the test keeps itself while it records, keyed as the report's figures are, to be
//! compared with the figures the services compute.

use std::collections::BTreeMap;

use qinglian_api::common::v1::Figure;

/// Expected figure values by key.
#[derive(Debug, Default)]
pub struct Tally(BTreeMap<String, f64>);

impl Tally {
    /// Adds `by` to `key`.
    pub fn add(&mut self, key: impl Into<String>, by: f64) {
        *self.0.entry(key.into()).or_default() += by;
    }

    /// Counts one more under `key`.
    pub fn one(&mut self, key: impl Into<String>) {
        self.add(key, 1.0);
    }

    /// Sets `key` to `value`.
    pub fn set(&mut self, key: impl Into<String>, value: f64) {
        self.0.insert(key.into(), value);
    }

    /// Asserts that every kept count is among `figures` with the same value, naming the report.
    pub fn assert_matches(&self, figures: &[Figure], report: &str) {
        let mut wrong = Vec::new();
        for (key, expected) in &self.0 {
            let actual = figures.iter().find(|f| &f.key == key).map(|f| f.value);
            if actual != Some(*expected) {
                wrong.push(format!("{key}: expected {expected}, got {actual:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "figures of {report} disagree with the records:\n{}\nall figures: {:#?}",
            wrong.join("\n"),
            figures
                .iter()
                .map(|f| (f.key.as_str(), f.value))
                .collect::<Vec<_>>()
        );
    }

    /// How many counts are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}
