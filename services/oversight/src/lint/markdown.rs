//! Markdown marks left in a plain-text report: `**` anywhere, and any `*` that is neither a
//! placeholder for a count (reported as such) nor a multiplication sign between numbers
//! (`5*8小时`). Reports are plain text, so a star that survives those two readings is stray.

use std::ops::Range;

use super::finding::{FindingKind, Hit};
use super::numeral::is_arabic_digit;

/// Whether `c` is a star, half- or full-width.
fn is_star(c: char) -> bool {
    matches!(c, '*' | '＊')
}

/// Finds every stray star run in `text`, skipping those inside `placeholders` (the byte ranges
/// already reported as unfilled counts).
pub(crate) fn check(text: &str, placeholders: &[Range<usize>]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_star(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if !is_star(next) {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        let run = start..end;
        if placeholders
            .iter()
            .any(|placeholder| placeholder.start <= run.start && run.end <= placeholder.end)
        {
            continue;
        }
        if run.len() == 1 && is_multiplication(text, &run) {
            continue;
        }
        let stars = &text[run.clone()];
        hits.push(Hit::new(
            run,
            FindingKind::StrayMarkdown,
            format!("删除多余的“{stars}”"),
        ));
    }
    hits
}

/// Whether the single star at `run` stands between two numbers, spaces aside.
fn is_multiplication(text: &str, run: &Range<usize>) -> bool {
    let before = text[..run.start].trim_end_matches(' ').chars().next_back();
    let after = text[run.end..].trim_start_matches(' ').chars().next();
    before.is_some_and(is_arabic_digit) && after.is_some_and(is_arabic_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stray(text: &str, placeholders: &[Range<usize>]) -> Vec<(usize, String)> {
        check(text, placeholders)
            .into_iter()
            .map(|hit| (hit.range.start, text[hit.range].to_owned()))
            .collect()
    }

    #[test]
    fn double_stars_are_stray_anywhere() {
        let text = "在市委的坚强领导下，**始终坚持";
        assert_eq!(
            stray(text, &[]),
            [(text.find('*').expect("in text"), "**".to_owned())]
        );
        assert_eq!(stray("**重点工作**", &[]).len(), 2);
    }

    #[test]
    fn a_star_opening_a_paragraph_or_before_a_word_is_stray() {
        let text = "*坚决落实主体责任。\n下一步，*党组将进一步增强责任感";
        let found = stray(text, &[]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], (0, "*".to_owned()));
        assert_eq!(found[1].1, "*");
    }

    #[test]
    fn placeholders_and_multiplications_are_not_stray() {
        let text = "检查*部法律法规，按5 * 8小时计，3*4";
        let placeholder = text.find('*').expect("in text");
        let covered = placeholder..placeholder + "*部".len();
        assert_eq!(stray(text, std::slice::from_ref(&covered)), []);
    }

    #[test]
    fn full_width_stars_count_too() {
        assert_eq!(stray("＊党组", &[]), [(0, "＊".to_owned())]);
    }
}
