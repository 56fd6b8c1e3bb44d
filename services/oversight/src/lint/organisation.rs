//! The reporting body called by another kind of body's name, as when a paragraph copied from a
//! company's report says `该公司立足企业发展实际` inside an organ's report. The rule is conservative:
//! it only looks at self-references (该/本/我 + a body word) and at the body words that follow one in
//! the same clause, never at bodies the report talks about (`金融企业国有资产管理情况`).

use super::context::OrganisationKind;
use super::finding::{FindingKind, Hit};

/// Body words that name each kind. 委 and 办 are left out: after 本 or 该 they mostly begin ordinary
/// words (本办法, 该委托).
fn body_words(kind: OrganisationKind) -> &'static [&'static str] {
    match kind {
        OrganisationKind::Organ => &["委员会", "机关", "局", "厅"],
        OrganisationKind::Company => &["公司", "企业", "集团"],
        OrganisationKind::PublicInstitution => &["学校", "学院", "医院", "校"],
    }
}

/// Words that tell which kind of body wrote a text. A body's own voice (本局, 我公司, its 党组 or
/// 董事会) decides; the bodies it merely names (企业 in an organ's report on state assets) only break
/// a tie. 党组 is an organ's party group, but 党组织 is any body's party organisation.
struct Evidence {
    own_voice: &'static [&'static str],
    mentions: &'static [&'static str],
}

/// The evidence for each kind.
fn evidence(kind: OrganisationKind) -> Evidence {
    match kind {
        OrganisationKind::Organ => Evidence {
            own_voice: &[
                "党组",
                "局领导",
                "本局",
                "我局",
                "本机关",
                "我机关",
                "本厅",
                "我厅",
            ],
            mentions: &["机关", "常委会", "委员会"],
        },
        OrganisationKind::Company => Evidence {
            own_voice: &[
                "本公司",
                "我公司",
                "本企业",
                "我企业",
                "本集团",
                "我集团",
                "董事会",
            ],
            mentions: &["公司", "企业", "集团"],
        },
        OrganisationKind::PublicInstitution => Evidence {
            own_voice: &["本校", "我校", "本医院", "我医院", "师生", "医护人员"],
            mentions: &["学校", "医院", "学院"],
        },
    }
}

/// How often `words` occur in `text`, not counting 党组 inside 党组织.
fn occurrences(text: &str, words: &[&str]) -> usize {
    words
        .iter()
        .map(|word| {
            let inside_longer = if *word == "党组" {
                text.matches("党组织").count()
            } else {
                0
            };
            text.matches(word).count().saturating_sub(inside_longer)
        })
        .sum()
}

/// Characters that make 本 or 该 part of an ordinary word rather than a self-reference: 日本企业,
/// 基本, 成本, 应该.
fn is_false_prefix(previous: char, prefix: char) -> bool {
    match prefix {
        '本' => "日基根资成样版文范剧课书原账标蓝读脚".contains(previous),
        '该' => "应活".contains(previous),
        '我' => previous == '自',
        _ => false,
    }
}

/// Whether `word` followed by `next` makes an ordinary word (该局面, 本校对) rather than a body.
fn extends_into_word(word: &str, next: char) -> bool {
    match word {
        "局" => "面势限部".contains(next),
        "校" => "对准验正".contains(next),
        _ => false,
    }
}

/// What a phrase copied from another kind's report may go on with after its body word:
/// 企业 + 发展 + 实际.
const PHRASE_MIDDLES: &[&str] = &["发展", "经营", "生产", "改革", "管理"];

/// What such a phrase may end with; an organ says 工作 + the same tail instead (工作实际).
const PHRASE_TAILS: &[&str] = &["实际", "需要", "需求", "目标", "战略"];

/// The kind that speaks in `text`: the one whose own voice is heard most, then the one named most;
/// `None` when no kind leads.
pub(crate) fn dominant_kind(text: &str) -> Option<OrganisationKind> {
    let mut scores: Vec<(OrganisationKind, (usize, usize))> = OrganisationKind::ALL
        .into_iter()
        .map(|kind| {
            let evidence = evidence(kind);
            let score = (
                occurrences(text, evidence.own_voice),
                occurrences(text, evidence.mentions),
            );
            (kind, score)
        })
        .collect();
    scores.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    match scores.as_slice() {
        [(kind, first), (_, second), ..] if first > second => Some(*kind),
        _ => None,
    }
}

/// How a body of `kind` refers to itself, for suggestions.
fn self_name(kind: OrganisationKind, text: &str) -> &'static str {
    match kind {
        OrganisationKind::Organ
            if ["局领导", "局党组", "本局", "我局"]
                .iter()
                .any(|w| text.contains(w)) =>
        {
            "本局"
        }
        OrganisationKind::Organ => "本机关",
        OrganisationKind::Company => "本公司",
        OrganisationKind::PublicInstitution => "本单位",
    }
}

/// Finds the reporting body referred to as a body of another kind; `kind` is the reporting body's
/// kind, inferred from the text when `None`.
pub(crate) fn check(text: &str, kind: Option<OrganisationKind>) -> Vec<Hit> {
    let Some(kind) = kind.or_else(|| dominant_kind(text)) else {
        return Vec::new();
    };
    let own_name = self_name(kind, text);
    let mut hits = Vec::new();
    for other in OrganisationKind::ALL
        .into_iter()
        .filter(|&other| other != kind)
    {
        for (start, end) in self_references(text, other) {
            hits.push(Hit::new(
                start..end,
                FindingKind::InconsistentOrganisation,
                format!("改为“{own_name}”"),
            ));
            hits.extend(phrases_after(text, end, other, own_name));
        }
    }
    hits.sort_by_key(|hit| hit.range.start);
    hits.dedup_by_key(|hit| hit.range.start);
    hits
}

/// Byte spans of 该/本/我 + a body word of `other`, skipping 该 when the body was named before (then
/// 该 points back to that body, not to the reporting one).
fn self_references(text: &str, other: OrganisationKind) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for (at, prefix) in text.char_indices().filter(|&(_, c)| "该本我".contains(c)) {
        let after = at + prefix.len_utf8();
        let Some(word) = body_words(other)
            .iter()
            .find(|word| text[after..].starts_with(*word))
        else {
            continue;
        };
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|previous| is_false_prefix(previous, prefix))
        {
            continue;
        }
        let end = after + word.len();
        if text[end..]
            .chars()
            .next()
            .is_some_and(|next| extends_into_word(word, next))
        {
            continue;
        }
        if prefix == '该' && text[..at].contains(word) {
            continue;
        }
        spans.push((at, end));
    }
    spans
}

/// Body words of `other` later in the clause that starts at `from` (right after a self-reference),
/// each with the phrase it opens: 该公司立足企业发展实际 goes on speaking as the company.
fn phrases_after(text: &str, from: usize, other: OrganisationKind, own_name: &str) -> Vec<Hit> {
    let clause_end = text[from..]
        .find(['，', ',', '。', '！', '？', '；', '\n'])
        .map_or(text.len(), |offset| from + offset);
    let clause = &text[from..clause_end];
    let mut hits = Vec::new();
    for (offset, _) in clause.char_indices() {
        let rest = &clause[offset..];
        let Some(word) = body_words(other)
            .iter()
            .find(|word| rest.starts_with(*word))
        else {
            continue;
        };
        let mut end = word.len();
        if let Some(middle) = PHRASE_MIDDLES.iter().find(|m| rest[end..].starts_with(*m)) {
            end += middle.len();
        }
        let tail = PHRASE_TAILS.iter().find(|t| rest[end..].starts_with(*t));
        if let Some(tail) = tail {
            end += tail.len();
        }
        let suggestion = match tail {
            Some(tail) => format!("改为“工作{tail}”"),
            None => format!("改为与{own_name}相符的表述"),
        };
        let start = from + offset;
        hits.push(Hit::new(
            start..start + end,
            FindingKind::InconsistentOrganisation,
            suggestion,
        ));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(text: &str, kind: Option<OrganisationKind>) -> Vec<(&str, String)> {
        check(text, kind)
            .into_iter()
            .map(|hit| (&text[hit.range], hit.suggestion))
            .collect()
    }

    #[test]
    fn a_company_self_reference_in_an_organ_report_is_found() {
        let text = "局党组带头学习。该公司立足企业发展实际，聚焦问题短板。机关党支部相互学习。";
        assert_eq!(
            flagged(text, None),
            [
                ("该公司", "改为“本局”".to_owned()),
                ("企业发展实际", "改为“工作实际”".to_owned()),
            ]
        );
    }

    #[test]
    fn bodies_the_report_talks_about_are_not_flagged() {
        let text = "机关党组听取和审议市政府关于金融企业国有资产管理情况专项报告，\
                    督促日本企业和民营企业依法经营，对某公司开展检查，该公司已整改，\
                    该局面来之不易，本办法自印发之日起施行。";
        assert_eq!(flagged(text, Some(OrganisationKind::Organ)), []);
    }

    #[test]
    fn the_kind_is_inferred_from_the_words_used_most() {
        assert_eq!(
            dominant_kind("局党组、机关党委、局领导、企业"),
            Some(OrganisationKind::Organ)
        );
        assert_eq!(
            dominant_kind("公司董事会、集团、企业、党组织"),
            Some(OrganisationKind::Company)
        );
        assert_eq!(dominant_kind("公司和机关"), None);
        assert_eq!(dominant_kind("党组织生活"), None);
        let text = "我局监管企业30家，推动企业改革，完善公司治理，指导集团整合。";
        assert_eq!(dominant_kind(text), Some(OrganisationKind::Organ));
        assert_eq!(flagged(text, None), []);
    }

    #[test]
    fn an_organ_self_reference_in_a_company_report_is_found() {
        let text = "公司董事会和集团企业认真落实，我局将继续推进。";
        assert_eq!(flagged(text, None), [("我局", "改为“本公司”".to_owned())]);
    }
}
