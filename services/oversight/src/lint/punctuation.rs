//! Punctuation typed wrong in Chinese text: the same mark twice (`。。`, `，，`, `、、`, `；；`) and a
//! half-width comma, semicolon, colon, question or exclamation mark between Chinese characters.

use super::finding::{FindingKind, Hit};

/// Chinese marks that never stand twice in a row (…… and —— do, and are not here).
const SINGLE_MARKS: &[char] = &['。', '，', '、', '；', '：', '！', '？'];

/// Whether `c` is a CJK ideograph or a Chinese mark, the company a Chinese mark keeps.
fn is_chinese(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '“' | '”' | '《' | '》' | '（' | '）')
}

/// The Chinese mark for a half-width one.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

/// Finds every doubled or half-width mark in `text`.
pub(crate) fn check(text: &str) -> Vec<Hit> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |index: usize| chars.get(index).map_or(text.len(), |&(at, _)| at);
    let mut hits = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let (at, c) = chars[index];
        if SINGLE_MARKS.contains(&c) {
            let run = chars[index..].iter().take_while(|&&(_, n)| n == c).count();
            if run >= 2 {
                hits.push(Hit::new(
                    at..byte_at(index + run),
                    FindingKind::Punctuation,
                    format!("删除重复的“{c}”"),
                ));
            }
            index += run;
            continue;
        }
        if let Some(wide) = full_width(c) {
            let before = index.checked_sub(1).map(|i| chars[i].1);
            let after = chars.get(index + 1).map(|&(_, n)| n);
            if before.is_some_and(is_chinese) && after.is_some_and(is_chinese) {
                hits.push(Hit::new(
                    at..byte_at(index + 1),
                    FindingKind::Punctuation,
                    format!("改为全角“{wide}”"),
                ));
            }
        }
        index += 1;
    }
    hits
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
    fn doubled_and_half_width_marks_are_found() {
        assert_eq!(
            found("落实责任。。加强监督，，开展检查、、通报,强化监督;严肃纪律:坚持"),
            ["。。", "，，", "、、", ",", ";", ":"]
        );
    }

    #[test]
    fn marks_in_their_place_are_left_alone() {
        assert_eq!(
            found("会议于10:30召开，共3,000人……“两个维护”——坚决做到。Excel, Word"),
            Vec::<&str>::new()
        );
    }
}
