//! Markdown left in a plain-text report: `**` anywhere, any `*` that is neither a placeholder for a
//! count (reported as such) nor a multiplication sign between numbers (`5*8小时`), backticks, and the
//! marks that open a line in Markdown: headings (`#`, `##`), list bullets (`-`, `+`), quotes (`>`) and
//! table rows (`|`). A report written as Markdown on purpose is checked for stars only.

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

/// Markdown's line marks and backticks in a plain-text `text`.
pub(crate) fn structure(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '　', '\t']).len();
        let body = &line[indent..];
        let at = line_start + indent;
        let heading = body.len() - body.trim_start_matches('#').len();
        let mark_len = if heading > 0 && heading <= 6 && !body[heading..].starts_with('#') {
            heading
        } else if ["- ", "+ ", "> ", "-\u{3000}"]
            .iter()
            .any(|mark| body.starts_with(mark))
            || body.starts_with('|')
        {
            1
        } else {
            0
        };
        if mark_len > 0 {
            let mark = &body[..mark_len];
            hits.push(Hit::new(
                at..at + mark_len,
                FindingKind::StrayMarkdown,
                format!("删除Markdown标记“{mark}”"),
            ));
        }
        for (offset, _) in line.match_indices('`') {
            hits.push(Hit::new(
                line_start + offset..line_start + offset + 1,
                FindingKind::StrayMarkdown,
                "删除Markdown标记“`”",
            ));
        }
        line_start += line.len() + 1;
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
    fn line_marks_and_backticks_are_stray() {
        let text = "# 一、总体情况\n　　## 二、主要做法\n- 开展检查\n| 项目 | 次数 |\n|---|---|\n制定`十条措施`\n-3℃";
        let found: Vec<&str> = structure(text)
            .into_iter()
            .map(|h| &text[h.range])
            .collect();
        assert_eq!(found, ["#", "##", "-", "|", "|", "`", "`"]);
    }

    #[test]
    fn full_width_stars_count_too() {
        assert_eq!(stray("＊党组", &[]), [(0, "＊".to_owned())]);
    }
}
