//! Rendering a report from its template: templates are minijinja files, embedded by default and read
//! from `[reports] template_dir` when it holds one of the name asked for, so an office can change the
//! wording without rebuilding.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::value::Serde;
use minijinja::{Environment, Value};
use qinglian_api::common::v1::Figure;
use serde::Serialize;

use super::gather::Gathered;
use crate::error::OversightError;

/// The template used when none is named.
pub const DEFAULT_TEMPLATE: &str = "annual_report";

/// The embedded templates, by name.
const EMBEDDED: &[(&str, &str)] = &[(
    DEFAULT_TEMPLATE,
    include_str!("../../templates/annual_report.j2"),
)];

/// A kind and its count, for the "其中…" enumerations.
#[derive(Clone, Debug, Serialize)]
struct KindCount {
    label: String,
    value: String,
}

/// What a template sees.
#[derive(Clone, Debug, Serialize)]
struct Context<'a> {
    organisation: &'a str,
    year: i32,
    markdown: bool,
    /// Every figure, formatted, by key.
    v: BTreeMap<String, String>,
    /// The figures above zero, formatted, by key.
    n: BTreeMap<String, String>,
    plans: Vec<String>,
    laws: &'a [String],
    tour_teams: Vec<String>,
    regulations_revised: Vec<String>,
    warning_films: Vec<String>,
    talk_kinds: Vec<KindCount>,
    check_kinds: Vec<KindCount>,
    education_kinds: Vec<KindCount>,
    missing: &'a [String],
}

/// A figure's value as the text writes it: whole numbers without decimals, rates with one.
pub fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Every figure of `gathered`, in the order tasks, supervision, oversight.
pub fn all_figures(gathered: &Gathered) -> Vec<Figure> {
    let mut all = Vec::new();
    if let Some(tasks) = &gathered.tasks {
        all.extend(tasks.figures.iter().cloned());
    }
    if let Some(supervision) = &gathered.supervision {
        all.extend(supervision.figures.iter().cloned());
    }
    all.extend(gathered.oversight.iter().cloned());
    all
}

fn kinds(figures: &[Figure], prefix: &str) -> Vec<KindCount> {
    figures
        .iter()
        .filter(|f| f.key.starts_with(prefix) && !f.key.ends_with(".participants") && f.value > 0.0)
        .map(|f| KindCount {
            label: f.label.clone(),
            value: format_value(f.value),
        })
        .collect()
}

/// The source of template `name`: from `dir` when it holds `<name>.j2`, else the embedded one.
pub fn template_source(name: &str, dir: Option<&Path>) -> Result<String, OversightError> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        return Err(OversightError::invalid(
            "template_name",
            "must be letters, digits, '_' or '-'",
        ));
    }
    if let Some(dir) = dir {
        let path = dir.join(format!("{name}.j2"));
        if path.is_file() {
            return std::fs::read_to_string(&path).map_err(|e| {
                tracing::error!(path = %path.display(), error = %e, "template not readable");
                OversightError::invalid("template_name", "the template file cannot be read")
            });
        }
    }
    EMBEDDED
        .iter()
        .find(|(embedded, _)| *embedded == name)
        .map(|(_, source)| (*source).to_owned())
        .ok_or_else(|| OversightError::invalid("template_name", "no such template"))
}

/// Renders `source` over `gathered` for `year`.
pub fn render(
    source: &str,
    gathered: &Gathered,
    year: i32,
    markdown: bool,
) -> Result<String, OversightError> {
    let figures = all_figures(gathered);
    let v: BTreeMap<String, String> = figures
        .iter()
        .map(|f| (f.key.clone(), format_value(f.value)))
        .collect();
    let n = figures
        .iter()
        .filter(|f| f.value > 0.0)
        .map(|f| (f.key.clone(), format_value(f.value)))
        .collect();
    let supervision = gathered.supervision.clone().unwrap_or_default();
    let context = Context {
        organisation: &gathered.organisation_name,
        year,
        markdown,
        v,
        n,
        plans: gathered
            .tasks
            .as_ref()
            .map(|t| t.plans.clone())
            .unwrap_or_default(),
        laws: &gathered.laws,
        tour_teams: supervision.tour_teams,
        regulations_revised: supervision.regulations_revised,
        warning_films: supervision.warning_films,
        talk_kinds: kinds(&supervision.figures, "talks.TALK_KIND_"),
        check_kinds: kinds(&supervision.figures, "checks.CHECK_KIND_"),
        education_kinds: kinds(&supervision.figures, "education.EDUCATION_KIND_"),
        missing: &gathered.missing,
    };
    let invalid = |e: minijinja::Error| {
        tracing::warn!(error = %e, "template does not render");
        OversightError::invalid(
            "template_name",
            format!("the template does not render: {e}"),
        )
    };
    let environment = Environment::new();
    let template = environment.template_from_str(source).map_err(invalid)?;
    let text = template
        .render(Value::from(Serde(&context)))
        .map_err(invalid)?;
    Ok(format!("{}\n", text.trim_end()))
}
