//! The figure catalogue: every figure the annual report can state, declared once with the phrase the
//! text states it in and how its value is written. The generator renders each figure through its
//! phrase, and the lint reads each stated number back through the same phrase, so every number the
//! generator can print is one the lint can check.

use qinglian_api::common::v1::Figure;

/// Measure words a phrase may count with, longest first so 人次 wins over 次.
const UNITS: &[&str] = &[
    "人次", "%", "个", "次", "部", "件", "项", "条", "名", "场", "家",
];

/// Prefixes of figure keys whose phrase is the figure's own label and measure word, as in
/// 提醒谈话3人次 (the kinds of talks, checks and education).
const KIND_FAMILIES: &[&str] = &[
    "talks.TALK_KIND_",
    "checks.CHECK_KIND_",
    "education.EDUCATION_KIND_",
];

/// The phrases of the figures with a fixed wording: key, text with `{n}` where the number stands,
/// and the noun after the measure word that names what is counted (empty when the words before the
/// number name it).
const ENTRIES: &[(&str, &str, &str)] = &[
    ("tasks.total", "分解任务{n}项", ""),
    ("tasks.completed", "已完成{n}项", ""),
    ("tasks.on_time_rate", "按期完成率{n}%", ""),
    ("duties.expected", "全年应履责{n}次", ""),
    ("duties.delivered", "已履责{n}次", ""),
    ("education.total", "警示教育和廉政教育活动{n}次", ""),
    ("education.participants", "参与{n}人次", ""),
    ("talks.total", "各类谈话{n}人次", ""),
    ("checks.total", "监督检查{n}次", ""),
    ("problems.total", "梳理问题{n}个", ""),
    ("rectifications.completed", "整改销号{n}项", ""),
    ("rectifications.on_time_rate", "按期整改率{n}%", ""),
    ("regulations.created", "制定{n}项规章制度", "规章制度"),
    ("regulations.revised", "等{n}项规章制度", "规章制度"),
    (
        "activities.reports",
        "{n}个“一府一委两院”专项工作报告和预决算审查监督报告",
        "专项工作报告",
    ),
    ("laws.inspected", "{n}部法律法规", "法律法规"),
    (
        "activities.OVERSIGHT_KIND_SPECIAL_RESEARCH",
        "{n}次专题调研",
        "专题调研",
    ),
    (
        "activities.OVERSIGHT_KIND_SPECIAL_INQUIRY",
        "{n}次专题询问",
        "专题询问",
    ),
    ("documents.reviewed", "{n}件规范性文件", "规范性文件"),
    ("opinions.sent", "交办审议意见{n}件", ""),
    ("opinions.handled", "收到办理情况报告{n}件", ""),
    (
        "opinions.voted",
        "{n}件办理情况开展满意度测评",
        "满意度测评",
    ),
    ("opinions.satisfaction_rate", "满意和基本满意票占{n}%", ""),
];

/// How a figure's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A whole number: 12.
    Count,
    /// A percentage with at most one decimal: 97.2, 100.
    Rate,
}

impl Format {
    /// `value` as the text writes it.
    pub fn write(self, value: f64) -> String {
        match self {
            Self::Count => format!("{value:.0}"),
            Self::Rate => {
                let tenths = (value * 10.0).round() / 10.0;
                if tenths.fract() == 0.0 {
                    format!("{tenths:.0}")
                } else {
                    format!("{tenths:.1}")
                }
            }
        }
    }
}

/// How one figure is stated: `lead`, the number, `unit`, then `rest`, as in 检查 5 部 法律法规.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// The figure's key.
    pub key: String,
    /// What stands right before the number; empty when the noun after it names the figure.
    pub lead: String,
    /// The measure word right after the number, or % for a rate.
    pub unit: String,
    /// What the generator writes after the measure word.
    pub rest: String,
    /// The word in the rest of the clause that names what is counted; empty when `lead` names it.
    pub noun: String,
    /// How the value is written.
    pub format: Format,
}

impl Phrase {
    fn parse(key: &str, text: &str, noun: &str) -> Option<Self> {
        let (lead, after) = text.split_once("{n}")?;
        let unit = UNITS.iter().find(|unit| after.starts_with(**unit))?;
        Some(Self {
            key: key.to_owned(),
            lead: lead.to_owned(),
            unit: (*unit).to_owned(),
            rest: after[unit.len()..].to_owned(),
            noun: noun.to_owned(),
            format: if *unit == "%" {
                Format::Rate
            } else {
                Format::Count
            },
        })
    }

    /// The phrase with `value` written in.
    pub fn render(&self, value: f64) -> String {
        format!(
            "{}{}{}{}",
            self.lead,
            self.format.write(value),
            self.unit,
            self.rest
        )
    }
}

/// The phrase of `figure`, or None when the report never states it.
pub fn phrase(figure: &Figure) -> Option<Phrase> {
    if let Some((key, text, noun)) = ENTRIES.iter().find(|(key, _, _)| *key == figure.key) {
        return Phrase::parse(key, text, noun);
    }
    let is_kind = KIND_FAMILIES
        .iter()
        .any(|prefix| figure.key.starts_with(prefix))
        && !figure.key.ends_with(".participants");
    (is_kind && !figure.label.is_empty() && UNITS.contains(&figure.unit_word.as_str())).then(|| {
        Phrase {
            key: figure.key.clone(),
            lead: figure.label.clone(),
            unit: figure.unit_word.clone(),
            rest: String::new(),
            noun: String::new(),
            format: Format::Count,
        }
    })
}

/// Every figure's phrase with its value written in, by key.
pub fn rendered(figures: &[Figure]) -> std::collections::BTreeMap<String, String> {
    figures
        .iter()
        .filter_map(|figure| Some((figure.key.clone(), phrase(figure)?.render(figure.value))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(key: &str, label: &str, unit_word: &str, value: f64) -> Figure {
        Figure {
            key: key.to_owned(),
            value,
            unit_word: unit_word.to_owned(),
            label: label.to_owned(),
            provenance: None,
        }
    }

    #[test]
    fn every_entry_parses() {
        for (key, text, noun) in ENTRIES {
            let phrase = Phrase::parse(key, text, noun).unwrap_or_else(|| panic!("{key}"));
            assert!(phrase.rest.contains(noun), "{key}");
            assert!(
                !phrase.lead.is_empty() || !phrase.noun.is_empty(),
                "{key}: a phrase needs words before or after its number"
            );
        }
    }

    #[test]
    fn phrases_write_their_value() {
        let laws = phrase(&figure("laws.inspected", "", "部", 5.0)).expect("declared");
        assert_eq!(laws.render(5.0), "5部法律法规");
        let rate = phrase(&figure("tasks.on_time_rate", "", "%", 66.666)).expect("declared");
        assert_eq!(rate.render(66.666), "按期完成率66.7%");
        assert_eq!(rate.render(100.0), "按期完成率100%");
        let kind =
            phrase(&figure("talks.TALK_KIND_REMINDER", "提醒谈话", "人次", 3.0)).expect("a kind");
        assert_eq!(kind.render(3.0), "提醒谈话3人次");
        assert_eq!(
            phrase(&figure(
                "education.EDUCATION_KIND_WARNING_FILM.participants",
                "x",
                "人次",
                1.0
            )),
            None
        );
        assert_eq!(phrase(&figure("documents.filed", "", "件", 1.0)), None);
    }
}
