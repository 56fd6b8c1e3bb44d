//! Drafts made here with seeded randomness, so the lint's figures are not tuned to fixed sentences:
//! the body, its place, the year, the numbers, the measure words and the defects planted are drawn
//! at random, and so are clean annual reports rendered from the report template over random figures.

use qinglian_api::common::v1::Figure;
use qinglian_oversight::reports::gather::{Gathered, TaskPart};
use qinglian_oversight::reports::render;

use super::{Draft, Planted};

pub use qinglian_test_support::seeded::{Random, seed};

/// A kind of body: its title, how it names itself in a sentence, and its self-reference.
struct Body {
    title: &'static str,
    voice: &'static str,
    own: &'static str,
}

const BODIES: &[Body] = &[
    Body {
        title: "中共{place}县民政局党组关于{year}年度党风廉政建设工作情况的报告",
        voice: "局党组",
        own: "本局",
    },
    Body {
        title: "中共{place}镇委员会{year}年度党风廉政建设工作总结",
        voice: "镇党委",
        own: "本镇",
    },
    Body {
        title: "{place}集团有限公司党委{year}年度党风廉政建设工作报告",
        voice: "公司党委",
        own: "本公司",
    },
    Body {
        title: "{place}县人民法院党组关于{year}年度党风廉政建设情况的报告",
        voice: "院党组",
        own: "本院",
    },
    Body {
        title: "{place}街道党工委{year}年度全面从严治党工作报告",
        voice: "街道党工委",
        own: "本街道",
    },
    Body {
        title: "{place}村党支部{year}年度党风廉政建设工作报告",
        voice: "村党支部",
        own: "本村",
    },
    Body {
        title: "{place}县人民检察院党组{year}年度党风廉政建设工作报告",
        voice: "院党组",
        own: "本院",
    },
];

const PLACES: &[&str] = &[
    "青石", "临川", "云岭", "东湖", "柳湾", "白沙", "南屏", "枫林", "金溪", "长汀",
];

/// Placeholder marks, each as it is planted.
const MARKS: &[&str] = &["*", "＊", "X", "XX", "×", "○", "□", "__", "（ ）", "Ｘ"];

/// Template leftovers.
const LEFTOVERS: &[&str] = &[
    "{{ count }}",
    "${total}",
    "【】",
    "{{talks_total}}",
    "[待填]",
];

/// Counted phrases: the words before the number and the measure word.
const COUNTS: &[(&str, &str)] = &[
    ("召开专题会议", "次"),
    ("开展廉政谈话", "人次"),
    ("签订党风廉政建设责任书", "份"),
    ("修订完善制度", "项"),
    ("组织观看警示教育片", "场"),
    ("通报典型案例", "起"),
    ("撰写学习心得", "篇"),
    ("开展专项检查", "次"),
    ("处置问题线索", "件"),
];

/// Words a clerk types twice.
const DOUBLED_WORDS: &[&str] = &["整改", "落实", "工作", "监督检查", "党员干部", "主体责任"];

/// One line being built, and the defect planted on it.
struct Line {
    text: String,
    planted: Option<(String, String)>,
}

impl Line {
    fn clean(text: String) -> Self {
        Self {
            text,
            planted: None,
        }
    }

    fn with(text: String, kind: &str, span: impl Into<String>) -> Self {
        Self {
            text,
            planted: Some((kind.to_owned(), span.into())),
        }
    }
}

/// A rate as a report writes it: one decimal, none when whole.
fn rate(part: u64, whole: u64) -> String {
    let tenths = (part as f64 * 1000.0 / whole as f64).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

/// A sentence of counts, clean or with one defect of the number planted.
fn counts_line(r: &mut Random, voice: &str, defect: Option<&str>) -> Line {
    let (lead, unit) = *r.pick(COUNTS);
    let (other_lead, other_unit) = *r.pick(COUNTS);
    let n = r.range(2, 90);
    let m = r.range(2, 60);
    let clean = format!(
        "　　{voice}全年{lead}{n}{unit}，{other_lead}{m}{other_unit}，推动各项工作落到实处。"
    );
    match defect {
        Some("missing_number") => Line::with(
            format!(
                "　　{voice}全年{lead}{unit}，{other_lead}{m}{other_unit}，推动各项工作落到实处。"
            ),
            "missing_number",
            unit,
        ),
        Some("placeholder") => {
            let mark = *r.pick(MARKS);
            Line::with(
                format!(
                    "　　{voice}全年{lead}{mark}{unit}，{other_lead}{m}{other_unit}，推动各项工作落到实处。"
                ),
                "placeholder",
                mark,
            )
        }
        Some("template_leftover") => {
            let leftover = *r.pick(LEFTOVERS);
            Line::with(
                format!(
                    "　　{voice}全年{lead}{leftover}{unit}，{other_lead}{m}{other_unit}，推动各项工作落到实处。"
                ),
                "template_leftover",
                leftover,
            )
        }
        _ => Line::clean(clean),
    }
}

/// A rectification sentence: problems found, rectified and the rate, clean or with its arithmetic
/// wrong.
fn rectification_line(r: &mut Random, defect: Option<&str>) -> Line {
    let whole = r.range(8, 80);
    let part = r.range(whole / 2, whole);
    let what = r.pick(&["发现问题", "排查风险点", "梳理问题", "反馈问题"]);
    match defect {
        Some("inconsistent_arithmetic") if r.chance(2) => {
            let over = whole + r.range(1, 9);
            Line::with(
                format!(
                    "　　聚焦重点领域开展监督，{what}{whole}个，已整改{over}个，其余问题正在推进。"
                ),
                "inconsistent_arithmetic",
                format!("{over}个"),
            )
        }
        Some("inconsistent_arithmetic") => {
            let right = part as f64 * 100.0 / whole as f64;
            let wrong = format!("{}", (right + r.range(3, 9) as f64).min(99.0).round());
            let wrong = if wrong == rate(part, whole) {
                "99".to_owned()
            } else {
                wrong
            };
            Line::with(
                format!(
                    "　　聚焦重点领域开展监督，{what}{whole}个，已整改{part}个，整改率{wrong}%。"
                ),
                "inconsistent_arithmetic",
                format!("{wrong}%"),
            )
        }
        _ => Line::clean(format!(
            "　　聚焦重点领域开展监督，{what}{whole}个，已整改{part}个，整改率{}%。",
            rate(part, whole)
        )),
    }
}

/// A breakdown of talks, clean or summing to more than its total.
fn breakdown_line(r: &mut Random, defect: Option<&str>) -> Line {
    let first = r.range(5, 40);
    let second = r.range(3, 30);
    let (total, kind) = if defect == Some("inconsistent_arithmetic") {
        (
            first + second - r.range(1, 3),
            Some("inconsistent_arithmetic"),
        )
    } else {
        (first + second + r.range(0, 12), None)
    };
    let text = format!(
        "　　常态化开展谈心谈话，全年开展谈话{total}人次，其中廉政谈话{first}人次、提醒谈话{second}人次。"
    );
    match kind {
        Some(kind) => Line::with(text, kind, format!("{total}人次")),
        None => Line::clean(text),
    }
}

/// A prose sentence, clean or with a doubled word, character or mark, or Markdown.
fn prose_line(r: &mut Random, voice: &str, own: &str, defect: Option<&str>) -> Line {
    let word = *r.pick(DOUBLED_WORDS);
    let clean = format!(
        "　　{voice}坚持把{word}摆在突出位置，加强对党员干部的教育管理，方方面面压实责任，{own}风清气正。"
    );
    match defect {
        Some("repeated_word") => Line::with(
            clean.replacen(word, &format!("{word}{word}"), 1),
            "repeated_word",
            format!("{word}{word}"),
        ),
        Some("repeated_character") => Line::with(
            clean.replace("的教育", "的的教育"),
            "repeated_character",
            "的的",
        ),
        Some("punctuation") => {
            let (wrong, span) =
                *r.pick(&[("，，", "，，"), (",", ","), ("。。", "。。"), (";", ";")]);
            Line::with(clean.replacen("，", wrong, 1), "punctuation", span)
        }
        Some("stray_markdown") => {
            let mark = *r.pick(&["## ", "# ", "- ", "**"]);
            let text = if mark == "**" {
                format!("　　**{}**", clean.trim_start_matches('　'))
            } else {
                format!("{mark}{}", clean.trim_start_matches('　'))
            };
            Line::with(text, "stray_markdown", mark.trim())
        }
        _ => Line::clean(clean),
    }
}

/// A sentence in another body's voice, or the body's own.
fn organisation_line(r: &mut Random, own: &str, defect: Option<&str>) -> Line {
    if defect == Some("inconsistent_organisation") {
        let others: Vec<&str> = BODIES.iter().map(|b| b.own).filter(|o| *o != own).collect();
        let other = *r.pick(&others);
        return Line::with(
            format!("　　{other}将继续深化纪律教育，推动全面从严治党向纵深发展。"),
            "inconsistent_organisation",
            other,
        );
    }
    Line::clean(format!(
        "　　{own}将继续深化纪律教育，推动全面从严治党向纵深发展。"
    ))
}

/// A dated sentence and a plan, clean or with a wrong date.
fn date_lines(r: &mut Random, voice: &str, year: u64, defect: Option<&str>) -> Vec<Line> {
    let month = r.range(1, 11);
    let day = r.range(1, 28);
    let dated = format!("　　{year}年{month}月{day}日，{voice}召开警示教育大会，通报典型案例。");
    let plan = format!(
        "　　下一步，{voice}将在{}年持续深化作风建设，巩固拓展整改成果。",
        year + 1
    );
    match defect {
        Some("inconsistent_date") if r.chance(2) => {
            let (wrong, span) = if r.chance(2) {
                (format!("{year}年2月30日"), format!("{year}年2月30日"))
            } else {
                (format!("{year}年13月"), format!("{year}年13月"))
            };
            vec![
                Line::with(
                    format!("　　{wrong}，{voice}召开警示教育大会，通报典型案例。"),
                    "inconsistent_date",
                    span,
                ),
                Line::clean(plan),
            ]
        }
        Some("inconsistent_date") => vec![
            Line::clean(dated),
            Line::with(
                format!("　　下一步，{voice}将在{year}年持续深化作风建设，巩固拓展整改成果。"),
                "inconsistent_date",
                format!("{year}年"),
            ),
        ],
        _ => vec![Line::clean(dated), Line::clean(plan)],
    }
}

const KINDS: &[&str] = &[
    "missing_number",
    "placeholder",
    "template_leftover",
    "inconsistent_arithmetic",
    "repeated_word",
    "repeated_character",
    "punctuation",
    "stray_markdown",
    "inconsistent_organisation",
    "inconsistent_date",
];

/// One hand-written-like draft with up to four defects, or none.
fn draft(r: &mut Random, index: usize) -> Draft {
    let body = r.pick(BODIES);
    let place = *r.pick(PLACES);
    let year = r.range(2019, 2025);
    let mut chosen: Vec<&str> = Vec::new();
    if !r.chance(4) {
        for _ in 0..r.range(1, 4) {
            let kind = *r.pick(KINDS);
            if !chosen.contains(&kind) {
                chosen.push(kind);
            }
        }
    }
    let wants = |kind: &'static str| chosen.contains(&kind).then_some(kind);
    let arithmetic = wants("inconsistent_arithmetic");
    let (rectification, breakdown) = if r.chance(2) {
        (arithmetic, None)
    } else {
        (None, arithmetic)
    };
    let number_defect = ["missing_number", "placeholder", "template_leftover"]
        .into_iter()
        .find(|k| chosen.contains(k));
    let prose_defect = [
        "repeated_word",
        "repeated_character",
        "punctuation",
        "stray_markdown",
    ]
    .into_iter()
    .find(|k| chosen.contains(k));
    let title = body
        .title
        .replace("{place}", place)
        .replace("{year}", &year.to_string());
    let mut lines = vec![
        Line::clean(title),
        Line::clean(format!(
            "　　{year}年以来，{}在上级党组织的坚强领导下，认真落实全面从严治党主体责任，现将有关情况报告如下。",
            body.voice
        )),
        counts_line(r, body.voice, number_defect),
        rectification_line(r, rectification),
        breakdown_line(r, breakdown),
        prose_line(r, body.voice, body.own, prose_defect),
        organisation_line(r, body.own, wants("inconsistent_organisation")),
    ];
    lines.extend(date_lines(r, body.voice, year, wants("inconsistent_date")));
    lines.push(Line::clean(format!("{place}{}", body.voice)));
    lines.push(Line::clean(format!(
        "{}年1月{}日",
        year + 1,
        r.range(5, 25)
    )));
    let planted = lines
        .iter()
        .enumerate()
        .filter_map(|(n, line)| {
            let (kind, text) = line.planted.clone()?;
            Some(Planted {
                line: n + 1,
                kind,
                text,
            })
        })
        .collect();
    Draft {
        name: format!("generated/{index}"),
        text: lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
        planted,
    }
}

fn figure(key: &str, label: &str, unit_word: &str, value: f64) -> Figure {
    Figure {
        key: key.to_owned(),
        value,
        unit_word: unit_word.to_owned(),
        label: label.to_owned(),
        provenance: None,
    }
}

/// An annual report rendered from the embedded template over random figures: clean by construction.
fn report(r: &mut Random, index: usize) -> Draft {
    let year = r.range(2019, 2025) as i32;
    let tasks = r.range(5, 60);
    let completed = r.range(1, tasks);
    let on_time = r.range(0, completed);
    let talks: Vec<(&str, &str, u64)> = vec![
        ("talks.TALK_KIND_INTEGRITY", "廉政谈话", r.range(0, 40)),
        ("talks.TALK_KIND_REMINDER", "提醒谈话", r.range(0, 20)),
        ("talks.TALK_KIND_HEART_TO_HEART", "谈心谈话", r.range(0, 30)),
    ];
    let mut supervision = vec![figure(
        "talks.total",
        "谈话",
        "人次",
        talks.iter().map(|t| t.2).sum::<u64>() as f64,
    )];
    for (key, label, n) in &talks {
        if *n > 0 {
            supervision.push(figure(key, label, "人次", *n as f64));
        }
    }
    let problems = r.range(1, 50);
    let rectified = r.range(0, problems);
    supervision.extend([
        figure("checks.total", "监督检查", "次", r.range(0, 12) as f64),
        figure("education.total", "警示教育", "次", r.range(1, 9) as f64),
        figure(
            "education.participants",
            "参与",
            "人次",
            r.range(20, 900) as f64,
        ),
        figure("problems.total", "问题", "个", problems as f64),
        figure(
            "rectifications.completed",
            "整改销号",
            "项",
            rectified as f64,
        ),
        figure("regulations.revised", "修订", "件", r.range(0, 6) as f64),
    ]);
    if rectified > 0 {
        supervision.push(figure(
            "rectifications.on_time_rate",
            "按期整改率",
            "%",
            (r.range(0, rectified) as f64 * 1000.0 / rectified as f64).round() / 10.0,
        ));
    }
    let gathered = Gathered {
        organisation_name: format!("{}县民政局", r.pick(PLACES)),
        tasks: Some(TaskPart {
            plans: vec![format!("《{year}年全面从严治党主体责任任务分工方案》")],
            figures: vec![
                figure("tasks.total", "分解任务", "项", tasks as f64),
                figure("tasks.completed", "已完成任务", "项", completed as f64),
                figure(
                    "tasks.on_time_rate",
                    "按期完成率",
                    "%",
                    (on_time as f64 * 1000.0 / completed as f64).round() / 10.0,
                ),
            ],
        }),
        supervision: Some(
            qinglian_api::supervision::v1::GetSupervisionStatisticsResponse {
                figures: supervision,
                warning_films: vec!["收看《廉》系列专题警示教育片".to_owned()],
                regulations_revised: vec!["《机关财务管理办法》".to_owned()],
                ..Default::default()
            },
        ),
        ..Gathered::default()
    };
    let source = render::template_source(render::DEFAULT_TEMPLATE, None).expect("template");
    let text = render::render(&source, &gathered, year, false).expect("render");
    Draft {
        name: format!("generated/report-{index}"),
        text,
        planted: Vec::new(),
    }
}

/// `count` drafts from `seed`: one in six a generated annual report, the rest hand-written-like.
pub fn drafts(seed: u64, count: usize) -> Vec<Draft> {
    let mut r = Random(seed);
    (0..count)
        .map(|index| {
            if index % 6 == 0 {
                report(&mut r, index)
            } else {
                draft(&mut r, index)
            }
        })
        .collect()
}
