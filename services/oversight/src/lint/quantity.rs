//! Counts with no number: a measure word (量词) used as a count where no numeral stands before it,
//! wherever it stands, after a verb (`审议个报告`) or a noun (`召开专题会议次`, `签订承诺书份`); and
//! `余`/`近`/`多` + measure word with no number before them (`制度余条`, `达余人次`, `近场`).
//!
//! Words come from the dictionary tagger, so 部门, 个别, 其次 or 文件 are words of their own and never
//! read as measure words. A measure word that is also an ordinary word (部, 条, 名, 家 …) counts only
//! where the tagger calls it one or a counted noun follows it.

use super::counted::{fill_in_suggestion, noun_after};
use super::finding::{FindingKind, Hit};
use super::numeral::is_numeral;
use super::words::{self, Word};

/// Measure words that, standing alone as a word, always count something.
pub(crate) const MEASURE_WORDS: &[&str] = &[
    "人次", "个", "次", "项", "件", "份", "篇", "场次", "批次", "余",
];

/// Measure words that are also ordinary words, and count only in a counting position.
pub(crate) const AMBIGUOUS_MEASURE_WORDS: &[&str] = &[
    "部", "条", "名", "家", "批", "场", "轮", "张", "册", "封", "宗", "笔", "期", "起",
];

/// Characters that end a word standing for “which” or “how many” before a measure word: 每次,
/// 这项, 各个, 首批, 几名, 某件, 上次, 本期, 其次, 逐项, 多次, 半个.
const DETERMINERS: &[char] = &[
    '每', '这', '那', '各', '该', '首', '几', '某', '哪', '上', '下', '本', '此', '其', '单', '逐',
    '历', '同', '整', '全', '半', '多', '数', '若', '干', '两', '第', '前', '后', '末', '头', '次',
];

/// Verbs of oversight work that the dictionary joins with a following measure word into one noun
/// (检查部 is its word for an inspection department); in a report, 检查部法律法规 lacks its number.
const COUNTING_VERBS: &[&str] = &[
    "审议", "听取", "检查", "开展", "召开", "举办", "制定", "修订", "审查", "办理", "督办", "查处",
];

/// Words after which a measure word stands for the thing itself rather than a count of it (参训人次
/// 达120): a number follows.
const RATE_WORDS: &[&str] = &["达", "为", "共", "计", "约", "超过", "达到", "累计"];

/// Marks drafters leave where a number belongs; a count after one is a placeholder, not a missing
/// number.
pub(crate) fn is_placeholder_mark(c: char) -> bool {
    matches!(
        c,
        '*' | '＊' | '×' | 'X' | 'x' | 'Ｘ' | '○' | '□' | '_' | '）' | ')' | '】' | ']' | '}'
    )
}

/// Whether `word` is a measure word in its place among `words` (at `index`).
pub(crate) fn is_measure_word(words: &[Word<'_>], index: usize) -> bool {
    let word = &words[index];
    if MEASURE_WORDS.contains(&word.text) && word.text != "余" {
        return true;
    }
    if !AMBIGUOUS_MEASURE_WORDS.contains(&word.text) {
        return false;
    }
    let previous = index.checked_sub(1).map(|i| &words[i]);
    let next = words.get(index + 1);
    // 起 after a verb completes it (建立起, 树立起); as a count it follows what is counted.
    if word.text == "起" && previous.is_some_and(|p| p.is_verb() && !p.is_noun()) {
        return false;
    }
    let counting = previous.is_some_and(|p| p.is_verb() || p.is_noun());
    // Counting where the tagger says so, before the noun counted, or closing a clause after it
    // (通报典型案例起。).
    let closes_after_noun =
        previous.is_some_and(Word::is_noun) && next.is_none_or(Word::is_punctuation);
    counting && (word.tag == "q" || next.is_some_and(Word::is_noun) || closes_after_noun)
}

/// Whether `word` ends in something that gives or stands for a number.
fn ends_in_number(word: &Word<'_>) -> bool {
    word.text
        .chars()
        .next_back()
        .is_some_and(|c| is_numeral(c) || is_placeholder_mark(c) || c == '〇')
}

/// Whether a number follows the word at `index` (directly or after 达, 为 …).
fn number_follows(words: &[Word<'_>], index: usize) -> bool {
    let mut next = index + 1;
    if words
        .get(next)
        .is_some_and(|w| RATE_WORDS.contains(&w.text))
    {
        next += 1;
    }
    words
        .get(next)
        .is_some_and(|w| w.text.chars().next().is_some_and(is_numeral))
}

/// Finds every count with no number among `words` of `text`.
pub(crate) fn check(text: &str, words: &[Word<'_>]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for index in 0..words.len() {
        let word = &words[index];
        let previous = index
            .checked_sub(1)
            .map(|i| &words[i])
            .filter(|p| p.range.end == word.range.start);
        if let Some(hit) = approximate(text, words, index, previous) {
            hits.push(hit);
            continue;
        }
        if let Some(hit) =
            verb_joined(text, words, index).or_else(|| split_tail(text, words, index))
        {
            hits.push(hit);
            continue;
        }
        if !is_measure_word(words, index) {
            continue;
        }
        let Some(previous) = previous else { continue };
        // A measure word said twice means “every one” (件件有回音, 个个过硬).
        let doubled = previous.text == word.text
            || words
                .get(index + 1)
                .is_some_and(|next| next.text == word.text);
        if doubled {
            continue;
        }
        let before_ok = previous.is_punctuation()
            || ends_in_number(previous)
            || previous.text.ends_with(DETERMINERS)
            || matches!(previous.tag, "m" | "r" | "q" | "eng" | "x");
        if before_ok || number_follows(words, index) {
            continue;
        }
        hits.push(Hit::new(
            word.range.clone(),
            FindingKind::MissingNumber,
            fill_in_suggestion(word.text, noun_after(text, word.range.end)),
        ));
    }
    hits
}

/// A counting verb the dictionary joined with the measure word after it (检查部), before the noun it
/// counts: the number between them is missing.
fn verb_joined(text: &str, words: &[Word<'_>], index: usize) -> Option<Hit> {
    let word = &words[index];
    let verb = COUNTING_VERBS.iter().find(|v| word.text.starts_with(**v))?;
    let unit = &word.text[verb.len()..];
    let is_unit = MEASURE_WORDS.contains(&unit) || AMBIGUOUS_MEASURE_WORDS.contains(&unit);
    let counts_next = words.get(index + 1).is_some_and(Word::is_noun);
    (is_unit && unit != "余" && counts_next).then(|| {
        let start = word.range.start + verb.len();
        Hit::new(
            start..word.range.end,
            FindingKind::MissingNumber,
            fill_in_suggestion(unit, noun_after(text, word.range.end)),
        )
    })
}

/// A measure word the dictionary took as the end of another word at the end of a clause: in
/// 警示教育片场。 the words are 教育片 + 场, but 片场 (a film set) is in the dictionary too.
fn split_tail(text: &str, words: &[Word<'_>], index: usize) -> Option<Hit> {
    let word = &words[index];
    let (head, unit) = word
        .text
        .char_indices()
        .nth(1)
        .map(|(at, _)| word.text.split_at(at))?;
    if word.text.chars().count() != 2
        || head.chars().all(is_numeral)
        || !(MEASURE_WORDS.contains(&unit) || AMBIGUOUS_MEASURE_WORDS.contains(&unit))
    {
        return None;
    }
    let previous = words.get(index.checked_sub(1)?)?;
    let ends_clause = words.get(index + 1).is_none_or(Word::is_punctuation);
    let joined = format!("{}{head}", previous.text);
    (ends_clause && previous.range.end == word.range.start && words::is_word(&joined)).then(|| {
        let start = word.range.start + head.len();
        Hit::new(
            start..word.range.end,
            FindingKind::MissingNumber,
            fill_in_suggestion(unit, noun_after(text, word.range.end)),
        )
    })
}

/// `余`, `近` or `多` + a measure word with no number before it, as one word (余条) or two (余 人次).
fn approximate(
    text: &str,
    words: &[Word<'_>],
    index: usize,
    previous: Option<&Word<'_>>,
) -> Option<Hit> {
    let word = &words[index];
    let mark = ['余', '近', '多']
        .into_iter()
        .find(|&mark| word.text.starts_with(mark))?;
    let rest = &word.text[mark.len_utf8()..];
    let (unit, end) = if rest.is_empty() {
        let next = words.get(index + 1)?;
        let unit = MEASURE_WORDS
            .iter()
            .chain(AMBIGUOUS_MEASURE_WORDS)
            .find(|unit| **unit == next.text)?;
        (*unit, next.range.end)
    } else {
        // 余条, 余人次 are numerals to the tagger; 近期 (recently) is a word of time.
        if word.tag != "m" {
            return None;
        }
        let unit = MEASURE_WORDS
            .iter()
            .chain(AMBIGUOUS_MEASURE_WORDS)
            .chain(&["人"])
            .find(|unit| **unit == rest)?;
        (*unit, word.range.end)
    };
    if previous.is_some_and(ends_in_number) {
        return None;
    }
    let after_quantity_word = previous.is_some_and(|p| RATE_WORDS.contains(&p.text));
    let wrong = match mark {
        '余' => true,
        // 近 + measure word reads as a count only without a number after (近百场 has one).
        '近' => !text[end..].starts_with(is_numeral),
        // 多次, 多个, 多名 are words of their own (“several”); 多 + 人次 or after 达 is a gap.
        _ => unit == "人次" || after_quantity_word,
    };
    wrong.then(|| {
        Hit::new(
            word.range.start..end,
            FindingKind::MissingNumber,
            fill_in_suggestion(unit, noun_after(text, end)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn missing(text: &str) -> Vec<&str> {
        check(text, &words(text))
            .into_iter()
            .map(|hit| &text[hit.range])
            .collect()
    }

    #[test]
    fn a_measure_word_without_a_number_is_found_after_a_verb_or_a_noun() {
        assert_eq!(
            missing(
                "组织召开以案促改专题会议次，签订承诺书份，共听取审议个“一府一委两院”专项工作报告"
            ),
            ["次", "份", "个"]
        );
        assert_eq!(missing("检查部法律法规实施情况"), ["部"]);
    }

    #[test]
    fn approximate_counts_without_a_number_are_found() {
        assert_eq!(
            missing("建立完善制度余条，参加学习的党员群众达余人次，对余件规范性文件进行审查"),
            ["余条", "余人次", "余件"]
        );
        assert_eq!(
            missing("对120余件规范性文件，多次召开会议，多名干部，近百场"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn ordinary_words_and_counted_measure_words_are_left_alone() {
        let text = "一个中心，各部门部署到位，次要问题，文件条件，每次、这次、多次、首次，其次，\
                    个人和个别干部，部分内部支部，党支部，项目，条例，批评，场所，名单，家风，\
                    召开会议3次，开展谈话56人次，参训人次达120，其余部分，一百二十个项目，逐项整改，\
                    建立起长效机制，树立起规矩意识，通报典型问题3起";
        assert_eq!(missing(text), Vec::<&str>::new());
    }
}
