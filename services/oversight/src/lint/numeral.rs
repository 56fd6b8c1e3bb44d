//! Numbers as drafts write them: Arabic digits (half- or full-width) or Chinese numerals, both for
//! counts (`126`, `十二`, `一百二十`) and for years (`2035`, `二〇三五`).

/// The value of a Chinese digit character; 两 counts as 2, 〇 and 零 as 0.
fn chinese_digit(c: char) -> Option<i64> {
    let value = match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(value)
}

/// The value of a Chinese numeral unit character.
fn chinese_unit(c: char) -> Option<i64> {
    let value = match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    };
    Some(value)
}

/// The value of an Arabic digit, half- or full-width.
fn arabic_digit(c: char) -> Option<i64> {
    match c {
        '0'..='9' => Some(i64::from(u32::from(c) - u32::from('0'))),
        '０'..='９' => Some(i64::from(u32::from(c) - u32::from('０'))),
        _ => None,
    }
}

/// Whether `c` is an Arabic digit, half- or full-width.
pub(crate) fn is_arabic_digit(c: char) -> bool {
    arabic_digit(c).is_some()
}

/// Whether `c` can be part of a number: an Arabic digit, a Chinese digit or a Chinese unit.
pub(crate) fn is_numeral(c: char) -> bool {
    is_arabic_digit(c) || chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// Parses a count written in Arabic digits or in standard Chinese numerals (`十二`, `一百二十六`,
/// `两千零五`); `None` when the text is not one well-formed number, e.g. `一三`.
pub(crate) fn parse_count(text: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(is_arabic_digit) {
        return text.chars().try_fold(0i64, |value, c| {
            value.checked_mul(10)?.checked_add(arabic_digit(c)?)
        });
    }
    parse_chinese_count(text)
}

/// Parses standard Chinese numerals, where every digit but the last is followed by a unit.
fn parse_chinese_count(text: &str) -> Option<i64> {
    let mut total = 0i64;
    let mut section = 0i64;
    let mut digit: Option<i64> = None;
    for c in text.chars() {
        if let Some(value) = chinese_digit(c) {
            if value == 0 {
                // 零 only separates sections, as in 一百零五.
                if digit.is_some() {
                    return None;
                }
                continue;
            }
            if digit.replace(value).is_some() {
                return None;
            }
        } else if let Some(unit) = chinese_unit(c) {
            if unit >= 10_000 {
                section = section.checked_add(digit.take().unwrap_or(0))?;
                total = total.checked_add(section)?.checked_mul(unit)?;
                section = 0;
            } else {
                // A bare 十 means ten, as in 十二; a bare 百 or 千 is not a number.
                let multiplier = match digit.take() {
                    Some(value) => value,
                    None if unit == 10 => 1,
                    None => return None,
                };
                section = section.checked_add(multiplier.checked_mul(unit)?)?;
            }
        } else {
            return None;
        }
    }
    let value = total
        .checked_add(section)?
        .checked_add(digit.unwrap_or(0))?;
    (value > 0).then_some(value)
}

/// The number that ends right at byte `end` of `text`: its start byte and value. Takes the longest
/// run of numerals that forms one well-formed number, so in `统一三次` the count is 三, not 一三.
pub(crate) fn count_before(text: &str, end: usize) -> Option<(usize, i64)> {
    let before = text.get(..end)?;
    let last = before.chars().next_back()?;
    let in_run: fn(char) -> bool = if is_arabic_digit(last) {
        is_arabic_digit
    } else {
        |c| chinese_digit(c).is_some() || chinese_unit(c).is_some()
    };
    let starts: Vec<usize> = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_run(c))
        .take(12)
        .map(|(at, _)| at)
        .collect();
    // Longest candidate first: `starts` runs from the end of the number backwards.
    starts
        .iter()
        .rev()
        .find_map(|&start| parse_count(&before[start..]).map(|value| (start, value)))
}

/// Parses a four-digit year written in Arabic digits (`2035`) or digit by digit in Chinese
/// numerals (`二〇三五`).
pub(crate) fn parse_year(text: &str) -> Option<i32> {
    if text.chars().count() != 4 {
        return None;
    }
    text.chars().try_fold(0i32, |year, c| {
        let digit = match c {
            '两' => return None,
            _ => arabic_digit(c).or_else(|| chinese_digit(c))?,
        };
        Some(year * 10 + i32::try_from(digit).ok()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_parse_in_both_scripts() {
        assert_eq!(parse_count("126"), Some(126));
        assert_eq!(parse_count("１２"), Some(12));
        assert_eq!(parse_count("三"), Some(3));
        assert_eq!(parse_count("两"), Some(2));
        assert_eq!(parse_count("十二"), Some(12));
        assert_eq!(parse_count("二十"), Some(20));
        assert_eq!(parse_count("一百二十六"), Some(126));
        assert_eq!(parse_count("两千零五"), Some(2005));
        assert_eq!(parse_count("三万五千"), Some(35_000));
    }

    #[test]
    fn malformed_counts_do_not_parse() {
        assert_eq!(parse_count(""), None);
        assert_eq!(parse_count("一三"), None);
        assert_eq!(parse_count("百"), None);
        assert_eq!(parse_count("零"), None);
        assert_eq!(parse_count("3a"), None);
    }

    #[test]
    fn the_count_before_a_measure_word_is_the_longest_well_formed_one() {
        let text = "开展三次专题调研";
        let end = text.find('次').expect("in text");
        assert_eq!(
            count_before(text, end),
            Some((text.find('三').expect("in text"), 3))
        );

        let text = "统一三次";
        let end = text.find('次').expect("in text");
        assert_eq!(
            count_before(text, end),
            Some((text.find('三').expect("in text"), 3))
        );

        let text = "对120余件";
        let end = text.find('余').expect("in text");
        assert_eq!(count_before(text, end), Some((3, 120)));

        let text = "审议个";
        assert_eq!(count_before(text, text.find('个').expect("in text")), None);
    }

    #[test]
    fn years_parse_in_both_styles() {
        assert_eq!(parse_year("2035"), Some(2035));
        assert_eq!(parse_year("二〇三五"), Some(2035));
        assert_eq!(parse_year("二零二三"), Some(2023));
        assert_eq!(parse_year("十四五"), None);
        assert_eq!(parse_year("203"), None);
    }
}
