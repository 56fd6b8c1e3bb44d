//! The reporting body speaking as another kind of body, as when a paragraph copied from a company's
//! report says `该公司立足企业发展实际` inside an organ's report, or `本局` turns up in a township's.
//!
//! The body's kind is read from the title (the name before 关于 or the year: 中共临川县民政局党组 is an
//! organ, 中共某镇委员会 a township), or, without a title, from the words its own voice uses most
//! (局党组, 本院, 镇党委 …). The rule then looks only at self-references, 本/我/该 + a body word, and
//! flags those a body of that kind never uses of itself; bodies the report talks about (督促所属企业,
//! 市法院) are never self-references.

use super::context::OrganisationKind;
use super::finding::{FindingKind, Hit};

use OrganisationKind as K;

/// Words that end a body's name, and the kind of body they name. The latest one in a title's name
/// decides: 临川县民政局 is an organ (局 after 县), 乡村振兴局 too.
const NAME_ENDINGS: &[(&str, OrganisationKind)] = &[
    ("纪检监察组", K::Discipline),
    ("纪检组", K::Discipline),
    ("人民法院", K::Court),
    ("法院", K::Court),
    ("人民检察院", K::Procuratorate),
    ("检察院", K::Procuratorate),
    ("人大常委会", K::Congress),
    ("人民代表大会常务委员会", K::Congress),
    ("人大", K::Congress),
    ("公司", K::Enterprise),
    ("集团", K::Enterprise),
    ("企业", K::Enterprise),
    ("街道", K::Street),
    ("社区", K::Village),
    ("村", K::Village),
    ("镇", K::Township),
    ("乡", K::Township),
    ("县", K::County),
    ("区", K::County),
    ("市委", K::County),
    ("局", K::Organ),
    ("厅", K::Organ),
    ("办公室", K::Organ),
    ("机关", K::Organ),
    ("学校", K::Institution),
    ("中学", K::Institution),
    ("小学", K::Institution),
    ("大学", K::Institution),
    ("医院", K::Institution),
];

/// Words a body of each kind uses of itself, for a draft without a title.
fn own_voice(kind: OrganisationKind) -> &'static [&'static str] {
    match kind {
        K::Organ => &[
            "局党组",
            "本局",
            "我局",
            "局领导",
            "局机关",
            "本厅",
            "厅党组",
        ],
        K::Congress => &[
            "人大常委会",
            "常委会党组",
            "人大机关",
            "常委会机关",
            "一府一委两院",
        ],
        K::Court => &["法院", "本院", "院党组", "审判"],
        K::Procuratorate => &["检察院", "本院", "院党组", "检察"],
        K::Discipline => &["纪检监察组", "本组", "驻在部门"],
        K::County => &["县委", "区委", "全县", "全区", "县委常委会"],
        K::Township => &["镇党委", "乡党委", "本镇", "本乡", "全镇", "全乡"],
        K::Street => &["街道党工委", "本街道", "全街道"],
        K::Village => &["村党支部", "村党组织", "本村", "社区党委", "本社区", "全村"],
        K::Enterprise => &[
            "本公司",
            "我公司",
            "公司党委",
            "集团党委",
            "董事会",
            "本集团",
        ],
        K::Institution => &["本校", "我校", "本医院", "师生", "医护人员"],
    }
}

/// Body words that follow 本/我/该 in a self-reference, and the kinds that may say them of themselves.
const SELF_WORDS: &[(&str, &[OrganisationKind])] = &[
    ("公司", &[K::Enterprise]),
    ("集团", &[K::Enterprise]),
    ("企业", &[K::Enterprise]),
    ("街道", &[K::Street]),
    ("社区", &[K::Village]),
    ("村", &[K::Village]),
    ("镇", &[K::Township]),
    ("乡", &[K::Township]),
    ("局", &[K::Organ]),
    ("厅", &[K::Organ]),
    ("院", &[K::Court, K::Procuratorate, K::Institution]),
    ("组", &[K::Discipline]),
    ("校", &[K::Institution]),
    ("医院", &[K::Institution]),
];

/// Characters before 本/该/我 that make it part of an ordinary word: 日本, 基本, 成本, 应该, 自我.
fn is_false_prefix(previous: char, prefix: char) -> bool {
    match prefix {
        '本' => "日基根资成样版文范剧课书原账标蓝读脚".contains(previous),
        '该' => "应活".contains(previous),
        '我' => previous == '自',
        _ => false,
    }
}

/// Whether `word` followed by `next` makes an ordinary word (本局面, 本组织, 本院长) rather than a
/// body.
fn extends_into_word(word: &str, next: char) -> bool {
    let continuations = match word {
        "局" => "面势限部",
        "校" => "对准验正",
        "组" => "织成建长员合",
        "院" => "长士落子校",
        "村" => "民级庄",
        "乡" => "亲土",
        "镇" => "压定静",
        _ => "",
    };
    continuations.contains(next)
}

/// What a phrase copied from a company's report may go on with after its body word:
/// 企业 + 发展 + 实际.
const PHRASE_MIDDLES: &[&str] = &["发展", "经营", "生产", "改革", "管理"];

/// What such a phrase may end with; an organ says 工作 + the same tail instead (工作实际).
const PHRASE_TAILS: &[&str] = &["实际", "需要", "需求", "目标", "战略"];

/// The name part of a title line: before 关于, the year or 年度; None when the line is no title.
fn title_name(line: &str) -> Option<&str> {
    let line = line.trim_matches([' ', '　', '\t']);
    let is_title = line.chars().count() <= 80 && !line.contains('。');
    if !is_title {
        return None;
    }
    let end = ["关于", "年度", "20", "19", "二〇", "党风", "工作"]
        .iter()
        .filter_map(|stop| line.find(stop))
        .min()
        .unwrap_or(line.len());
    Some(&line[..end])
}

/// The kind a name ends with: its latest body word.
fn kind_of_name(name: &str) -> Option<OrganisationKind> {
    NAME_ENDINGS
        .iter()
        .filter_map(|(word, kind)| {
            name.rfind(word)
                .map(|at| (at + word.len(), word.len(), *kind))
        })
        .max_by_key(|&(end, len, _)| (end, len))
        .map(|(_, _, kind)| kind)
}

/// The kind whose own voice `text` uses most; None when no kind leads.
fn voiced_kind(text: &str) -> Option<OrganisationKind> {
    let mut scores: Vec<(usize, OrganisationKind)> = OrganisationKind::ALL
        .into_iter()
        .map(|kind| {
            let score = own_voice(kind)
                .iter()
                .map(|word| text.matches(word).count())
                .sum();
            (score, kind)
        })
        .collect();
    scores.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
    match scores.as_slice() {
        [(first, kind), (second, _), ..] if first > second => Some(*kind),
        _ => None,
    }
}

/// The kind of body its title names, if `text` has a title that names one.
fn titled_kind(text: &str) -> Option<OrganisationKind> {
    let first = text.lines().find(|line| !line.trim().is_empty())?;
    title_name(first).and_then(kind_of_name)
}

/// The kind of body that writes `text`: from its title, else from the voice it uses most.
#[cfg(test)]
fn reporting_kind(text: &str) -> Option<OrganisationKind> {
    titled_kind(text).or_else(|| voiced_kind(text))
}

/// How a body of `kind` refers to itself, for suggestions.
fn self_name(kind: OrganisationKind, text: &str) -> &'static str {
    match kind {
        K::Organ if text.contains("局") => "本局",
        K::Organ | K::Congress => "本机关",
        K::Court | K::Procuratorate => "本院",
        K::Discipline => "本组",
        K::County if text.contains("区委") => "本区",
        K::County => "本县",
        K::Township if text.contains("乡党委") => "本乡",
        K::Township => "本镇",
        K::Street => "本街道",
        K::Village if text.contains("社区") => "本社区",
        K::Village => "本村",
        K::Enterprise => "本公司",
        K::Institution => "本单位",
    }
}

/// Finds the reporting body referred to as a body of another kind; `kind` is the directory's word on
/// the body, used when the text names none.
pub(crate) fn check(text: &str, kind: Option<OrganisationKind>) -> Vec<Hit> {
    let Some(kind) = titled_kind(text).or(kind).or_else(|| voiced_kind(text)) else {
        return Vec::new();
    };
    let own_name = self_name(kind, text);
    let mut hits = Vec::new();
    for (start, end, word) in self_references(text, kind) {
        hits.push(Hit::new(
            start..end,
            FindingKind::InconsistentOrganisation,
            format!("改为“{own_name}”"),
        ));
        if ["公司", "集团", "企业"].contains(&word) {
            hits.extend(phrases_after(text, end));
        }
    }
    hits.sort_by_key(|hit| hit.range.start);
    hits.dedup_by_key(|hit| hit.range.start);
    hits
}

/// Byte spans of 该/本/我 + a body word that a body of `kind` does not use of itself, skipping 该 when
/// the body was named before on the line (then 该 points back to it, not to the reporting body).
fn self_references(text: &str, kind: OrganisationKind) -> Vec<(usize, usize, &'static str)> {
    let mut spans = Vec::new();
    for (at, prefix) in text.char_indices().filter(|&(_, c)| "该本我".contains(c)) {
        let after = at + prefix.len_utf8();
        let Some((word, kinds)) = SELF_WORDS
            .iter()
            .find(|(word, _)| text[after..].starts_with(*word))
        else {
            continue;
        };
        if kinds.contains(&kind) {
            continue;
        }
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
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        if prefix == '该' && names_a_body_like(&text[line_start..at], word) {
            continue;
        }
        spans.push((at, end, *word));
    }
    spans
}

/// Whether `before` names a body of the kind `word` names (食品公司 before 该企业): then 该 points
/// back to it.
fn names_a_body_like(before: &str, word: &str) -> bool {
    const ALIKE: &[&[&str]] = &[
        &["公司", "企业", "集团"],
        &["学校", "中学", "小学", "大学", "学院", "校"],
        &["医院", "院"],
        &["街道"],
        &["社区", "村"],
        &["镇", "乡"],
        &["局", "厅"],
        &["组"],
    ];
    ALIKE
        .iter()
        .filter(|group| group.contains(&word))
        .any(|group| group.iter().any(|w| before.contains(w)))
}

/// A company's phrase in the clause after a company self-reference: 企业发展实际.
fn phrases_after(text: &str, from: usize) -> Vec<Hit> {
    let clause_end = text[from..]
        .find(['，', ',', '。', '！', '？', '；', '\n'])
        .map_or(text.len(), |offset| from + offset);
    let clause = &text[from..clause_end];
    let mut hits = Vec::new();
    for (offset, _) in clause.char_indices() {
        let rest = &clause[offset..];
        let Some(word) = ["公司", "集团", "企业"]
            .iter()
            .find(|word| rest.starts_with(*word))
        else {
            continue;
        };
        let mut end = word.len();
        if let Some(middle) = PHRASE_MIDDLES.iter().find(|m| rest[end..].starts_with(*m)) {
            end += middle.len();
        }
        let Some(tail) = PHRASE_TAILS.iter().find(|t| rest[end..].starts_with(*t)) else {
            continue;
        };
        end += tail.len();
        let start = from + offset;
        hits.push(Hit::new(
            start..start + end,
            FindingKind::InconsistentOrganisation,
            format!("改为“工作{tail}”"),
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
    fn the_kind_is_read_from_the_title() {
        for (title, kind) in [
            (
                "中共临川县民政局党组关于2023年度党风廉政建设工作情况的报告",
                K::Organ,
            ),
            ("中共青石镇委员会2023年度党风廉政建设工作总结", K::Township),
            (
                "中共云岭县委员会关于2022年全面从严治党工作情况的报告",
                K::County,
            ),
            ("东湖街道党工委2023年度工作报告", K::Street),
            ("柳湾村党支部2024年党风廉政建设工作报告", K::Village),
            (
                "华岳集团有限公司党委2023年度党风廉政建设工作报告",
                K::Enterprise,
            ),
            (
                "江城市人大常委会党组2023年度全面从严治党工作情况报告",
                K::Congress,
            ),
            (
                "平阳县人民法院党组关于2023年度党风廉政建设情况的报告",
                K::Court,
            ),
            ("云岭区人民检察院党组2021年工作报告", K::Procuratorate),
            ("派驻市财政局纪检监察组2023年度工作报告", K::Discipline),
            ("市乡村振兴局机关党委2023年工作总结", K::Organ),
        ] {
            assert_eq!(reporting_kind(title), Some(kind), "{title}");
        }
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
        let text = "局党组听取和审议市政府关于金融企业国有资产管理情况专项报告，\
                    督促日本企业和民营企业依法经营，对某公司开展检查，该公司已整改，\
                    对某食品公司开展检查，责令该企业整改，\
                    本局面来之不易，本办法自印发之日起施行，本组织，本县民政工作。";
        assert_eq!(flagged(text, Some(K::Organ)), []);
    }

    #[test]
    fn self_references_of_another_kind_are_found_for_every_kind() {
        let township = "中共青石镇委员会2023年度工作报告\n本镇坚持党建引领，本局将继续推进。";
        assert_eq!(flagged(township, None), [("本局", "改为“本镇”".to_owned())]);
        let court = "平阳县人民法院党组2023年度报告\n本院坚持从严治院，本镇干部，我院干警。";
        assert_eq!(flagged(court, None), [("本镇", "改为“本院”".to_owned())]);
        let company = "公司党委和集团企业认真落实，公司董事会研究，我局将继续推进。";
        assert_eq!(
            flagged(company, None),
            [("我局", "改为“本公司”".to_owned())]
        );
    }
}
