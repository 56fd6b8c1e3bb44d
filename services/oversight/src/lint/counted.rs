//! Counted phrases, the shape every count in a work report takes: a number, an optional 余 (“more
//! than”), a measure word and the thing counted, as in `开展6次专题调研` or `对120余件规范性文件`; what
//! a suggestion to fill one in says.

/// Where the name of the counted thing ends: punctuation, or a word that starts what is said
/// about it (`法律法规实施情况` counts 法律法规).
const NOUN_STOPS: &[&str] = &["实施", "情况", "进行", "和", "及", "与", "等"];

/// The longest counted-thing name kept for a suggestion, in characters.
const NOUN_MAX_CHARS: usize = 16;

/// The name of the thing counted after byte `at` (just past the measure word): the text up to the
/// first punctuation or stop word, at most [`NOUN_MAX_CHARS`] characters; empty when none.
pub(crate) fn noun_after(text: &str, at: usize) -> &str {
    let Some(rest) = text.get(at..) else {
        return "";
    };
    let mut end = 0;
    for (taken, (offset, c)) in rest.char_indices().enumerate() {
        let is_word = c.is_alphanumeric() || "“”‘’《》〈〉".contains(c);
        if taken == NOUN_MAX_CHARS
            || !is_word
            || NOUN_STOPS
                .iter()
                .any(|stop| rest[offset..].starts_with(stop))
        {
            break;
        }
        end = offset + c.len_utf8();
    }
    &rest[..end]
}

/// How the quantity counted with `measure_word` is named in a suggestion: 次 → 次数, 名 → 人数.
pub(crate) fn quantity_name(measure_word: &str) -> String {
    match measure_word {
        "场" | "批" | "轮" => format!("{measure_word}次"),
        "名" => "人数".to_owned(),
        "人次" => "人次".to_owned(),
        _ => format!("{measure_word}数"),
    }
}

/// The suggestion for a count that has to be filled in: `填写专题询问的次数`.
pub(crate) fn fill_in_suggestion(measure_word: &str, noun: &str) -> String {
    let quantity = quantity_name(measure_word);
    if noun.is_empty() {
        format!("填写{quantity}")
    } else {
        format!("填写{noun}的{quantity}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counted_noun_stops_at_punctuation_and_stop_words() {
        let text = "部法律法规实施情况";
        assert_eq!(noun_after(text, "部".len()), "法律法规");
        let text = "次专题调研，结合";
        assert_eq!(noun_after(text, "次".len()), "专题调研");
        let text = "个“一府一委两院”专项工作报告和预决算";
        assert_eq!(noun_after(text, "个".len()), "“一府一委两院”专项工作报告");
        assert_eq!(noun_after("次。", "次".len()), "");
    }

    #[test]
    fn suggestions_name_the_quantity() {
        assert_eq!(fill_in_suggestion("次", "专题询问"), "填写专题询问的次数");
        assert_eq!(fill_in_suggestion("场", ""), "填写场次");
        assert_eq!(quantity_name("名"), "人数");
    }
}
