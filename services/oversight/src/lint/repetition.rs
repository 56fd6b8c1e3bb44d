//! The same character or word typed twice (`通过过集体政治生日`, `整改整改`). Chinese doubles characters on purpose all the
//! time, in reduplications (紧紧, 层层, 踏踏实实) and where one word ends with the character the next
//! begins with (工作作风, 宪法法律, 常委会会议), so a pair is only a typo when it is none of those.
//! Word boundaries come from a dictionary segmenter (jieba): a pair is a typo when its second
//! character stands alone as a word, as the second 过 in 通过/过/集体 does.

use super::finding::{FindingKind, Hit};
use super::words::spans;

/// The longest doubled word looked for, in characters (监督检查监督检查 doubles four).
const LONGEST_WORD: usize = 8;

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
    // Particles: 等等 (不了了之 is one dictionary word, so its 了了 stands).
    "等等",
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

/// Finds every doubled character and word in `text` that reads as a typo.
pub(crate) fn check(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut found = check_line(line);
        found.extend(doubled_words(line));
        hits.extend(found.into_iter().map(|mut hit| {
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
    spans(line)
}

/// Words of two to [`LONGEST_WORD`] characters written twice in a row (整改整改, 监督检查监督检查),
/// where both copies start and end on word boundaries. Legitimate are 一 + measure word repeated
/// (一步一步, 一件一件) and a verb said twice inside quotation marks (“研究研究”), as speech does.
fn doubled_words(line: &str) -> Vec<Hit> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let byte_at = |index: usize| chars.get(index).map_or(line.len(), |&(at, _)| at);
    let mut starts = vec![false; chars.len() + 1];
    let mut ends = vec![false; chars.len() + 1];
    for (start, end) in segment(line) {
        starts[start] = true;
        ends[end] = true;
    }
    let mut hits = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let found = (2..=LONGEST_WORD).rev().find(|&k| {
            index + 2 * k <= chars.len()
                && starts[index]
                && ends[index + 2 * k]
                && (0..k).all(|i| chars[index + i].1 == chars[index + k + i].1)
                && chars[index..index + k]
                    .iter()
                    .all(|&(_, c)| is_ideograph(c))
                && !is_legitimate_doubling(line, &chars, index, k)
        });
        match found {
            Some(k) => {
                let word = &line[byte_at(index)..byte_at(index + k)];
                hits.push(Hit::new(
                    byte_at(index)..byte_at(index + 2 * k),
                    FindingKind::RepeatedWord,
                    format!("删除重复的“{word}”"),
                ));
                index += 2 * k;
            }
            None => index += 1,
        }
    }
    hits
}

/// Whether the word of `k` characters at `index`, written twice, is meant.
fn is_legitimate_doubling(line: &str, chars: &[(usize, char)], index: usize, k: usize) -> bool {
    if chars[index].1 == '一' && k == 2 {
        return true;
    }
    // Inside quotation marks: an open “ before it on the line with no ” between.
    let before = &line[..chars[index].0];
    let quoted = before
        .rfind('“')
        .is_some_and(|open| !before[open..].contains('”'));
    quoted && k == 2
}

/// Whether the pair at character `index` (and `index + 1`) of the line is a typo.
fn is_typo(line: &str, chars: &[(usize, char)], index: usize, words: &[(usize, usize)]) -> bool {
    let pair = &line[chars[index].0..chars.get(index + 2).map_or(line.len(), |&(at, _)| at)];
    if LEGITIMATE_PAIRS.contains(&pair) {
        return false;
    }
    // Numerals double in numbers and names: 十五五, 二〇二二.
    if "〇零一二三四五六七八九十百千万两".contains(chars[index].1) {
        return false;
    }
    // The second character begins a dictionary word with what follows: 耕地 + 地力.
    let begins_word = (2..=4).any(|len| {
        let end = index + 1 + len;
        end <= chars.len() && {
            let word = &line[chars[index + 1].0..chars.get(end).map_or(line.len(), |&(at, _)| at)];
            super::words::is_word(word)
        }
    });
    if begins_word {
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
                    坚坚定定，“研究研究”，等等，不了了之";
        assert_eq!(doubled(text), Vec::<&str>::new());
    }

    #[test]
    fn words_meeting_on_the_same_character_are_legitimate() {
        let text = "工作作风整顿，用好宪法法律，从严治党党风廉政，常委会会议，会议议程，\
                    进行了了解，某市市长，组织部部长，达到目的的手段";
        assert_eq!(doubled(text), Vec::<&str>::new());
    }

    #[test]
    fn doubled_words_are_found_and_meant_ones_left() {
        assert_eq!(
            doubled("抓好整改整改工作，工作工作，落实落实责任，开展监督检查监督检查6次"),
            ["整改整改", "工作工作", "落实落实", "监督检查监督检查"]
        );
        assert_eq!(
            doubled("一步一步推进，书记说“研究研究”，方方面面，家家户户，认认真真"),
            Vec::<&str>::new()
        );
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
