//! Counts that disagree with the records: the draft says `3次专题询问` and the records hold 2. A
//! count stated as “more than” (`120余件规范性文件`) agrees when the records hold at least that many.

use super::context::RecordedCount;
use super::finding::{FindingKind, Hit};
use super::numeral::count_before;

/// How many characters may stand between the measure word and the noun, as in `5部法律法规` vs
/// `5部重要法律法规`.
const MAX_GAP_CHARS: usize = 6;

/// Characters that end the phrase a count belongs to; a noun past one of them is counted by
/// something else.
const PHRASE_BREAKS: &[char] = &['，', '。', '；', '：', '、', '！', '？', '\n', ',', ';'];

/// Finds every stated count of a recorded thing whose number differs from the record.
pub(crate) fn check(text: &str, records: &[RecordedCount]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = records
        .iter()
        .filter(|record| !record.measure_word.is_empty() && !record.noun.is_empty())
        .flat_map(|record| mismatches(text, record))
        .collect();
    hits.sort_by_key(|hit| hit.range.start);
    hits
}

/// The statements of `record` in `text` whose number disagrees with it.
fn mismatches(text: &str, record: &RecordedCount) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (measure_at, measure_word) in text.match_indices(record.measure_word.as_str()) {
        let (number_end, approximate) = match text[..measure_at].strip_suffix('余') {
            Some(before) => (before.len(), true),
            None => (measure_at, false),
        };
        let Some((number_start, stated)) = count_before(text, number_end) else {
            continue;
        };
        let after = measure_at + measure_word.len();
        let Some(noun_end) = noun_end(text, after, &record.noun) else {
            continue;
        };
        let agrees = if approximate {
            record.value >= stated
        } else {
            record.value == stated
        };
        if !agrees {
            hits.push(Hit::new(
                number_start..noun_end,
                FindingKind::NumberMismatch,
                format!(
                    "按记录应为{}{}{}",
                    record.value, record.measure_word, record.noun
                ),
            ));
        }
    }
    hits
}

/// Where `noun` ends when it follows byte `from` within [`MAX_GAP_CHARS`] characters of the same
/// phrase.
fn noun_end(text: &str, from: usize, noun: &str) -> Option<usize> {
    let rest = &text[from..];
    rest.char_indices()
        .take(MAX_GAP_CHARS + 1)
        .take_while(|&(_, c)| !PHRASE_BREAKS.contains(&c))
        .find(|&(offset, _)| rest[offset..].starts_with(noun))
        .map(|(offset, _)| from + offset + noun.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mismatched<'a>(text: &'a str, records: &[RecordedCount]) -> Vec<(&'a str, String)> {
        check(text, records)
            .into_iter()
            .map(|hit| (&text[hit.range], hit.suggestion))
            .collect()
    }

    #[test]
    fn a_count_that_differs_from_the_record_is_found() {
        let records = [RecordedCount::new("次", "专题询问", 2)];
        let text = "结合相关报告开展了3次专题询问。";
        assert_eq!(
            mismatched(text, &records),
            [("3次专题询问", "按记录应为2次专题询问".to_owned())]
        );
    }

    #[test]
    fn chinese_numerals_and_gaps_are_read() {
        let records = [
            RecordedCount::new("次", "专题调研", 6),
            RecordedCount::new("部", "法律法规", 5),
        ];
        let text = "开展三次专题调研，检查5部重要法律法规实施情况";
        assert_eq!(
            mismatched(text, &records),
            [("三次专题调研", "按记录应为6次专题调研".to_owned())]
        );
    }

    #[test]
    fn more_than_agrees_with_a_larger_record() {
        let text = "对120余件规范性文件进行了备案审查";
        assert_eq!(
            mismatched(text, &[RecordedCount::new("件", "规范性文件", 126)]),
            []
        );
        assert_eq!(
            mismatched(text, &[RecordedCount::new("件", "规范性文件", 98)]),
            [("120余件规范性文件", "按记录应为98件规范性文件".to_owned())]
        );
    }

    #[test]
    fn counts_of_other_things_are_left_alone() {
        let records = [RecordedCount::new("次", "专题询问", 2)];
        let text = "开展6次专题调研，2次专题询问，召开3次会议，专题询问";
        assert_eq!(mismatched(text, &records), []);
    }
}
