//! The words of a draft with their parts of speech, from jieba's dictionary tagger (the maintained
//! Rust port of the most used Chinese segmenter, with the ICTCLAS tag set: `n` noun, `v` verb, `q`
//! measure word, `m` numeral, `x` punctuation …). Rules read words rather than characters, so that 部
//! in 部门 or 个 in 个别 is never taken for a measure word: the dictionary already made them words.

use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// Dictionary segmenter, built on first use (about a fifth of a second) and shared after.
static SEGMENTER: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// One word of the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// Byte range in the whole draft.
    pub(crate) range: Range<usize>,
    /// The word as written.
    pub(crate) text: &'a str,
    /// Its part of speech.
    pub(crate) tag: &'a str,
}

impl Word<'_> {
    /// Whether the word is a noun or a verb used as one (what a count counts).
    pub(crate) fn is_noun(&self) -> bool {
        matches!(
            self.tag,
            "n" | "nr" | "ns" | "nt" | "nz" | "vn" | "ng" | "nrt" | "j" | "l"
        )
    }

    /// Whether the word is a verb.
    pub(crate) fn is_verb(&self) -> bool {
        matches!(self.tag, "v" | "vn" | "vd" | "vg" | "vi" | "vq")
    }

    /// Whether the word is punctuation or white space.
    pub(crate) fn is_punctuation(&self) -> bool {
        self.text
            .chars()
            .all(|c| !c.is_alphanumeric() || c.is_whitespace())
    }
}

/// Every word of `text`, line by line, ranges relative to the whole text.
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut at = line_start;
        for tag in SEGMENTER.tag(line, false) {
            let start = at;
            at += tag.word.len();
            out.push(Word {
                range: start..at,
                text: &text[start..at],
                tag: tag.tag,
            });
        }
        line_start += line.len() + 1;
    }
    out
}

/// Whether the dictionary holds `word`.
pub(crate) fn is_word(word: &str) -> bool {
    SEGMENTER.has_word(word)
}

/// The character spans (start, end) of the dictionary words of `line`, for rules that look inside a
/// line.
pub(crate) fn spans(line: &str) -> Vec<(usize, usize)> {
    SEGMENTER
        .cut(line, false)
        .into_iter()
        .map(|token| (token.start, token.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore = "prints the tags of a text, for looking"]
    fn print_tags() {
        let text = std::env::var("TEXT").unwrap_or_default();
        for w in words(&text) {
            println!("{} {}", w.text, w.tag);
        }
    }

    #[test]
    fn words_cover_the_text_with_their_tags() {
        let text = "召开专题会议次\n各部门";
        let words = words(text);
        let joined: String = words.iter().map(|w| w.text).collect();
        assert_eq!(joined, "召开专题会议次各部门");
        let last_of_first_line = words.iter().find(|w| w.text == "次").expect("次");
        assert_eq!(last_of_first_line.tag, "q");
        assert!(words.iter().any(|w| w.text == "部门"));
        assert_eq!(&text[words.last().expect("words").range.clone()], "部门");
    }
}
