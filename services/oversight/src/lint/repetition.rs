//! The same character typed twice (`通过过集体政治生日`). Chinese doubles characters on purpose all the
//! time, in reduplications (紧紧, 层层, 踏踏实实) and where one word ends with the character the next
//! begins with (工作作风, 宪法法律, 常委会会议), so a pair is only a typo when it is none of those.
//! Word boundaries come from a dictionary segmenter (jieba): a pair is a typo when its second
//! character stands alone as a word, as the second 过 in 通过/过/集体 does.

use std::sync::LazyLock;

use jieba_rs::Jieba;

use super::finding::{FindingKind, Hit};

/// Dictionary segmenter, built on first use (about a fifth of a second) and shared after.
static SEGMENTER: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Doubled characters that are always legitimate, whatever the segmenter says. Keep this the one
/// list of them, grouped by why they are legitimate.
const LEGITIMATE_PAIRS: &[&str] = &[
    // Reduplicated adverbs and adjectives: 常常, 紧紧围绕, 牢牢把握, 稳稳当当.
    "常常", "往往", "刚刚", "仅仅", "渐渐", "纷纷", "默默", "密密", "紧紧", "牢牢", "稳稳", "深深",
    "久久", "好好", "慢慢", "悄悄", "稍稍", "微微", "恰恰", "偏偏", "多多", "大大", "清清", "明明",
    "高高", "满满", "源源", "蒸蒸", "欣欣", "孜孜", "谆谆", "勃勃", "赫赫", "历历", "熠熠", "循循",
    // Reduplicated nouns and measure words meaning “every”: 人人有责, 层层压实, 环环相扣.
    "人人", "天天", "年年", "日日", "月月", "时时", "事事", "处处", "个个", "层层", "步步", "环环",
    "条条", "件件", "项项", "次次", "家家", "户户", "村村", "代代", "世世", "声声", "句句", "字字",
    "心心", "面面", "点点", "种种", "头头", "井井", "一一",
    // Reduplicated verbs, “do a little”: 谈谈, 看看, 想想.
    "谈谈", "看看", "想想", "试试", "说说", "听听", "走走", "问问", "查查", "比比",
    // Particles and set phrases: 等等, 不了了之.
    "等等", "了了",
    // A unit name meeting a title that begins with the same character: 某市市长, 组织部部长 (处处
    // above also covers 某处处长).
    "市市", "县县", "省省", "区区", "乡乡", "镇镇", "局局", "厅厅", "科科", "部部", "院院", "所所",
];

/// Three-character spans where a word ending in a character meets the same character as a
/// particle: 达到目的的手段.
const LEGITIMATE_CROSSINGS: &[&str] = &["目的的"];

/// Whether `c` is a CJK ideograph, the only characters this rule looks at.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Finds every doubled character in `text` that reads as a typo.
pub(crate) fn check(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        hits.extend(check_line(line).into_iter().map(|mut hit| {
            hit.range = hit.range.start + line_start..hit.range.end + line_start;
            hit
        }));
        line_start += line.len() + 1;
    }
    hits
}

/// Finds typo doubles in one line; ranges are relative to the line.
fn check_line(line: &str) -> Vec<Hit> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // Segment lazily: most lines have no doubled character at all.
    let mut words: Option<Vec<(usize, usize)>> = None;
    let mut hits = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let (start, c) = chars[index];
        let run = chars[index..]
            .iter()
            .take_while(|&&(_, next)| next == c)
            .count();
        if run >= 2 && is_ideograph(c) {
            let end = chars.get(index + run).map_or(line.len(), |&(at, _)| at);
            let words = words.get_or_insert_with(|| segment(line));
            if run > 2 || is_typo(line, &chars, index, words) {
                hits.push(Hit::new(
                    start..end,
                    FindingKind::RepeatedCharacter,
                    format!("删除重复的“{c}”"),
                ));
            }
        }
        index += run.max(1);
    }
    hits
}

/// The character spans (start, end) of the words of `line`, by dictionary only.
fn segment(line: &str) -> Vec<(usize, usize)> {
    SEGMENTER
        .cut(line, false)
        .into_iter()
        .map(|token| (token.start, token.end))
        .collect()
}

/// Whether the pair at character `index` (and `index + 1`) of the line is a typo.
fn is_typo(line: &str, chars: &[(usize, char)], index: usize, words: &[(usize, usize)]) -> bool {
    let pair = &line[chars[index].0..chars.get(index + 2).map_or(line.len(), |&(at, _)| at)];
    if LEGITIMATE_PAIRS.contains(&pair) {
        return false;
    }
    // Any pair inside a longer AABB pattern: 实实在在, 上上下下, 坚坚定定.
    let same = |a: usize, b: usize| matches!((chars.get(a), chars.get(b)), (Some(x), Some(y)) if x.1 == y.1);
    if same(index + 2, index + 3) || (index >= 2 && same(index - 2, index - 1)) {
        return false;
    }
    if index >= 1 {
        let from_previous = &line[chars[index - 1].0..];
        if LEGITIMATE_CROSSINGS
            .iter()
            .any(|span| from_previous.starts_with(span))
        {
            return false;
        }
    }
    let word_of = |at: usize| words.iter().find(|&&(start, end)| start <= at && at < end);
    match (word_of(index), word_of(index + 1)) {
        // One dictionary word holds both: a reduplication the list above does not name.
        (Some(first), Some(second)) if first == second => false,
        // The second character begins a word of its own: 工作/作风, 进行了/了解.
        (_, Some(&(start, end))) => end - start < 2,
        (_, None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doubled(text: &str) -> Vec<&str> {
        check(text)
            .into_iter()
            .map(|hit| &text[hit.range])
            .collect()
    }

    #[test]
    fn a_typed_twice_character_is_found() {
        let text = "通过过集体政治生日、书记讲廉政党课等方式";
        let hits = check(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "过过");
        assert_eq!(hits[0].suggestion, "删除重复的“过”");
        assert_eq!(
            doubled("我们们认为，加强强政治建设，的的"),
            ["们们", "强强", "的的"]
        );
    }

    #[test]
    fn reduplications_are_legitimate() {
        let text = "紧紧围绕，环环相扣，人人有责，一一对应，大大提高，层层压实，处处，常常，谈谈，\
                    看看，实实在在，踏踏实实，认认真真，方方面面，上上下下，家家户户，兢兢业业，\
                    坚坚定定，研究研究，等等，不了了之";
        assert_eq!(doubled(text), Vec::<&str>::new());
    }

    #[test]
    fn words_meeting_on_the_same_character_are_legitimate() {
        let text = "工作作风整顿，用好宪法法律，从严治党党风廉政，常委会会议，会议议程，\
                    进行了了解，某市市长，组织部部长，达到目的的手段";
        assert_eq!(doubled(text), Vec::<&str>::new());
    }

    #[test]
    fn runs_of_three_are_always_typos() {
        assert_eq!(doubled("推进进进工作"), ["进进进"]);
    }

    #[test]
    fn positions_are_relative_to_the_whole_text() {
        let text = "第一行\n通过过";
        let hits = check(text);
        assert_eq!(hits[0].range.start, text.find("过过").expect("in text"));
    }
}
