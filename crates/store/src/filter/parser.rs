//! Recursive-descent parser that translates while it parses.
//!
//! Each comparison is checked against the whitelist and converted as soon as it is
//! read, and tokens are lexed only when needed, so the error returned is always the
//! leftmost one in the text.

use sea_orm::{ColumnTrait, Condition};

use super::lexer::{Lexer, Token, TokenKind};
use super::translate;
use super::{FilterError, FilterField, MAX_DEPTH};

/// Longest list of terms joined as one flat chain, see [`combine`].
const FLAT_LIMIT: usize = 16;

pub(super) struct Parser<'f, C> {
    lexer: Lexer,
    /// The next token, once it has been lexed.
    lookahead: Option<Token>,
    fields: &'f [FilterField<C>],
    /// Number of currently open parentheses.
    depth: usize,
}

impl<'f, C: ColumnTrait + Copy> Parser<'f, C> {
    pub(super) fn new(text: &str, fields: &'f [FilterField<C>]) -> Self {
        Self {
            lexer: Lexer::new(text),
            lookahead: None,
            fields,
            depth: 0,
        }
    }

    /// `filter : expression END`
    pub(super) fn parse(mut self) -> Result<Condition, FilterError> {
        let condition = self.expression()?;
        let token = self.advance()?;
        match token.kind {
            TokenKind::End => Ok(condition),
            TokenKind::RParen => Err(unmatched(&token)),
            _ => Err(unexpected(&token)),
        }
    }

    fn peek(&mut self) -> Result<&Token, FilterError> {
        let token = match self.lookahead.take() {
            Some(token) => token,
            None => self.lexer.next_token()?,
        };
        Ok(self.lookahead.insert(token))
    }

    fn peek_kind(&mut self) -> Result<&TokenKind, FilterError> {
        Ok(&self.peek()?.kind)
    }

    fn advance(&mut self) -> Result<Token, FilterError> {
        match self.lookahead.take() {
            Some(token) => Ok(token),
            None => self.lexer.next_token(),
        }
    }

    /// `expression : sequence {AND sequence}`
    fn expression(&mut self) -> Result<Condition, FilterError> {
        let mut parts = vec![self.sequence()?];
        while *self.peek_kind()? == TokenKind::And {
            self.advance()?;
            parts.push(self.sequence()?);
        }
        Ok(combine(&Condition::all(), parts))
    }

    /// `sequence : factor {factor}`, an implicit AND of terms separated by whitespace.
    fn sequence(&mut self) -> Result<Condition, FilterError> {
        let mut parts = vec![self.factor()?];
        while starts_term(self.peek_kind()?) {
            parts.push(self.factor()?);
        }
        Ok(combine(&Condition::all(), parts))
    }

    /// `factor : term {OR term}`; OR binds tighter than AND in AIP-160.
    fn factor(&mut self) -> Result<Condition, FilterError> {
        let mut parts = vec![self.term()?];
        while *self.peek_kind()? == TokenKind::Or {
            self.advance()?;
            parts.push(self.term()?);
        }
        Ok(combine(&Condition::any(), parts))
    }

    /// `term : [NOT | "-"] simple`, where `-` must touch the term it negates.
    fn term(&mut self) -> Result<Condition, FilterError> {
        match self.peek_kind()? {
            TokenKind::Not => {
                self.advance()?;
            }
            TokenKind::Minus => {
                let minus = self.advance()?;
                if self.peek()?.position != minus.position + 1 {
                    let message = "\"-\" must be directly followed by a term";
                    return Err(FilterError::new(minus.position, message));
                }
            }
            _ => return self.simple(),
        }
        Ok(self.simple()?.not())
    }

    /// `simple : "(" expression ")" | comparison`
    fn simple(&mut self) -> Result<Condition, FilterError> {
        let token = self.advance()?;
        match token.kind {
            TokenKind::LParen => self.parenthesized(token.position),
            TokenKind::Word(name) => self.comparison(&name, token.position),
            TokenKind::RParen if self.depth == 0 => Err(unmatched(&token)),
            _ => Err(expected("a field name or \"(\"", &token)),
        }
    }

    /// The rest of `"(" expression ")"` after the `(` at `open`.
    fn parenthesized(&mut self, open: usize) -> Result<Condition, FilterError> {
        if self.depth == MAX_DEPTH {
            let message = format!("filter is nested deeper than {MAX_DEPTH} levels");
            return Err(FilterError::new(open, message));
        }
        self.depth += 1;
        let condition = self.expression()?;
        self.depth -= 1;
        let close = self.advance()?;
        match close.kind {
            TokenKind::RParen => Ok(condition),
            TokenKind::End => Err(FilterError::new(open, "unclosed \"(\"")),
            _ => Err(unexpected(&close)),
        }
    }

    /// The rest of `field OP value` after the field name `name` at `position`.
    fn comparison(&mut self, name: &str, position: usize) -> Result<Condition, FilterError> {
        let Some(field) = self.fields.iter().find(|field| field.name == name) else {
            return Err(FilterError::new(position, unknown_field(name)));
        };
        let op_token = self.advance()?;
        let TokenKind::Comparator(op) = op_token.kind else {
            let what = format!("a comparison operator after \"{name}\"");
            return Err(expected(&what, &op_token));
        };
        translate::check_operator(field, op)
            .map_err(|message| FilterError::new(op_token.position, message))?;
        let value_token = self.advance()?;
        let value = match &value_token.kind {
            TokenKind::Word(value) | TokenKind::Quoted(value) => value,
            _ => {
                let what = format!("a value after \"{}\"", op.symbol());
                return Err(expected(&what, &value_token));
            }
        };
        translate::comparison(field, op, value)
            .map(Condition::from)
            .map_err(|message| FilterError::new(value_token.position, message))
    }
}

/// Whether a token can begin a term, making it the next member of an implicit AND.
fn starts_term(kind: &TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Word(_)
            | TokenKind::Quoted(_)
            | TokenKind::LParen
            | TokenKind::Not
            | TokenKind::Minus
    )
}

/// Joins `parts` under `junction` (`Condition::all()` or `any()`); a single part is
/// returned as is.
///
/// sea-query turns a condition into a chain of binary expressions and recurses once per
/// link when rendering and dropping it. Up to [`FLAT_LIMIT`] parts stay one flat, readable
/// chain; longer lists are halved into nested conditions so that a filter of hundreds of
/// terms keeps that recursion shallow and cannot exhaust the stack.
fn combine(junction: &Condition, mut parts: Vec<Condition>) -> Condition {
    if parts.len() == 1 {
        return parts.pop().unwrap_or_else(|| junction.clone());
    }
    if parts.len() <= FLAT_LIMIT {
        return parts.into_iter().fold(junction.clone(), Condition::add);
    }
    let right = parts.split_off(parts.len() / 2);
    let left = combine(junction, parts);
    junction.clone().add(left).add(combine(junction, right))
}

/// "unexpected X" at the token.
fn unexpected(token: &Token) -> FilterError {
    FilterError::new(
        token.position,
        format!("unexpected {}", token.kind.describe()),
    )
}

/// A `)` without its `(`.
fn unmatched(token: &Token) -> FilterError {
    FilterError::new(token.position, "unmatched \")\"")
}

/// "expected WHAT, found X" at the token, or the same for the end of the filter.
fn expected(what: &str, token: &Token) -> FilterError {
    let message = match token.kind {
        TokenKind::End => format!("unexpected end of filter, expected {what}"),
        _ => format!("expected {what}, found {}", token.kind.describe()),
    };
    FilterError::new(token.position, message)
}

/// Names the unknown field, hinting at lower-case keywords which AIP-160 does not have.
fn unknown_field(name: &str) -> String {
    let is_keyword = ["and", "or", "not"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(name));
    if is_keyword {
        format!("unknown field \"{name}\" (keywords AND, OR and NOT are upper case)")
    } else {
        format!("unknown field \"{name}\"")
    }
}
