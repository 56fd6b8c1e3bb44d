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
use crate::catalogue;
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
    /// The kind's figure as the catalogue states it, e.g. 提醒谈话3人次.
    phrase: String,
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
    /// Every figure the catalogue declares, stated in its phrase, by key.
    say: BTreeMap<String, String>,
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
            phrase: catalogue::phrase(f)
                .map(|phrase| phrase.render(f.value))
                .unwrap_or_default(),
        })
        .collect()
}

/// The names of the warning films shown, from the titles of the showings: the titles in book-title
/// marks when a showing's title quotes them (收看《廉》系列专题警示教育片 → 《廉》), else the title without
/// the words the report's own sentence supplies (组织收看, 警示教育片), each once.
fn film_names(titles: &[String]) -> Vec<String> {
    const LEADING: &[&str] = &[
        "组织",
        "集中",
        "全体",
        "干部职工",
        "党员干部",
        "收看",
        "观看",
    ];
    const TRAILING: &[&str] = &["专题警示教育片", "警示教育片", "警示片", "系列", "等"];
    let mut names: Vec<String> = Vec::new();
    for title in titles {
        let quoted: Vec<String> = title
            .match_indices('《')
            .filter_map(|(open, _)| {
                let close = title[open..].find('》')?;
                Some(title[open..open + close + '》'.len_utf8()].to_owned())
            })
            .collect();
        let found = if quoted.is_empty() {
            let mut name = title.trim();
            while let Some(rest) = LEADING.iter().find_map(|word| name.strip_prefix(word)) {
                name = rest;
            }
            while let Some(rest) = TRAILING.iter().find_map(|word| name.strip_suffix(word)) {
                name = rest;
            }
            (!name.is_empty())
                .then(|| format!("《{name}》"))
                .into_iter()
                .collect()
        } else {
            quoted
        };
        for name in found {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
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
        say: catalogue::rendered(&figures),
        plans: gathered
            .tasks
            .as_ref()
            .map(|t| t.plans.clone())
            .unwrap_or_default(),
        laws: &gathered.laws,
        tour_teams: supervision.tour_teams,
        regulations_revised: supervision.regulations_revised,
        warning_films: film_names(&supervision.warning_films),
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

#[cfg(test)]
mod tests {
    use qinglian_api::common::v1::Provenance;

    use super::*;

    fn gathered() -> Gathered {
        Gathered {
            organisation_name: "市人大常委会机关".to_owned(),
            oversight: vec![
                Figure {
                    key: "activities.OVERSIGHT_KIND_SPECIAL_INQUIRY".to_owned(),
                    value: 2.0,
                    unit_word: "次".to_owned(),
                    label: "专题询问".to_owned(),
                    provenance: Some(Provenance::default()),
                },
                Figure {
                    key: "documents.reviewed".to_owned(),
                    value: 0.0,
                    unit_word: "件".to_owned(),
                    label: "备案审查规范性文件".to_owned(),
                    provenance: Some(Provenance::default()),
                },
            ],
            ..Gathered::default()
        }
    }

    #[test]
    fn an_office_template_replaces_the_embedded_one_by_name() {
        let folder = tempfile::tempdir().expect("dir");
        let dir = folder.path().to_owned();
        std::fs::write(
            dir.join("annual_report.j2"),
            "{{ organisation }}{{ year }}年开展{{ n[\"activities.OVERSIGHT_KIND_SPECIAL_INQUIRY\"] }}次专题询问{% if n[\"documents.reviewed\"] %}，备案审查{% endif %}。",
        )
        .expect("write");
        let source = template_source("annual_report", Some(&dir)).expect("source");
        let text = render(&source, &gathered(), 2023, false).expect("render");
        assert_eq!(text, "市人大常委会机关2023年开展2次专题询问。\n");
        let embedded = template_source("annual_report", None).expect("embedded");
        assert!(embedded.contains("三、聚焦职能职责"));
        assert!(template_source("no_such", Some(&dir)).is_err());
        assert!(template_source("../etc/passwd", Some(&dir)).is_err());
    }

    #[test]
    fn film_names_never_repeat_the_sentence_around_them() {
        let titles = [
            "收看《廉》系列专题警示教育片".to_owned(),
            "组织观看《国家监察》".to_owned(),
            "收看《廉》".to_owned(),
            "收看政治掮客苏洪波警示教育片".to_owned(),
        ];
        assert_eq!(
            film_names(&titles),
            ["《廉》", "《国家监察》", "《政治掮客苏洪波》"]
        );
    }

    #[test]
    fn values_read_as_the_text_writes_them() {
        assert_eq!(format_value(12.0), "12");
        assert_eq!(format_value(95.5), "95.5");
        assert_eq!(format_value(100.0), "100");
    }
}
