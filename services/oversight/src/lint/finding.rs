//! What the lint reports: a kind of defect, where it is, the offending text and what to write instead.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// The kind of defect a [`Finding`] reports; its snake_case name is what the CLI line and the JSON
/// output carry, so it is part of the contract and must not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A placeholder left where a number belongs: `检查*部法律法规`, `开展X次专题调研`.
    Placeholder,
    /// A measure word with no number where a count is expected: `审议个`, `对余件`.
    MissingNumber,
    /// A Markdown mark left in plain text: `**`, or a `*` that stands before no count.
    StrayMarkdown,
    /// The same character written twice by mistake: `通过过`.
    RepeatedCharacter,
    /// The reporting body called by another kind of body's name: `该公司` in an organ's report.
    InconsistentOrganisation,
    /// A date that cannot be right: impossible, in the future of the report, or a year written in
    /// two styles in one text.
    InconsistentDate,
    /// A count that disagrees with the records: `3次专题询问` where the records hold 2.
    NumberMismatch,
    /// A template's markup left unfilled: `{{ count }}`, `{% if %}`, `${total}`, an empty `【】`.
    TemplateLeftover,
    /// A word of two or more characters typed twice in a row: `整改整改`.
    RepeatedWord,
    /// Doubled Chinese punctuation (`。。`) or half-width punctuation between Chinese characters.
    Punctuation,
    /// Numbers that disagree with each other: a rate that its own counts do not give, a part larger
    /// than its whole, a breakdown that sums to more than its total.
    InconsistentArithmetic,
}

impl FindingKind {
    /// The stable name used in the CLI line and the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Placeholder => "placeholder",
            Self::MissingNumber => "missing_number",
            Self::StrayMarkdown => "stray_markdown",
            Self::RepeatedCharacter => "repeated_character",
            Self::InconsistentOrganisation => "inconsistent_organisation",
            Self::InconsistentDate => "inconsistent_date",
            Self::NumberMismatch => "number_mismatch",
            Self::TemplateLeftover => "template_leftover",
            Self::RepeatedWord => "repeated_word",
            Self::Punctuation => "punctuation",
            Self::InconsistentArithmetic => "inconsistent_arithmetic",
        }
    }

    /// Every kind, in the order of the contract.
    pub const ALL: [Self; 11] = [
        Self::Placeholder,
        Self::MissingNumber,
        Self::StrayMarkdown,
        Self::RepeatedCharacter,
        Self::InconsistentOrganisation,
        Self::InconsistentDate,
        Self::NumberMismatch,
        Self::TemplateLeftover,
        Self::RepeatedWord,
        Self::Punctuation,
        Self::InconsistentArithmetic,
    ];

    /// The kind whose stable name is `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One defect in a draft, positioned so an editor can jump to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes) from the start of the line.
    pub column: usize,
    /// What kind of defect this is.
    pub kind: FindingKind,
    /// The offending text exactly as it appears in the draft.
    pub text: String,
    /// A concise suggestion, in Chinese, of what to write instead.
    pub suggestion: String,
    /// The value the records hold, for a number that disagrees with them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_value: Option<f64>,
}

/// Renders a finding as one CLI line: `LINE:COLUMN KIND «text» suggestion`.
pub fn format_line(finding: &Finding) -> String {
    format!(
        "{}:{} {} «{}» {}",
        finding.line, finding.column, finding.kind, finding.text, finding.suggestion
    )
}

/// A finding before positioning: each rule reports the byte range of the offending text, and the
/// engine turns ranges into lines and columns once.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit {
    /// Byte range of the offending text in the draft.
    pub(crate) range: Range<usize>,
    /// What kind of defect this is.
    pub(crate) kind: FindingKind,
    /// What to write instead.
    pub(crate) suggestion: String,
    /// The value the records hold, when the hit is a number that disagrees with them.
    pub(crate) recorded_value: Option<f64>,
}

impl Hit {
    /// A hit over `range` of the given kind.
    pub(crate) fn new(
        range: Range<usize>,
        kind: FindingKind,
        suggestion: impl Into<String>,
    ) -> Self {
        Self {
            range,
            kind,
            suggestion: suggestion.into(),
            recorded_value: None,
        }
    }

    /// The hit, naming the value the records hold.
    pub(crate) fn recorded(mut self, value: f64) -> Self {
        self.recorded_value = Some(value);
        self
    }
}

/// Maps byte offsets of a draft to 1-based lines and character columns.
pub(crate) struct Positions<'a> {
    text: &'a str,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
}

impl<'a> Positions<'a> {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, line_starts }
    }

    /// Positions a hit and copies its offending text.
    pub(crate) fn finding(&self, hit: Hit) -> Finding {
        let line_index = self
            .line_starts
            .partition_point(|&start| start <= hit.range.start)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..hit.range.start)
            .map_or(0, |before| before.chars().count())
            + 1;
        Finding {
            line: line_index + 1,
            column,
            kind: hit.kind,
            text: self.text.get(hit.range).unwrap_or_default().to_owned(),
            suggestion: hit.suggestion,
            recorded_value: hit.recorded_value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_serialize_under_their_cli_names() {
        let json = serde_json::to_string(&FindingKind::MissingNumber).expect("serializable");
        assert_eq!(json, "\"missing_number\"");
        assert_eq!(
            FindingKind::InconsistentOrganisation.to_string(),
            "inconsistent_organisation"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "第一行\n　　开展*次专题调研";
        let at = text.find('*').expect("in text");
        let finding = Positions::new(text).finding(Hit::new(
            at..at + 4,
            FindingKind::Placeholder,
            "填写专题调研的次数",
        ));
        assert_eq!((finding.line, finding.column), (2, 5));
        assert_eq!(finding.text, "*次");
    }

    #[test]
    fn a_finding_renders_as_one_cli_line() {
        let finding = Finding {
            line: 13,
            column: 42,
            kind: FindingKind::Placeholder,
            text: "*次".to_owned(),
            suggestion: "填写专题调研的次数".to_owned(),
            recorded_value: None,
        };
        assert_eq!(
            format_line(&finding),
            "13:42 placeholder «*次» 填写专题调研的次数"
        );
    }

    #[test]
    fn json_carries_the_five_fields() {
        let finding = Finding {
            line: 1,
            column: 2,
            kind: FindingKind::StrayMarkdown,
            text: "**".to_owned(),
            suggestion: "删除“**”".to_owned(),
            recorded_value: None,
        };
        let value = serde_json::to_value(&finding).expect("serializable");
        assert_eq!(value["line"], 1);
        assert_eq!(value["column"], 2);
        assert_eq!(value["kind"], "stray_markdown");
        assert_eq!(value["text"], "**");
        assert_eq!(value["suggestion"], "删除“**”");
    }
}
