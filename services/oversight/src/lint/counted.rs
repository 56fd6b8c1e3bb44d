//! Counted phrases, the shape every count in a work report takes: an optional verb or preposition,
//! a number, an optional 余 (“more than”), a measure word and the thing counted, as in
//! `开展6次专题调研` or `对120余件规范性文件`.

/// Measure words that count the items of oversight work, longest first so 人次 wins over 次.
const MEASURE_WORDS: &[&str] = &[
    "人次", "个", "次", "件", "部", "项", "条", "场", "批", "篇", "名", "家", "轮", "份",
];

/// Ordinary words that begin with a measure word character and so never start a count: 个人 is a
/// person, not “persons”, and 部门 a department. Checked before a measure word is taken as one.
const NOT_COUNTS: &[&str] = &[
    "个人", "个别", "个体", "个性", "个案", "个税", "个数", "个例", //
    "次要", "次序", "次数", "次日", "次年", "次生", "次级", "次第", //
    "件数", //
    "部分", "部门", "部署", "部长", "部委", "部队", "部位", "部件", "部属", "部室", "部际", //
    "项目", "项下", //
    "条件", "条例", "条款", "条文", "条线", "条目", "条约", "条规", "条令", "条块", "条理", //
    "场所", "场景", "场地", "场合", "场馆", "场次", "场域", //
    "批准", "批示", "批评", "批复", "批次", "批量", "批转", "批发", "批办", "批件", //
    "篇章", "篇幅", "篇目", //
    "名单", "名称", "名义", "名额", "名录", "名城", "名镇", "名村", "名牌", "名优", "名师", "名医",
    "名胜", "名誉", "名人", "名家", //
    "家庭", "家属", "家风", "家长", "家园", "家访", "家政", "家电", "家具", "家族", "家教", "家乡",
    "家居", //
    "轮换", "轮岗", "轮训", "轮流", "轮值", //
    "份额", //
];

/// Verbs of oversight work that, right before a measure word, say a number is due (审议个… is
/// missing how many). `了` may stand between the verb and the count.
const COUNTING_VERBS: &[&str] = &[
    "审议", "听取", "检查", "开展", "召开", "举办", "举行", "制定", "出台", "修订", "修改", "审查",
    "办理", "提出", "收到", "受理", "处理", "完成", "督办", "走访", "查处", "发现", "解决", "印发",
    "发布", "约谈", "通报", "视察", "备案", "批准", "作出", "形成", "提交", "组建", "立案",
];

/// Prepositions and adverbs of quantity that, right before a measure word, say a number is due
/// (对余件…, 共个…).
const QUANTITY_WORDS: &[&str] = &["对", "共", "共计", "累计", "合计", "达", "逾", "超过"];

/// Where the name of the counted thing ends: punctuation, or a word that starts what is said
/// about it (`法律法规实施情况` counts 法律法规).
const NOUN_STOPS: &[&str] = &["实施", "情况", "进行", "和", "及", "与", "等"];

/// The longest counted-thing name kept for a suggestion, in characters.
const NOUN_MAX_CHARS: usize = 16;

/// The measure word that starts at byte `at` of `text`, unless what starts there is an ordinary
/// word (部门, 个别) or a reduplication (家家户户).
pub(crate) fn measure_word_at(text: &str, at: usize) -> Option<&'static str> {
    let rest = text.get(at..)?;
    if NOT_COUNTS.iter().any(|word| rest.starts_with(word)) {
        return None;
    }
    let word = MEASURE_WORDS.iter().find(|word| rest.starts_with(*word))?;
    if rest[word.len()..].starts_with(word) {
        return None;
    }
    Some(word)
}

/// Whether the text right before byte `at` calls for a count: a counting verb, optionally followed
/// by 了 (`开展了`), or a word of quantity.
pub(crate) fn expects_count_before(text: &str, at: usize) -> bool {
    follows_counting_verb(text, at)
        || text
            .get(..at)
            .is_some_and(|before| QUANTITY_WORDS.iter().any(|word| before.ends_with(word)))
}

/// Whether a counting verb, optionally followed by 了, ends right before byte `at`.
pub(crate) fn follows_counting_verb(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let before = before.strip_suffix('了').unwrap_or(before);
    COUNTING_VERBS.iter().any(|word| before.ends_with(word))
}

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
    fn measure_words_are_told_from_ordinary_words() {
        assert_eq!(measure_word_at("个“一府一委两院”", 0), Some("个"));
        assert_eq!(measure_word_at("人次", 0), Some("人次"));
        for word in [
            "个人",
            "个别",
            "部门",
            "部署",
            "部分",
            "次要",
            "条件",
            "条约",
            "项目",
            "家家户户",
        ] {
            assert_eq!(measure_word_at(word, 0), None, "{word}");
        }
    }

    #[test]
    fn triggers_call_for_a_count() {
        let text = "开展了*次";
        assert!(expects_count_before(text, text.find('*').expect("in text")));
        let text = "共听取审议个";
        assert!(expects_count_before(
            text,
            text.find('个').expect("in text")
        ));
        let text = "每次";
        assert!(!expects_count_before(
            text,
            text.find('次').expect("in text")
        ));
        let text = "其次";
        assert!(!expects_count_before(
            text,
            text.find('次').expect("in text")
        ));
    }

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
