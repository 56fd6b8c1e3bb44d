//! On-demand tokenizer for the filter language.
//!
//! Tokens are produced one at a time as the parser asks for them, so the first error
//! reported is always the leftmost one. Positions are character (not byte) offsets.
//!
//! Lexing is contextual: right after a comparison operator a bare word may contain
//! `-`, `:` and `+` (timestamps, negative numbers), while elsewhere `-` is the prefix
//! negation and `:` is the "has" operator.

use super::FilterError;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Has,
}

impl Comparator {
    /// The operator as written in a filter.
    pub(super) fn symbol(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Has => ":",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum TokenKind {
    LParen,
    RParen,
    Comparator(Comparator),
    /// `-` directly before a term.
    Minus,
    And,
    Or,
    Not,
    /// A bare word: a field name, or a value after a comparator.
    Word(String),
    /// A quoted string, escapes already resolved.
    Quoted(String),
    End,
}

impl TokenKind {
    /// How the token is named in error messages.
    pub(super) fn describe(&self) -> String {
        match self {
            Self::LParen => "\"(\"".to_owned(),
            Self::RParen => "\")\"".to_owned(),
            Self::Comparator(op) => format!("\"{}\"", op.symbol()),
            Self::Minus => "\"-\"".to_owned(),
            Self::And => "AND".to_owned(),
            Self::Or => "OR".to_owned(),
            Self::Not => "NOT".to_owned(),
            Self::Word(word) => format!("\"{word}\""),
            Self::Quoted(_) => "a quoted string".to_owned(),
            Self::End => "end of filter".to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: TokenKind,
    /// Character offset of the token's first character.
    pub(super) position: usize,
}

pub(super) struct Lexer {
    chars: Vec<char>,
    index: usize,
    /// The previous token was a comparator, so a value comes next.
    expect_value: bool,
}

/// Characters of a field name: letters (any script), digits, `_` and `.` for paths.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Characters of a bare value: also `-`, `:` and `+` for timestamps and signs.
fn is_value_char(c: char) -> bool {
    is_name_char(c) || matches!(c, '-' | ':' | '+')
}

impl Lexer {
    pub(super) fn new(text: &str) -> Self {
        Self {
            chars: text.chars().collect(),
            index: 0,
            expect_value: false,
        }
    }

    fn peek_char(&self, offset: usize) -> Option<char> {
        self.chars.get(self.index + offset).copied()
    }

    /// Produces the next token, `End` once the text is exhausted.
    pub(super) fn next_token(&mut self) -> Result<Token, FilterError> {
        while self.peek_char(0).is_some_and(char::is_whitespace) {
            self.index += 1;
        }
        let position = self.index;
        let expect_value = std::mem::take(&mut self.expect_value);
        let Some(c) = self.peek_char(0) else {
            return Ok(Token {
                kind: TokenKind::End,
                position,
            });
        };
        let kind = match c {
            '"' | '\'' => TokenKind::Quoted(self.quoted(c)?),
            c if expect_value && is_value_char(c) => self.word(is_value_char),
            c if is_name_char(c) => self.word(is_name_char),
            _ => self.punctuation(c)?,
        };
        self.expect_value = matches!(kind, TokenKind::Comparator(_));
        Ok(Token { kind, position })
    }

    /// Reads a run of characters accepted by `accept`; upper-case keywords become their token.
    fn word(&mut self, accept: fn(char) -> bool) -> TokenKind {
        let start = self.index;
        while self.peek_char(0).is_some_and(accept) {
            self.index += 1;
        }
        let chars = self.chars.get(start..self.index).unwrap_or_default();
        let word: String = chars.iter().collect();
        match word.as_str() {
            "AND" => TokenKind::And,
            "OR" => TokenKind::Or,
            "NOT" => TokenKind::Not,
            _ => TokenKind::Word(word),
        }
    }

    /// Reads a string delimited by `quote`, resolving `\"`, `\'` and `\\`.
    fn quoted(&mut self, quote: char) -> Result<String, FilterError> {
        let start = self.index;
        self.index += 1;
        let mut value = String::new();
        loop {
            match self.peek_char(0) {
                None => return Err(FilterError::new(start, "unterminated string")),
                Some(c) if c == quote => {
                    self.index += 1;
                    return Ok(value);
                }
                Some('\\') => match self.peek_char(1) {
                    Some(escaped @ ('"' | '\'' | '\\')) => {
                        value.push(escaped);
                        self.index += 2;
                    }
                    None => return Err(FilterError::new(start, "unterminated string")),
                    Some(other) => {
                        let message = format!("invalid escape sequence \"\\{other}\"");
                        return Err(FilterError::new(self.index, message));
                    }
                },
                Some(c) => {
                    value.push(c);
                    self.index += 1;
                }
            }
        }
    }

    /// Reads parentheses, comparators and the prefix `-`.
    fn punctuation(&mut self, c: char) -> Result<TokenKind, FilterError> {
        let followed_by_eq = self.peek_char(1) == Some('=');
        let (kind, width) = match c {
            '(' => (TokenKind::LParen, 1),
            ')' => (TokenKind::RParen, 1),
            '-' => (TokenKind::Minus, 1),
            '=' => (TokenKind::Comparator(Comparator::Eq), 1),
            ':' => (TokenKind::Comparator(Comparator::Has), 1),
            '!' if followed_by_eq => (TokenKind::Comparator(Comparator::Ne), 2),
            '<' if followed_by_eq => (TokenKind::Comparator(Comparator::Le), 2),
            '<' => (TokenKind::Comparator(Comparator::Lt), 1),
            '>' if followed_by_eq => (TokenKind::Comparator(Comparator::Ge), 2),
            '>' => (TokenKind::Comparator(Comparator::Gt), 1),
            _ => {
                let message = format!("unexpected character {c:?}");
                return Err(FilterError::new(self.index, message));
            }
        };
        self.index += width;
        Ok(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lexes the whole text into (kind, position) pairs, the end token excluded.
    fn lex(text: &str) -> Result<Vec<(TokenKind, usize)>, FilterError> {
        let mut lexer = Lexer::new(text);
        let mut tokens = Vec::new();
        loop {
            let token = lexer.next_token()?;
            if token.kind == TokenKind::End {
                assert_eq!(token.position, text.chars().count());
                return Ok(tokens);
            }
            tokens.push((token.kind, token.position));
        }
    }

    fn word(text: &str) -> TokenKind {
        TokenKind::Word(text.to_owned())
    }

    #[test]
    fn value_words_take_dashes_and_colons_only_after_a_comparator() {
        let tokens = lex("-t>=2024-01-01T00:00:00Z -x:y").expect("valid");
        assert_eq!(
            tokens,
            vec![
                (TokenKind::Minus, 0),
                (word("t"), 1),
                (TokenKind::Comparator(Comparator::Ge), 2),
                (word("2024-01-01T00:00:00Z"), 4),
                (TokenKind::Minus, 25),
                (word("x"), 26),
                (TokenKind::Comparator(Comparator::Has), 27),
                (word("y"), 28),
            ]
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let tokens = lex("名称 = '青莲' AND").expect("valid");
        assert_eq!(tokens[1].1, 3);
        assert_eq!(tokens[2], (TokenKind::Quoted("青莲".to_owned()), 5));
        assert_eq!(tokens[3], (TokenKind::And, 10));
    }

    #[test]
    fn lone_bang_is_an_unexpected_character() {
        let error = lex("a ! b").expect_err("invalid");
        assert_eq!(error.position, 2);
        assert_eq!(error.message, "unexpected character '!'");
    }
}
