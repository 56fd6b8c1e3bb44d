//! Numbers that disagree with the records: every figure is read back through the phrase the
//! catalogue states it in (the words before its number, its measure word, the noun after), so the
//! draft says `3次专题询问` and the records hold 2. A rate agrees when the records give it at the
//! precision the draft writes; a count stated as “more than” (`120余件规范性文件`) agrees when the
//! records hold at least that many.

use std::ops::Range;

use super::context::RecordedFigure;
use super::finding::{FindingKind, Hit};
use super::numeral::{count_before, is_arabic_digit};
use crate::catalogue::Format;

/// How many characters may stand between the measure word and the noun, as in
/// `12个“一府一委两院”专项工作报告`.
const NOUN_REACH: usize = 10;

/// Words that may stand between a phrase's lead and its number: 已完成了12项, 共听取.
const FILLERS: &[&str] = &["了", "共", "达", "计", "为", "约"];

/// Characters that end the clause a number belongs to.
const CLAUSE_BREAKS: &[char] = &['，', '。', '；', '：', '、', '！', '？', '\n', ',', ';'];

/// A number stated in the draft: where it stands and how it is written.
struct Stated {
    range: Range<usize>,
    value: f64,
    decimals: usize,
}

/// The number that ends right at byte `end`: digits with an optional decimal part, or Chinese
/// numerals.
fn number_before(text: &str, end: usize) -> Option<Stated> {
    let before = &text[..end];
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_arabic_digit(c) || c == '.')
        .last()
        .map(|(at, _)| at);
    if let Some(start) = start {
        let written = before[start..].trim_start_matches('.');
        let start = end - written.len();
        let normal: String = written
            .chars()
            .map(|c| match c {
                '０'..='９' => {
                    char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
                }
                _ => c,
            })
            .collect();
        return Some(Stated {
            range: start..end,
            value: normal.parse().ok()?,
            decimals: normal.split_once('.').map_or(0, |(_, d)| d.len()),
        });
    }
    let (start, value) = count_before(text, end)?;
    Some(Stated {
        range: start..end,
        value: value as f64,
        decimals: 0,
    })
}

/// Whether `lead` ends right before byte `at`, fillers aside.
fn lead_before(text: &str, at: usize, lead: &str) -> bool {
    let mut before = &text[..at];
    while let Some(shorter) = FILLERS.iter().find_map(|f| before.strip_suffix(f)) {
        if shorter.ends_with(lead) {
            return true;
        }
        before = shorter;
    }
    before.ends_with(lead)
}

/// Where `noun` ends when it follows byte `from` within [`NOUN_REACH`] characters of the clause.
fn noun_end(text: &str, from: usize, noun: &str) -> Option<usize> {
    let rest = &text[from..];
    rest.char_indices()
        .take(NOUN_REACH + 1)
        .take_while(|&(_, c)| !CLAUSE_BREAKS.contains(&c))
        .find(|&(offset, _)| rest[offset..].starts_with(noun))
        .map(|(offset, _)| from + offset + noun.len())
}

/// A statement of `record` in `text`: the number, whether it is approximate (余), and where the
/// statement ends.
struct Statement {
    stated: Stated,
    approximate: bool,
    end: usize,
}

/// Every statement of `record` in `text`.
fn statements(text: &str, record: &RecordedFigure) -> Vec<Statement> {
    let phrase = &record.phrase;
    if phrase.lead.is_empty() && phrase.noun.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (unit_at, unit) in text.match_indices(phrase.unit.as_str()) {
        let (number_end, approximate) = match text[..unit_at].strip_suffix('余') {
            Some(before) => (before.len(), true),
            None => (unit_at, false),
        };
        let Some(stated) = number_before(text, number_end) else {
            continue;
        };
        if !phrase.lead.is_empty() && !lead_before(text, stated.range.start, &phrase.lead) {
            continue;
        }
        let unit_end = unit_at + unit.len();
        let end = if phrase.noun.is_empty() {
            unit_end
        } else {
            match noun_end(text, unit_end, &phrase.noun) {
                Some(end) => end,
                None => continue,
            }
        };
        out.push(Statement {
            stated,
            approximate,
            end,
        });
    }
    out
}

/// Whether the stated number agrees with the recorded `value`.
fn agrees(statement: &Statement, value: f64, format: Format) -> bool {
    let stated = &statement.stated;
    match format {
        Format::Rate => {
            let scale = 10f64.powi(i32::try_from(stated.decimals).unwrap_or(0));
            ((value * scale).round() - stated.value * scale).abs() < 0.5
        }
        Format::Count if statement.approximate => value >= stated.value,
        Format::Count => (value - stated.value).abs() < 0.5,
    }
}

/// Finds every stated figure whose number differs from the records.
pub(crate) fn check(text: &str, records: &[RecordedFigure]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    for record in records {
        for statement in statements(text, record) {
            if agrees(&statement, record.value, record.phrase.format) {
                continue;
            }
            let range = statement.stated.range.start..statement.end;
            if hits.iter().any(|hit| hit.range.start == range.start) {
                continue;
            }
            hits.push(
                Hit::new(
                    range,
                    FindingKind::NumberMismatch,
                    format!("按记录应为{}", record.phrase.render(record.value)),
                )
                .recorded(record.value),
            );
        }
    }
    hits.sort_by_key(|hit| hit.range.start);
    hits
}

/// The record whose phrase holds the slot of a number at `slot` (a placeholder or a gap) followed by
/// the measure word `unit`, to name its recorded value in the suggestion.
pub(crate) fn record_at<'a>(
    text: &str,
    slot: &Range<usize>,
    unit: &str,
    records: &'a [RecordedFigure],
) -> Option<&'a RecordedFigure> {
    records.iter().find(|record| {
        let phrase = &record.phrase;
        phrase.unit == unit
            && (phrase.lead.is_empty() || lead_before(text, slot.start, &phrase.lead))
            && (phrase.noun.is_empty() || noun_end(text, slot.end, &phrase.noun).is_some())
            && !(phrase.lead.is_empty() && phrase.noun.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Phrase;

    fn record(lead: &str, unit: &str, noun: &str, value: f64) -> RecordedFigure {
        RecordedFigure {
            phrase: Phrase {
                key: "k".to_owned(),
                lead: lead.to_owned(),
                unit: unit.to_owned(),
                rest: noun.to_owned(),
                noun: noun.to_owned(),
                format: if unit == "%" {
                    Format::Rate
                } else {
                    Format::Count
                },
            },
            value,
        }
    }

    fn mismatched<'a>(text: &'a str, records: &[RecordedFigure]) -> Vec<(&'a str, String)> {
        check(text, records)
            .into_iter()
            .map(|hit| (&text[hit.range], hit.suggestion))
            .collect()
    }

    #[test]
    fn a_count_that_differs_from_the_record_is_found() {
        let records = [record("", "次", "专题询问", 2.0)];
        let text = "结合相关报告开展了3次专题询问。";
        assert_eq!(
            mismatched(text, &records),
            [("3次专题询问", "按记录应为2次专题询问".to_owned())]
        );
        assert_eq!(check(text, &records)[0].recorded_value, Some(2.0));
    }

    #[test]
    fn leads_chinese_numerals_and_gaps_are_read() {
        let records = [
            record("", "次", "专题调研", 6.0),
            record("", "部", "法律法规", 5.0),
            record("廉政谈话", "人次", "", 12.0),
        ];
        let text =
            "开展三次专题调研，检查5部重要法律法规实施情况，其中廉政谈话共13人次、提醒谈话13人次";
        assert_eq!(
            mismatched(text, &records),
            [
                ("三次专题调研", "按记录应为6次专题调研".to_owned()),
                ("13人次", "按记录应为廉政谈话12人次".to_owned())
            ]
        );
    }

    #[test]
    fn rates_agree_at_the_precision_written() {
        let records = [record("满意和基本满意票占", "%", "", 97.222)];
        assert_eq!(mismatched("满意和基本满意票占97.2%", &records), []);
        assert_eq!(mismatched("满意和基本满意票占97%", &records), []);
        assert_eq!(mismatched("满意和基本满意票占78.3%", &records).len(), 1);
    }

    #[test]
    fn more_than_agrees_with_a_larger_record() {
        let text = "对120余件规范性文件进行了备案审查";
        assert_eq!(
            mismatched(text, &[record("", "件", "规范性文件", 126.0)]),
            []
        );
        assert_eq!(
            mismatched(text, &[record("", "件", "规范性文件", 98.0)]),
            [("120余件规范性文件", "按记录应为98件规范性文件".to_owned())]
        );
    }

    #[test]
    fn counts_of_other_things_are_left_alone() {
        let records = [record("", "次", "专题询问", 2.0)];
        let text = "开展6次专题调研，2次专题询问，召开3次会议，专题询问";
        assert_eq!(mismatched(text, &records), []);
    }
}
