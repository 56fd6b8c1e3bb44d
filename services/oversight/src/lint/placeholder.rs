//! Counts left unfilled: a placeholder where the number belongs (`检查*部法律法规`, `开展X次专题调研`),
//! or nothing at all where a verb calls for one (`共听取审议个…报告`, `对余件规范性文件`).

use super::context::RecordedCount;
use super::counted::{
    expects_count_before, fill_in_suggestion, follows_counting_verb, measure_word_at, noun_after,
};
use super::finding::{FindingKind, Hit};
use super::numeral::is_arabic_digit;

/// Characters drafters type where a number is still to come.
fn is_placeholder_mark(c: char) -> bool {
    matches!(c, '*' | '＊' | '×' | 'X' | 'x' | 'Ｘ')
}

/// Units after which a placeholder stands for a number even without a measure word: `*年*月*日`,
/// `*万元`, `*%`.
fn is_numeric_unit(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '日' | '号' | '天' | '周' | '万' | '亿' | '元' | '%' | '％'
    )
}

/// Finds every placeholder and every missing number in `text`; `records` only enrich the
/// suggestion with the recorded value.
pub(crate) fn check(text: &str, records: &[RecordedCount]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut skip_to = 0;
    for (at, c) in text.char_indices() {
        if at < skip_to {
            continue;
        }
        let hit = if is_placeholder_mark(c) {
            placeholder_at(text, at, records)
        } else if c == '某' && follows_counting_verb(text, at) {
            // 某 stands for a number only in the counts of work done (开展某次专题调研); after 对 or
            // with other measure words it is the ordinary “a certain” (对某名干部, 某个问题).
            let after = at + c.len_utf8();
            let counts_work = ["次", "部", "件"]
                .iter()
                .any(|word| text[after..].starts_with(word));
            counts_work
                .then(|| counted_after(text, at, after, FindingKind::Placeholder, records))
                .flatten()
        } else if expects_count_before(text, at) {
            let after_yu = if c == '余' { at + c.len_utf8() } else { at };
            counted_after(text, at, after_yu, FindingKind::MissingNumber, records)
        } else {
            None
        };
        if let Some(hit) = hit {
            skip_to = hit.range.end;
            hits.push(hit);
        }
    }
    hits
}

/// A run of placeholder marks starting at `at` that stands before a measure word or a unit.
fn placeholder_at(text: &str, at: usize, records: &[RecordedCount]) -> Option<Hit> {
    let previous = text[..at].chars().next_back();
    let first = text[at..].chars().next()?;
    // `x` inside a Latin word and `×` between numbers are not placeholders.
    if matches!(first, 'X' | 'x' | 'Ｘ') && previous.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if first == '×' && previous.is_some_and(is_arabic_digit) {
        return None;
    }
    let run_end = text[at..]
        .char_indices()
        .find(|&(_, c)| !is_placeholder_mark(c))
        .map_or(text.len(), |(offset, _)| at + offset);
    let after_yu = if text[run_end..].starts_with('余') {
        run_end + '余'.len_utf8()
    } else {
        run_end
    };
    if let Some(hit) = counted_after(text, at, after_yu, FindingKind::Placeholder, records) {
        return Some(hit);
    }
    let unit = text[run_end..]
        .chars()
        .next()
        .filter(|&c| is_numeric_unit(c))?;
    Some(Hit::new(
        at..run_end + unit.len_utf8(),
        FindingKind::Placeholder,
        "填写具体数字",
    ))
}

/// A hit from `start` through the measure word found at `measure_at`, with a suggestion naming
/// what is counted; `None` when no measure word is there.
fn counted_after(
    text: &str,
    start: usize,
    measure_at: usize,
    kind: FindingKind,
    records: &[RecordedCount],
) -> Option<Hit> {
    let measure_word = measure_word_at(text, measure_at)?;
    let end = measure_at + measure_word.len();
    let noun = noun_after(text, end);
    let mut suggestion = fill_in_suggestion(measure_word, noun);
    let recorded = records.iter().find(|record| {
        record.measure_word == measure_word
            && !record.noun.is_empty()
            && noun.contains(&record.noun)
    });
    if let Some(record) = recorded {
        suggestion.push_str(&format!(
            "（记录为{}{}）",
            record.value, record.measure_word
        ));
    }
    Some(Hit::new(start..end, kind, suggestion))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(FindingKind, &str, String)> {
        check(text, &[])
            .into_iter()
            .map(|hit| (hit.kind, &text[hit.range], hit.suggestion))
            .collect()
    }

    #[test]
    fn placeholders_before_a_measure_word_are_found() {
        let text = "检查*部法律法规实施情况，开展X次专题调研，结合相关报告开展了*次专题询问，\
                    开展某次执法检查，对某名干部、某件事、某个问题";
        assert_eq!(
            found(text),
            [
                (
                    FindingKind::Placeholder,
                    "*部",
                    "填写法律法规的部数".to_owned()
                ),
                (
                    FindingKind::Placeholder,
                    "X次",
                    "填写专题调研的次数".to_owned()
                ),
                (
                    FindingKind::Placeholder,
                    "*次",
                    "填写专题询问的次数".to_owned()
                ),
                (
                    FindingKind::Placeholder,
                    "某次",
                    "填写执法检查的次数".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn placeholders_before_a_unit_are_found() {
        let text = "于2023年*月召开，投入**万元";
        let kinds: Vec<_> = found(text).into_iter().map(|(_, text, _)| text).collect();
        assert_eq!(kinds, ["*月", "**万"]);
    }

    #[test]
    fn measure_words_without_a_number_are_found() {
        let text = "常委会共听取审议个“一府一委两院”专项工作报告，对余件规范性文件进行了备案审查";
        assert_eq!(
            found(text),
            [
                (
                    FindingKind::MissingNumber,
                    "个",
                    "填写“一府一委两院”专项工作报告的个数".to_owned()
                ),
                (
                    FindingKind::MissingNumber,
                    "余件",
                    "填写规范性文件的件数".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn ordinary_words_with_measure_characters_are_left_alone() {
        let text = "一个中心，各部门部署到位，次要问题，文件条件，每次、这次、多次、首次，其次，\
                    个人和个别干部，部分内部支部，党支部，局部全部，对个别问题开展了个别谈话，\
                    对部门预算审查，审议条例，检查场所，共同推进，对120余件规范性文件，\
                    其余部分，一百二十个项目，3×4次，box次";
        assert_eq!(found(text), []);
    }

    #[test]
    fn recorded_values_enrich_the_suggestion() {
        let records = [RecordedCount::new("次", "专题询问", 2)];
        let text = "开展了*次专题询问";
        let hits = check(text, &records);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].suggestion, "填写专题询问的次数（记录为2次）");
    }
}
