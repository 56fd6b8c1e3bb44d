//! A template's markup left in a draft: `{{ count }}`, `{% if … %}`, `${total}`, an empty `【】`, or a
//! bracketed note to fill something in (`[待填]`, `【待补充】`).

use std::sync::LazyLock;

use regex::Regex;

use super::finding::{FindingKind, Hit};

/// Every shape of leftover, one alternative each.
static LEFTOVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\{[^{}\n]{0,80}\}\}",
        r"|\{%[^\n]{0,80}?%\}",
        r"|\$\{[^{}\n]{0,80}\}",
        r"|\{#[^\n]{0,80}?#\}",
        r"|【[\s　]*】|\[[\s　]*\]",
        r"|[【\[][\s　]*(?:待填|待定|待补充?|待核实|请填写|填写|此处填写)[^】\]\n]{0,20}[】\]]",
    ))
    .expect("leftover pattern is valid")
});

/// Finds every template leftover in `text`.
pub(crate) fn check(text: &str) -> Vec<Hit> {
    LEFTOVER
        .find_iter(text)
        .map(|found| {
            Hit::new(
                found.range(),
                FindingKind::TemplateLeftover,
                format!("填写或删除模板标记“{}”", found.as_str()),
            )
        })
        .collect()
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
    fn every_shape_of_leftover_is_found() {
        assert_eq!(
            found(
                "学习{{ meeting_count }}次，{% if tour %}巡察{% endif %}，评查${case_total}件，\
                   问题【】起，信息【 】期，典型案例[待填]起，【待补充】"
            ),
            [
                "{{ meeting_count }}",
                "{% if tour %}",
                "{% endif %}",
                "${case_total}",
                "【】",
                "【 】",
                "[待填]",
                "【待补充】"
            ]
        );
    }

    #[test]
    fn filled_brackets_are_left_alone() {
        assert_eq!(
            found("【典型案例】通报，[1]见附件，《规定》"),
            Vec::<&str>::new()
        );
    }
}
