//! Dates that cannot be right: impossible ones (`2023年2月30日`, `13月`), years after the report's
//! outside a plan or target (`2035年远景目标纲要` is fine), one year written in two styles in one text
//! (`2035年` and `二〇三五年`), where the less used style gives way to the other, days after the
//! report's own date line, plans (`下一步`, `明年`) for the report's year or an earlier one, and a
//! first sentence whose year disagrees with the title's.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::finding::{FindingKind, Hit};
use super::numeral::{is_numeral, parse_count, parse_year};

/// A year followed by 年, in Arabic digits or digit by digit in Chinese numerals.
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("([0-9]{4}|[〇零一二三四五六七八九]{4})年").expect("year pattern is valid")
});

/// A month, with its year and day when given.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:([0-9]{4}|[〇零一二三四五六七八九]{4})年)?([0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号])?",
    )
    .expect("month and day pattern is valid")
});

/// Words in the few characters after a future year that make it a plan or target rather than a
/// slip (2035年远景目标).
const PLAN_WORDS_AFTER: &[&str] = &[
    "远景", "目标", "规划", "纲要", "愿景", "计划", "行动", "战略",
];

/// What may directly follow a future year's 年 to make it a deadline (2025年底, 2026年前).
const DEADLINE_STARTS: &[&str] = &["底", "前", "以前", "末"];

/// Words right before a future year that make it a target or the end of a range (到2035年,
/// 2021—2025年).
const PLAN_WORDS_BEFORE: &[&str] = &[
    "到", "至", "展望", "力争", "争取", "预计", "计划", "将", "于", "—", "-", "～",
];

/// How a year is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    Arabic,
    Chinese,
}

/// One year in the text: where `YYYY年` stands, its value and its style.
struct YearMention {
    range: Range<usize>,
    year: i32,
    style: Style,
}

/// Every year mention in `text` that is not the tail of a longer number.
fn year_mentions(text: &str) -> Vec<YearMention> {
    YEAR.captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let digits = captures.get(1)?.as_str();
            if text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(is_numeral)
            {
                return None;
            }
            let style = if digits.starts_with(|c: char| c.is_ascii_digit()) {
                Style::Arabic
            } else {
                Style::Chinese
            };
            Some(YearMention {
                range: whole.range(),
                year: parse_year(digits)?,
                style,
            })
        })
        .collect()
}

/// The year the first sentence states, as in `2023年以来，…`.
fn stated_year(text: &str, mentions: &[YearMention]) -> Option<i32> {
    let first_sentence_end = text.find(['。', '\n']).unwrap_or(text.len());
    mentions
        .iter()
        .find(|mention| mention.range.start < first_sentence_end)
        .map(|mention| mention.year)
}

/// Finds every wrong or inconsistent date in `text`; `year` is the report's year, taken from the
/// title or first sentence when `None`.
pub(crate) fn check(text: &str, year: Option<i32>) -> Vec<Hit> {
    let mentions = year_mentions(text);
    let mut hits = impossible_dates(text);
    if let Some(report_year) = year.or_else(|| stated_year(text, &mentions)) {
        hits.extend(future_years(text, &mentions, report_year));
        hits.extend(past_plans(text, &mentions, report_year));
    }
    hits.extend(title_disagreements(text, &mentions));
    hits.extend(after_the_report(text));
    hits.extend(mixed_styles(&mentions));
    hits
}

/// Words before a year in a plan that make it the year the plan is for: 在2024年, 力争2024年.
const PLAN_YEAR_BEFORE: &[&str] = &["在", "于", "到", "至", "力争", "争取", "即", "将", "要"];

/// What may follow a plan's year that makes it the year the plan is for: 2024年内, 2024年要.
const PLAN_YEAR_AFTER: &[&str] = &[
    "内", "底", "末", "前", "要", "将", "继续", "全面", "力争", "重点", "，", "起", "度要", "度将",
];

/// Years a plan paragraph (下一步, 明年, 今后) schedules in the report's year or before it: a plan is
/// for the years to come.
fn past_plans(text: &str, mentions: &[YearMention], report_year: i32) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let plan_start = ["下一步", "明年", "今后", "下步工作", "工作打算"]
            .iter()
            .filter_map(|word| line.find(word))
            .min();
        if let Some(plan_start) = plan_start {
            let from = line_start + plan_start;
            let to = line_start + line.len();
            for mention in mentions
                .iter()
                .filter(|m| m.range.start >= from && m.range.end <= to && m.year <= report_year)
            {
                let before = &text[from..mention.range.start];
                let after = &text[mention.range.end..to];
                // 比2023年 or 2023年的成果 looks back, and is fine.
                let right_after_marker = before
                    .trim_end_matches(['，', ',', '：', ':', ' '])
                    .chars()
                    .count()
                    <= 4;
                let schedules = right_after_marker
                    || PLAN_YEAR_BEFORE.iter().any(|w| before.ends_with(w))
                    || PLAN_YEAR_AFTER.iter().any(|w| after.starts_with(w));
                if schedules {
                    hits.push(Hit::new(
                        mention.range.clone(),
                        FindingKind::InconsistentDate,
                        format!("核对年份：工作打算应为{}年及以后", report_year + 1),
                    ));
                }
            }
        }
        line_start += line.len() + 1;
    }
    hits
}

/// A first sentence whose year is not the title's: 2022年以来 under a title of 2023年度.
fn title_disagreements(text: &str, mentions: &[YearMention]) -> Vec<Hit> {
    let mut lines = text.split('\n');
    let Some(title) = lines.next() else {
        return Vec::new();
    };
    if title.contains('。') || title.trim().is_empty() {
        return Vec::new();
    }
    let Some(title_year) = mentions
        .iter()
        .find(|m| m.range.end <= title.len())
        .map(|m| m.year)
    else {
        return Vec::new();
    };
    let body_start = title.len() + 1;
    // The first line of prose: not a dateline such as ——2024年1月12日在…会议上 or （2024年1月12日）.
    let is_dateline = |line: &str| {
        let line = line.trim_start_matches([' ', '　']);
        line.starts_with(['—', '（', '(']) || MONTH_DAY.find(line).is_some_and(|m| m.start() < 3)
    };
    let Some(body_line) = text.get(body_start..).and_then(|body| {
        body.lines()
            .find(|l| !l.trim().is_empty() && !is_dateline(l))
    }) else {
        return Vec::new();
    };
    let line_start = body_start + text[body_start..].find(body_line).unwrap_or(0);
    let sentence_end = line_start + body_line.find(['。', '，']).unwrap_or(body_line.len());
    mentions
        .iter()
        .find(|m| m.range.start >= line_start && m.range.end <= sentence_end)
        .filter(|m| m.year != title_year)
        .map(|m| {
            Hit::new(
                m.range.clone(),
                FindingKind::InconsistentDate,
                format!("核对年份：标题为{title_year}年"),
            )
        })
        .into_iter()
        .collect()
}

/// The report's own date: a line that is only a full date (2024年1月12日), the last such line.
fn report_date(text: &str) -> Option<(NaiveDate, usize)> {
    text.lines().rev().take(4).find_map(|line| {
        let line = line.trim_matches([' ', '　', '\t']);
        let captures = MONTH_DAY.captures(line)?;
        let whole = captures.get(0)?;
        (whole.start() == 0 && whole.end() == line.len()).then_some(())?;
        let date = full_date(&captures)?;
        Some((date, text.rfind(line)?))
    })
}

/// The date of a month-day match that also has its year.
fn full_date(captures: &regex::Captures<'_>) -> Option<NaiveDate> {
    let year = parse_year(captures.get(1)?.as_str())?;
    let month = u32::try_from(parse_count(captures.get(2)?.as_str())?).ok()?;
    let day = u32::try_from(parse_count(captures.get(3)?.as_str())?).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Full dates in the body later than the report's own date line.
fn after_the_report(text: &str) -> Vec<Hit> {
    let Some((reported, date_line_at)) = report_date(text) else {
        return Vec::new();
    };
    MONTH_DAY
        .captures_iter(&text[..date_line_at])
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let date = full_date(&captures)?;
            let before = &text[..whole.start()];
            let planned = [
                "将", "将于", "拟", "拟于", "计划", "预计", "力争", "争取", "到", "至", "—", "-",
            ]
            .iter()
            .any(|w| before.ends_with(w));
            (date > reported && !planned).then(|| {
                Hit::new(
                    whole.range(),
                    FindingKind::InconsistentDate,
                    format!(
                        "核对日期：晚于报告日期{}",
                        reported.format("%Y年%-m月%-d日")
                    ),
                )
            })
        })
        .collect()
}

/// Months outside 1–12 and days their month does not have.
fn impossible_dates(text: &str) -> Vec<Hit> {
    MONTH_DAY
        .captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            if text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(is_numeral)
            {
                return None;
            }
            let month = parse_count(captures.get(2)?.as_str())?;
            if !(1..=12).contains(&month) {
                return Some(Hit::new(
                    whole.range(),
                    FindingKind::InconsistentDate,
                    "月份应在1至12之间",
                ));
            }
            let day = parse_count(captures.get(3)?.as_str())?;
            // Without a year, allow 2月29日: it exists in leap years.
            let year = captures
                .get(1)
                .and_then(|y| parse_year(y.as_str()))
                .unwrap_or(2024);
            let exists = u32::try_from(month)
                .ok()
                .zip(u32::try_from(day).ok())
                .and_then(|(month, day)| NaiveDate::from_ymd_opt(year, month, day))
                .is_some();
            (!exists).then(|| {
                Hit::new(
                    whole.range(),
                    FindingKind::InconsistentDate,
                    format!("核对日期：{month}月没有{day}日"),
                )
            })
        })
        .collect()
}

/// Years after the report's year, other than the next one (reports are written and plans made in
/// it) and plan or target years.
fn future_years(text: &str, mentions: &[YearMention], report_year: i32) -> Vec<Hit> {
    mentions
        .iter()
        .filter(|mention| mention.year > report_year + 1)
        .filter(|mention| {
            let after: String = text[mention.range.end..].chars().take(8).collect();
            let before = &text[..mention.range.start];
            !PLAN_WORDS_AFTER.iter().any(|word| after.contains(word))
                && !DEADLINE_STARTS.iter().any(|word| after.starts_with(word))
                && !PLAN_WORDS_BEFORE.iter().any(|word| before.ends_with(word))
        })
        .map(|mention| {
            Hit::new(
                mention.range.clone(),
                FindingKind::InconsistentDate,
                format!("核对年份：晚于报告年度{report_year}年"),
            )
        })
        .collect()
}

/// Years written in both styles: the occurrences in the style the text uses less (Chinese on a tie,
/// Arabic being the standard for years) are flagged.
fn mixed_styles(mentions: &[YearMention]) -> Vec<Hit> {
    let mut styles_by_year: HashMap<i32, Vec<Style>> = HashMap::new();
    for mention in mentions {
        styles_by_year
            .entry(mention.year)
            .or_default()
            .push(mention.style);
    }
    let arabic = mentions.iter().filter(|m| m.style == Style::Arabic).count();
    let minority = if mentions.len() - arabic > arabic {
        Style::Arabic
    } else {
        Style::Chinese
    };
    mentions
        .iter()
        .filter(|mention| mention.style == minority)
        .filter(|mention| {
            styles_by_year
                .get(&mention.year)
                .is_some_and(|styles| styles.iter().any(|&style| style != minority))
        })
        .map(|mention| {
            let other = match minority {
                Style::Chinese => mention.year.to_string(),
                Style::Arabic => chinese_year(mention.year),
            };
            Hit::new(
                mention.range.clone(),
                FindingKind::InconsistentDate,
                format!("统一写作“{other}年”"),
            )
        })
        .collect()
}

/// A year digit by digit in Chinese numerals: 2035 → 二〇三五.
fn chinese_year(year: i32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    year.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).and_then(|d| DIGITS.get(d as usize)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str, year: Option<i32>) -> Vec<(&str, String)> {
        check(text, year)
            .into_iter()
            .map(|hit| (&text[hit.range], hit.suggestion))
            .collect()
    }

    #[test]
    fn a_year_in_two_styles_is_flagged_in_the_minority_style() {
        let text =
            "2023年以来，围绕2035年远景目标纲要开展监督，听取二〇三五年远景目标纲要实施情况报告。";
        assert_eq!(
            flagged(text, None),
            [("二〇三五年", "统一写作“2035年”".to_owned())]
        );
    }

    #[test]
    fn impossible_dates_are_flagged() {
        let text = "于2023年2月30日召开，13月完成，2月29日报送，2024年2月29日复核，十二月总结";
        let found: Vec<_> = flagged(text, None)
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(found, ["2023年2月30日", "13月"]);
    }

    #[test]
    fn future_years_are_flagged_unless_planned() {
        let text = "2023年以来，2026年开展了监督。到2030年基本建成，2021—2027年规划，2024年1月报送，\
                    2026年底前完成。";
        assert_eq!(
            flagged(text, None),
            [("2026年", "核对年份：晚于报告年度2023年".to_owned())]
        );
        assert_eq!(flagged("2026年开展了监督", Some(2026)), []);
    }

    #[test]
    fn a_dateline_under_the_title_is_not_the_body_year() {
        let text = "市人大常委会2023年度工作报告\n——2024年1月12日在市第十七届人民代表大会第三次会议上\n2023年，常委会坚持依法监督。";
        assert_eq!(flagged(text, None), []);
        let wrong = "市人大常委会2023年度工作报告\n2022年，常委会坚持依法监督。";
        assert_eq!(flagged(wrong, None).len(), 1);
    }

    #[test]
    fn counts_and_durations_are_not_dates() {
        assert_eq!(
            flagged("十四个五年规划，三个月，12023年，第十四个月", Some(2023)),
            []
        );
        assert_eq!(chinese_year(2035), "二〇三五");
    }
}
