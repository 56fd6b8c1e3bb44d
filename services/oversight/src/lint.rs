//! Report lint (`LintReport`): finds the defects a hand-written draft of a work report tends to carry
//! into print — unfilled counts, Markdown left in plain text, doubled characters, paragraphs copied
//! from another kind of body's report, wrong or inconsistent dates, and counts that disagree with the
//! records — each with its position and a suggestion. A pure function of the text and a context:
//! no I/O, no clock, so the CLI and the gRPC service give the same answer for the same draft.

mod arithmetic;
mod context;
mod counted;
mod date;
mod finding;
mod markdown;
mod numeral;
mod organisation;
mod placeholder;
mod punctuation;
mod quantity;
mod records;
mod repetition;
mod template;
mod words;

pub use context::{LintContext, OrganisationKind, RecordedFigure};
pub use finding::{Finding, FindingKind, format_line};

use std::ops::Range;

use finding::{Hit, Positions};

/// Lints a draft: every finding of every rule, sorted by line, then column, then kind. An empty
/// result means the draft is clean.
pub fn lint(text: &str, context: &LintContext) -> Vec<Finding> {
    let mut gaps = placeholder::check(text);
    gaps.extend(template::check(text));
    let gap_ranges: Vec<Range<usize>> = gaps.iter().map(|hit| hit.range.clone()).collect();
    let words = words::words(text);
    let overlaps_gap = |hit: &Hit| {
        gap_ranges
            .iter()
            .any(|gap| gap.start < hit.range.end && hit.range.start < gap.end)
    };
    let missing: Vec<Hit> = quantity::check(text, &words)
        .into_iter()
        .filter(|hit| !overlaps_gap(hit))
        .collect();
    gaps.extend(missing);
    for hit in &mut gaps {
        name_the_record(text, hit, &context.records);
    }

    let mut hits = markdown::check(text, &gap_ranges);
    if !context.markdown {
        hits.extend(markdown::structure(text));
    }
    hits.extend(gaps);
    hits.extend(repetition::check(text));
    hits.extend(punctuation::check(text));
    hits.extend(organisation::check(text, context.organisation_kind));
    hits.extend(date::check(text, context.year));
    hits.extend(arithmetic::check(text));
    hits.extend(records::check(text, &context.records));
    hits.sort_by_key(|hit| (hit.range.start, hit.kind));
    hits.dedup_by(|later, earlier| later.range == earlier.range && later.kind == earlier.kind);

    let positions = Positions::new(text);
    let mut findings: Vec<Finding> = hits.into_iter().map(|hit| positions.finding(hit)).collect();
    findings.sort_by_key(|finding| (finding.line, finding.column, finding.kind));
    findings
}

/// Names in a gap's suggestion the value the records hold for the figure whose number is missing.
fn name_the_record(text: &str, hit: &mut Hit, records: &[RecordedFigure]) {
    let slot = &text[hit.range.clone()];
    let unit_start = slot
        .char_indices()
        .find(|&(_, c)| {
            !quantity::is_placeholder_mark(c) && !"余近多某（".contains(c) && !c.is_whitespace()
        })
        .map_or(slot.len(), |(at, _)| at);
    let unit = &slot[unit_start..];
    let slot_range = hit.range.start..hit.range.start + unit_start;
    if let Some(record) = records::record_at(text, &slot_range, unit, records) {
        hit.suggestion
            .push_str(&format!("（记录为{}）", record.phrase.render(record.value)));
        hit.recorded_value = Some(record.value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 2023 work report used as the reference draft, kept in the repository.
    const REFERENCE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/work-report-2023.txt"
    ));

    /// A clean paragraph in the reference's register, with real numbers.
    const CLEAN: &str = "2023年以来，市人大常委会党组在市委的坚强领导下，坚持用好宪法法律赋予的监督权。\
        一年来，常委会共听取审议12个“一府一委两院”专项工作报告和预决算审查监督报告，\
        检查5部法律法规实施情况，开展6次专题调研，结合相关报告开展了2次专题询问，\
        对126件规范性文件进行了备案审查，为推动高质量发展贡献了人大力量。";

    /// A report in the style the service generates: plain text with Markdown headings and lists,
    /// no emphasis marks, counts taken from the records.
    const GENERATED: &str = "# 市人大常委会2023年度监督工作报告

2023年，市人大常委会在市委的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，依法行使监督权，紧紧围绕全市中心工作，认真履行宪法法律赋予的职责。

## 一、监督工作总体情况

一年来，常委会共听取审议12个专项工作报告，其中政府8个、监察委员会1个、法院2个、检察院1个；审查批准预算、决算报告2个；检查5部法律法规实施情况；开展6次专题调研；开展2次专题询问；对126件规范性文件进行了备案审查，其中纠正3件。

- 听取和审议市政府关于2023年国民经济和社会发展计划执行情况的报告
- 听取和审议市监察委员会关于开展反腐败国际追逃追赃工作情况的报告
- 检查《中华人民共和国义务教育法》实施情况

## 二、审议意见办理情况

常委会会议审议后形成审议意见7件，交由“一府一委两院”研究处理。审议意见共涉及问题23项，已整改完成19项，正在整改4项，整改完成率82.6%。对逾期未办结的2项问题，由常委会办公厅督办，并于2024年1月15日前报送整改情况。

## 三、存在的问题和下一步工作

一是监督刚性还需进一步增强；二是跟踪监督机制有待完善；三是代表参与监督的广度和深度不够。2024年，常委会将继续聚焦全市中心工作，围绕“十四五”规划和2035年远景目标纲要实施情况开展监督，层层压实责任，扎扎实实推动各项工作落实，努力为全市经济社会高质量发展作出新的更大贡献。

附：2023年度监督工作统计表（单位：个、次、件）
";

    fn summary(findings: &[Finding]) -> Vec<(usize, usize, FindingKind, &str)> {
        findings
            .iter()
            .map(|finding| {
                (
                    finding.line,
                    finding.column,
                    finding.kind,
                    finding.text.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn every_defect_of_the_reference_report_is_found() {
        use FindingKind::*;
        let findings = lint(REFERENCE, &LintContext::default());
        assert_eq!(
            summary(&findings),
            [
                (1, 20, StrayMarkdown, "**"),
                (5, 75, InconsistentOrganisation, "该公司"),
                (5, 80, InconsistentOrganisation, "企业发展实际"),
                (6, 119, RepeatedCharacter, "过过"),
                (8, 1, StrayMarkdown, "*"),
                (13, 94, MissingNumber, "个"),
                (13, 122, Placeholder, "*部"),
                (13, 135, Placeholder, "*次"),
                (13, 151, Placeholder, "*次"),
                (13, 159, MissingNumber, "余件"),
                (14, 80, InconsistentDate, "二〇三五年"),
                (17, 5, StrayMarkdown, "*"),
            ]
        );
        let lines: Vec<String> = findings.iter().map(format_line).collect();
        assert_eq!(lines[6], "13:122 placeholder «*部» 填写法律法规的部数");
        assert_eq!(lines[8], "13:151 placeholder «*次» 填写专题询问的次数");
        assert_eq!(
            lines[1],
            "5:75 inconsistent_organisation «该公司» 改为“本局”"
        );
    }

    #[test]
    fn a_clean_paragraph_gives_no_finding() {
        assert_eq!(lint(CLEAN, &LintContext::default()), []);
    }

    #[test]
    fn a_markdown_report_gives_no_finding_as_markdown_and_its_marks_as_plain_text() {
        let markdown = LintContext {
            markdown: true,
            ..LintContext::default()
        };
        assert_eq!(lint(GENERATED, &markdown), []);
        let plain = lint(GENERATED, &LintContext::default());
        assert!(!plain.is_empty());
        assert!(
            plain.iter().all(|f| f.kind == FindingKind::StrayMarkdown),
            "{plain:?}"
        );
    }

    /// The recorded figure `key` with `value`, stated as the catalogue states it.
    fn recorded(key: &str, value: f64) -> RecordedFigure {
        let figure = qinglian_api::common::v1::Figure {
            key: key.to_owned(),
            value,
            ..Default::default()
        };
        RecordedFigure {
            phrase: crate::catalogue::phrase(&figure).expect("declared"),
            value,
        }
    }

    #[test]
    fn a_clean_paragraph_agreeing_with_the_records_gives_no_finding() {
        let context = LintContext {
            organisation_kind: Some(OrganisationKind::Congress),
            year: Some(2023),
            markdown: false,
            records: vec![
                recorded("activities.reports", 12.0),
                recorded("laws.inspected", 5.0),
                recorded("activities.OVERSIGHT_KIND_SPECIAL_RESEARCH", 6.0),
                recorded("activities.OVERSIGHT_KIND_SPECIAL_INQUIRY", 2.0),
                recorded("documents.reviewed", 126.0),
            ],
        };
        assert_eq!(lint(CLEAN, &context), []);
    }

    #[test]
    fn a_count_that_disagrees_with_the_records_gives_one_finding() {
        let context = LintContext {
            records: vec![recorded("activities.OVERSIGHT_KIND_SPECIAL_INQUIRY", 2.0)],
            ..LintContext::default()
        };
        let text = CLEAN.replace("开展了2次专题询问", "开展了3次专题询问");
        let findings = lint(&text, &context);
        assert_eq!(
            summary(&findings),
            [(1, 113, FindingKind::NumberMismatch, "3次专题询问")]
        );
        assert_eq!(findings[0].suggestion, "按记录应为2次专题询问");
        assert_eq!(findings[0].recorded_value, Some(2.0));
    }

    #[test]
    fn a_gap_names_the_recorded_value() {
        let context = LintContext {
            records: vec![recorded("laws.inspected", 5.0)],
            ..LintContext::default()
        };
        let findings = lint("检查*部法律法规实施情况", &context);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].suggestion,
            "填写法律法规的部数（记录为5部法律法规）"
        );
        assert_eq!(findings[0].recorded_value, Some(5.0));
    }

    #[test]
    fn findings_come_sorted_by_position() {
        let text = "开展*次专题调研\n**通过过";
        let findings = lint(text, &LintContext::default());
        let positions: Vec<_> = findings.iter().map(|f| (f.line, f.column)).collect();
        assert_eq!(positions, [(1, 3), (2, 1), (2, 4)]);
    }
}
