//! Placeholders left where a number or a name belongs, in every shape drafters type: `*`, `＊`,
//! `X`/`x`/`Ｘ`, `XX`, `×`, `○`, `□`, `__`, an empty `（ ）`, and `某` standing for a number
//! (`讲授廉政党课某场`).

use super::counted::{fill_in_suggestion, noun_after};
use super::finding::{FindingKind, Hit};
use super::numeral::is_arabic_digit;
use super::quantity::{AMBIGUOUS_MEASURE_WORDS, MEASURE_WORDS};

/// Units after which a mark stands for a number even without a measure word: `*年*月*日`, `*万元`.
fn is_numeric_unit(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '日' | '号' | '天' | '周' | '万' | '亿' | '元' | '%' | '％' | '人' | '岁'
    )
}

/// The measure word (or 余 + measure word) that starts `rest`, if any.
fn measure_word_at(rest: &str) -> Option<&'static str> {
    let rest = rest.strip_prefix('余').unwrap_or(rest);
    let mut words: Vec<&'static str> = MEASURE_WORDS
        .iter()
        .chain(AMBIGUOUS_MEASURE_WORDS)
        .copied()
        .filter(|w| *w != "余")
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.into_iter().find(|w| rest.starts_with(w))
}

/// What follows a mark run ending at `end`: the byte end of its measure word or unit, if one follows.
fn counted_end(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    if let Some(word) = measure_word_at(rest) {
        let yu = if rest.starts_with('余') {
            '余'.len_utf8()
        } else {
            0
        };
        return Some(end + yu + word.len());
    }
    rest.chars()
        .next()
        .filter(|&c| is_numeric_unit(c))
        .map(|c| end + c.len_utf8())
}

/// A placeholder hit over `start..end` with the suggestion to fill in what follows.
fn hit(text: &str, start: usize, run_end: usize, end: Option<usize>) -> Hit {
    let suggestion = match end {
        Some(end) => {
            let unit = measure_word_at(&text[run_end..]).unwrap_or("数");
            let unit_end = end;
            fill_in_suggestion(unit, noun_after(text, unit_end))
        }
        None => "填写具体内容".to_owned(),
    };
    Hit::new(
        start..end.unwrap_or(run_end),
        FindingKind::Placeholder,
        suggestion,
    )
}

/// The end of the run of `c`-like characters starting at `at`.
fn run_end(text: &str, at: usize, same: impl Fn(char) -> bool) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !same(c))
        .map_or(text.len(), |(offset, _)| at + offset)
}

/// Finds every placeholder in `text`.
pub(crate) fn check(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut skip_to = 0;
    for (at, c) in text.char_indices() {
        if at < skip_to {
            continue;
        }
        let previous = text[..at].chars().next_back();
        let found = match c {
            '*' | '＊' => {
                let end = run_end(text, at, |c| matches!(c, '*' | '＊'));
                counted_end(text, end).map(|counted| hit(text, at, end, Some(counted)))
            }
            'X' | 'x' | 'Ｘ' => {
                let end = run_end(text, at, |c| matches!(c, 'X' | 'x' | 'Ｘ'));
                let next = text[end..].chars().next();
                // x inside a Latin word or code (Excel, Linux, 0x1F) is no placeholder.
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                if latin(previous) || latin(next) {
                    None
                } else if end - at >= 2 {
                    Some(hit(text, at, end, counted_end(text, end)))
                } else {
                    counted_end(text, end).map(|counted| hit(text, at, end, Some(counted)))
                }
            }
            '×' => {
                let end = run_end(text, at, |c| c == '×');
                if previous.is_some_and(is_arabic_digit) {
                    None
                } else if end - at > '×'.len_utf8() {
                    Some(hit(text, at, end, counted_end(text, end)))
                } else {
                    counted_end(text, end).map(|counted| hit(text, at, end, Some(counted)))
                }
            }
            '○' | '□' => {
                let end = run_end(text, at, |c| matches!(c, '○' | '□'));
                // 二○二三年 writes the zero with the circle sign.
                let numeral =
                    |c: Option<char>| c.is_some_and(|c| "〇零一二三四五六七八九十".contains(c));
                if c == '○' && (numeral(previous) || numeral(text[end..].chars().next())) {
                    None
                } else {
                    counted_end(text, end).map(|counted| hit(text, at, end, Some(counted)))
                }
            }
            '_' => {
                let end = run_end(text, at, |c| c == '_');
                (end - at >= 2).then(|| hit(text, at, end, counted_end(text, end)))
            }
            '（' | '(' => empty_brackets(text, at, c),
            '某' => some_as_number(text, at),
            _ => None,
        };
        if let Some(found) = found {
            skip_to = found.range.end;
            hits.push(found);
        }
    }
    hits
}

/// An empty pair of brackets, `（ ）` or `()`, where something was to be filled in.
fn empty_brackets(text: &str, at: usize, open: char) -> Option<Hit> {
    let close = if open == '（' { '）' } else { ')' };
    let inner_start = at + open.len_utf8();
    let inner_end = run_end(text, inner_start, |c| matches!(c, ' ' | '　' | '\u{a0}'));
    text[inner_end..].starts_with(close).then(|| {
        let end = inner_end + close.len_utf8();
        hit(text, at, end, counted_end(text, end))
    })
}

/// 某 + measure word standing for a number: where it ends its clause (讲授廉政党课某场。). Before a
/// noun (某个问题, 开展某项工作) it is the ordinary “a certain”.
fn some_as_number(text: &str, at: usize) -> Option<Hit> {
    let after = at + '某'.len_utf8();
    let counted = counted_end(text, after)?;
    measure_word_at(&text[after..])?;
    let ends_clause = text[counted..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    // 第某轮 is an ordinal whose number is still to come.
    let ordinal = text[..at].ends_with('第');
    (ends_clause || ordinal).then(|| hit(text, at, after, Some(counted)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        check(text)
            .into_iter()
            .map(|hit| &text[hit.range])
            .collect()
    }

    #[test]
    fn placeholders_of_every_shape_are_found() {
        let text = "检查*部法律法规，开展X次专题调研，讲课XX次，开展谈话○人次，记录□件，\
                    谈话__人次，学习（ ）次，事项（）件，观看×场，讲授廉政党课某场，发放倡议书Ｘ份，\
                    于2023年*月召开，投入**万元，XX县民政局";
        assert_eq!(
            found(text),
            [
                "*部",
                "X次",
                "XX次",
                "○人次",
                "□件",
                "__人次",
                "（ ）次",
                "（）件",
                "×场",
                "某场",
                "Ｘ份",
                "*月",
                "**万",
                "XX"
            ]
        );
    }

    #[test]
    fn ordinary_uses_of_the_marks_are_left_alone() {
        let text = "3×4次，Excel表格，Linux系统，box次，对某名干部、某个问题，开展某项工作，\
                    （一）加强学习，按5*8小时计，二○二三年，○ 加强学习";
        assert_eq!(found(text), Vec::<&str>::new());
    }
}
