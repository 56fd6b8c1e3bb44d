//! Numbers that disagree with each other within one sentence: a rate its own counts do not give
//! (`排查风险点40个，已整改36个，整改率95%`), a part larger than its whole (`发现问题20个，已整改25个`), and
//! a `其中` breakdown whose items add up to more than their total
//! (`开展谈话30人次，其中廉政谈话20人次、提醒谈话15人次`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::finding::{FindingKind, Hit};

/// A number in Arabic digits and the measure word or per-cent sign after it, `余` between marking an
/// approximate count.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "([0-9]+(?:\\.[0-9]+)?)(余|多)?(人次|个|次|件|项|条|名|家|批|场|轮|篇|份|部|起|户|处|所|人|%|％)",
    )
    .expect("count pattern is valid")
});

/// Where a sentence ends; counts are compared only within one.
const SENTENCE_ENDS: &[char] = &['。', '；', ';', '！', '？', '\n'];

/// Words right before a part's number that make it part of the count before it: 已整改21个.
const PART_MARKS: &[&str] = &["已", "办结", "销号", "整改到位"];

/// How far before a number a part mark may stand, in characters (已完成整改12个).
const PART_MARK_REACH: usize = 6;

/// One count of a sentence.
#[derive(Debug, Clone)]
struct Count {
    /// Byte range of the number and its measure word.
    range: Range<usize>,
    value: f64,
    /// Decimal places written.
    decimals: usize,
    unit: String,
    approximate: bool,
}

impl Count {
    fn is_rate(&self) -> bool {
        self.unit == "%" || self.unit == "％"
    }
}

/// Finds every internal disagreement of the numbers of `text`.
pub(crate) fn check(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut start = 0;
    for (end, _) in text
        .char_indices()
        .filter(|(_, c)| SENTENCE_ENDS.contains(c))
        .chain(std::iter::once((text.len(), '\n')))
    {
        if start < end {
            hits.extend(sentence(text, start..end));
        }
        start = end + text[end..].chars().next().map_or(0, char::len_utf8);
    }
    hits
}

fn counts(text: &str, sentence: Range<usize>) -> Vec<Count> {
    let part = &text[sentence.clone()];
    COUNT
        .captures_iter(part)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            // Not the tail of a longer number or a code (A12个).
            if part[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
            {
                return None;
            }
            let number = captures.get(1)?;
            Some(Count {
                range: sentence.start + whole.start()..sentence.start + whole.end(),
                value: number.as_str().parse().ok()?,
                decimals: number.as_str().split_once('.').map_or(0, |(_, d)| d.len()),
                unit: captures.get(3)?.as_str().to_owned(),
                approximate: captures.get(2).is_some(),
            })
        })
        .collect()
}

/// Whether the count at `count` is marked as a part of an earlier count (已整改21个).
fn is_part(text: &str, sentence_start: usize, count: &Count) -> bool {
    let before = &text[sentence_start..count.range.start];
    let near: String = before
        .chars()
        .rev()
        .take(PART_MARK_REACH)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    PART_MARKS.iter().any(|mark| near.contains(mark))
}

fn sentence(text: &str, sentence: Range<usize>) -> Vec<Hit> {
    let counts = counts(text, sentence.clone());
    let mut hits = Vec::new();
    for (index, count) in counts.iter().enumerate() {
        if count.approximate {
            continue;
        }
        let earlier = &counts[..index];
        if count.is_rate() {
            if let Some(hit) = rate(text, &sentence, earlier, count) {
                hits.push(hit);
            }
        } else if is_part(text, sentence.start, count)
            && let Some(whole) = whole_of(text, sentence.start, earlier, &count.unit)
            && count.value > whole.value
        {
            hits.push(Hit::new(
                count.range.clone(),
                FindingKind::InconsistentArithmetic,
                format!("核对数字：多于总数{}", whole_text(text, whole)),
            ));
        }
    }
    hits.extend(breakdowns(text, &sentence, &counts));
    hits
}

fn whole_text<'a>(text: &'a str, count: &Count) -> &'a str {
    &text[count.range.clone()]
}

/// The whole a part counts against: the nearest earlier count of the same measure word that is not
/// itself a part.
fn whole_of<'a>(
    text: &str,
    sentence_start: usize,
    earlier: &'a [Count],
    unit: &str,
) -> Option<&'a Count> {
    earlier
        .iter()
        .rev()
        .find(|c| c.unit == unit && !c.approximate && !is_part(text, sentence_start, c))
}

/// Qualifiers that make a rate measure something other than the part before it: 按期完成率 is the
/// share done on time, not of all.
const OTHER_MEASURES: &[&str] = &[
    "按期", "按时", "及时", "满意", "同比", "环比", "增长", "下降",
];

/// A rate stated right after 率 (整改率91.3%) against the part and whole counted before it; only a
/// rate named for what the part did (已整改 → 整改率) is the part's share.
fn rate(text: &str, sentence: &Range<usize>, earlier: &[Count], rate: &Count) -> Option<Hit> {
    let before = text[sentence.start..rate.range.start].trim_end_matches(['达', '为', '到', '是']);
    let before = before.strip_suffix('率')?;
    let name_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let name = &before[name_start..];
    if OTHER_MEASURES.iter().any(|q| name.contains(q)) {
        return None;
    }
    let stem: String = name
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let part = earlier
        .iter()
        .rev()
        .find(|c| !c.is_rate() && !c.approximate && is_part(text, sentence.start, c))?;
    let part_context: String = text[sentence.start..part.range.start]
        .chars()
        .rev()
        .take(PART_MARK_REACH + 2)
        .collect();
    let stem_reversed: String = stem.chars().rev().collect();
    if !part_context.contains(&stem_reversed) {
        return None;
    }
    let part_index = earlier.iter().position(|c| c.range == part.range)?;
    let whole = whole_of(text, sentence.start, &earlier[..part_index], &part.unit)?;
    if whole.value <= 0.0 {
        return None;
    }
    let exact = part.value * 100.0 / whole.value;
    let scale = 10f64.powi(i32::try_from(rate.decimals).unwrap_or(0));
    let expected = (exact * scale).round() / scale;
    if (expected - rate.value).abs() < 0.5 / scale {
        return None;
    }
    let expected = format!("{expected:.*}", rate.decimals);
    Some(Hit::new(
        rate.range.clone(),
        FindingKind::InconsistentArithmetic,
        format!(
            "核对比率：{}÷{}应为{expected}%",
            whole_text(text, part),
            whole_text(text, whole)
        ),
    ))
}

/// A total followed by `其中` and its items: the items may not add up to more than the total.
fn breakdowns(text: &str, sentence: &Range<usize>, counts: &[Count]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let part = &text[sentence.clone()];
    for (offset, _) in part.match_indices("其中") {
        let at = sentence.start + offset;
        let Some(total) = counts
            .iter()
            .rev()
            .find(|c| c.range.end <= at && !c.is_rate())
        else {
            continue;
        };
        if total.approximate {
            continue;
        }
        // The items run to the next 其中 or the sentence's end.
        let next = part[offset + "其中".len()..]
            .find("其中")
            .map_or(sentence.end, |n| at + "其中".len() + n);
        let items: Vec<&Count> = counts
            .iter()
            .filter(|c| c.range.start > at && c.range.end <= next && c.unit == total.unit)
            // 已办结30件 after 其中31件 is a part of the item, not another item.
            .filter(|c| !is_part(text, sentence.start, c))
            .collect();
        if items.len() < 2 || items.iter().any(|c| c.approximate) {
            continue;
        }
        let sum: f64 = items.iter().map(|c| c.value).sum();
        if sum > total.value {
            hits.push(Hit::new(
                total.range.clone(),
                FindingKind::InconsistentArithmetic,
                format!("核对数字：其中各项合计{sum}{}，多于总数", total.unit),
            ));
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str) -> Vec<&str> {
        check(text)
            .into_iter()
            .map(|hit| &text[hit.range])
            .collect()
    }

    #[test]
    fn a_rate_its_counts_do_not_give_is_flagged() {
        assert_eq!(flagged("排查风险点40个，已整改36个，整改率95%。"), ["95%"]);
        assert_eq!(
            flagged("排查风险点40个，已整改36个，整改率90%。"),
            Vec::<&str>::new()
        );
        assert_eq!(
            flagged("发现问题23个，已整改21个，整改率91.3%；反馈问题33个，已整改31个，整改率94%。"),
            Vec::<&str>::new()
        );
        assert_eq!(flagged("同比下降18.3%，整改率达100%。"), Vec::<&str>::new());
    }

    #[test]
    fn a_part_larger_than_its_whole_is_flagged() {
        assert_eq!(
            flagged("覆盖全镇18个村，发现问题26个，已整改29个，其余问题正在整改。"),
            ["29个"]
        );
        assert_eq!(flagged("发现问题26个，已整改20个。"), Vec::<&str>::new());
        assert_eq!(
            flagged("开展执法检查3次，完成专题调研5次。"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn a_breakdown_over_its_total_is_flagged() {
        assert_eq!(
            flagged("开展谈话30人次，其中廉政谈话20人次、提醒谈话15人次。"),
            ["30人次"]
        );
        assert_eq!(
            flagged("开展谈话40人次，其中廉政谈话20人次、提醒谈话15人次。"),
            Vec::<&str>::new()
        );
    }
}
