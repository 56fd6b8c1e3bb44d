//! Stored reports: each generation kept as the next version with its figures, listed without their
//! text, and compared figure by figure.

use std::collections::BTreeMap;

use qinglian_api::common::v1::{Figure, Provenance};
use qinglian_api::oversight::v1 as pb;
use serde::{Deserialize, Serialize};

/// A figure as stored with its report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct StoredFigure {
    key: String,
    value: f64,
    unit_word: String,
    label: String,
    service: String,
    statistic: String,
    resource: String,
    filter: String,
    list_method: String,
    list_parameters: BTreeMap<String, String>,
}

impl From<&Figure> for StoredFigure {
    fn from(f: &Figure) -> Self {
        let p = f.provenance.clone().unwrap_or_default();
        Self {
            key: f.key.clone(),
            value: f.value,
            unit_word: f.unit_word.clone(),
            label: f.label.clone(),
            service: p.service,
            statistic: p.statistic,
            resource: p.resource,
            filter: p.filter,
            list_method: p.list_method,
            list_parameters: p.list_parameters.into_iter().collect(),
        }
    }
}

impl From<StoredFigure> for Figure {
    fn from(f: StoredFigure) -> Self {
        Self {
            key: f.key,
            value: f.value,
            unit_word: f.unit_word,
            label: f.label,
            provenance: Some(Provenance {
                service: f.service,
                statistic: f.statistic,
                resource: f.resource,
                filter: f.filter,
                list_method: f.list_method,
                list_parameters: f.list_parameters.into_iter().collect(),
            }),
        }
    }
}

/// The stored JSON of `figures`.
pub fn figures_to_json(figures: &[Figure]) -> String {
    let stored: Vec<StoredFigure> = figures.iter().map(StoredFigure::from).collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".to_owned())
}

/// The figures in stored JSON; unreadable JSON (changed outside the service) reads as none, logged.
pub fn figures_from_json(json: &str) -> Vec<Figure> {
    match serde_json::from_str::<Vec<StoredFigure>>(json) {
        Ok(stored) => stored.into_iter().map(Figure::from).collect(),
        Err(e) => {
            tracing::error!(error = %e, "stored figures are not readable");
            Vec::new()
        }
    }
}

/// The figures that differ between `base` and `head`, by key.
pub fn diff(base: &[Figure], head: &[Figure]) -> Vec<pb::FigureChange> {
    let base: BTreeMap<&str, &Figure> = base.iter().map(|f| (f.key.as_str(), f)).collect();
    let head: BTreeMap<&str, &Figure> = head.iter().map(|f| (f.key.as_str(), f)).collect();
    let mut keys: Vec<&str> = base.keys().chain(head.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let (before, after) = (base.get(key), head.get(key));
            let (base_value, head_value) = (before.map(|f| f.value), after.map(|f| f.value));
            if base_value == head_value {
                return None;
            }
            let named = after.or(before)?;
            Some(pb::FigureChange {
                key: key.to_owned(),
                label: named.label.clone(),
                unit_word: named.unit_word.clone(),
                base_value,
                head_value,
            })
        })
        .collect()
}
