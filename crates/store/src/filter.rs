//! The `filter` parameter of List RPCs: a subset of [AIP-160](https://google.aip.dev/160)
//! parsed and translated into a [`sea_orm::Condition`] through a per-resource whitelist
//! of [`FilterField`]s.
//!
//! # Grammar
//!
//! ```text
//! filter     : [expression]
//! expression : sequence {"AND" sequence}
//! sequence   : factor {factor}               (implicit AND, terms separated by whitespace)
//! factor     : term {"OR" term}
//! term       : ["NOT" | "-"] simple          ("-" directly before the term, no space)
//! simple     : "(" expression ")" | comparison
//! comparison : field operator value
//! operator   : "=" | "!=" | "<" | "<=" | ">" | ">=" | ":"
//! field      : name of a whitelisted field (letters, digits, "_", ".")
//! value      : "double quoted" | 'single quoted' | bare word
//! ```
//!
//! - Keywords `AND`, `OR` and `NOT` are upper case; a lower-case `and` is read as a field name.
//! - As in AIP-160, `OR` binds tighter than `AND`: `a = 1 AND b = 2 OR c = 3` means
//!   `a = 1 AND (b = 2 OR c = 3)`. An implicit sequence `a = 1 b = 2` means `a = 1 AND b = 2`.
//! - Whitespace around operators is optional: `a=1` and `a = 1` are the same.
//! - Quoted strings accept the escapes `\"`, `\'` and `\\`; any other escape is an error.
//! - A bare word is made of letters (any script), digits and `_ . - : +`, so timestamps
//!   such as `2024-01-01T00:00:00Z`, negative numbers and enum names need no quotes.
//!   The words `AND`, `OR` and `NOT` must be quoted to be used as values.
//!
//! # Field types
//!
//! | type        | operators                      | value                                      |
//! |-------------|--------------------------------|--------------------------------------------|
//! | `String`    | `= != < <= > >=`, `:`          | any text; `:` means "contains"             |
//! | `Integer`   | `= != < <= > >=`               | an `i64`                                   |
//! | `Bool`      | `= !=`                         | `true` or `false`                          |
//! | `Timestamp` | `= != < <= > >=`               | RFC 3339, compared as `DateTime<Utc>`      |
//! | `Date`      | `= != < <= > >=`               | YYYY-MM-DD, compared as a calendar date    |
//! | `Enum`      | `= !=`                         | the value's name, e.g. `UNIT_KIND_ORGAN`   |
//!
//! `field:"50%"` becomes `field LIKE '%50\%%' ESCAPE '\'`: `%`, `_` and `\` in the value
//! are matched literally. Whether the match is case sensitive depends on the database
//! (SQLite's LIKE ignores ASCII case, PostgreSQL's does not). Values are always bound
//! parameters, never spliced into SQL.
//!
//! # Errors
//!
//! Every [`FilterError`] carries the 0-based *character* (not byte) position of the
//! offending token. Syntax and whitelist are checked together while reading from left to
//! right, and the first error met is reported. Filters are limited to 2000 characters and
//! 32 levels of nested parentheses.

mod lexer;
mod parser;
mod translate;

#[cfg(test)]
mod tests;

use sea_orm::{ColumnTrait, Condition};

/// Longest accepted filter, in characters.
const MAX_LENGTH: usize = 2000;

/// Deepest accepted nesting of parentheses.
const MAX_DEPTH: usize = 32;

/// Type of a whitelisted filter field, deciding which operators and literals it accepts.
#[derive(Clone, Copy, Debug)]
pub enum FieldType {
    /// Text: all comparison operators, and `:` meaning "contains".
    String,
    /// Whole number (i64): = != < <= > >=.
    Integer,
    /// `true` / `false`: = and != only.
    Bool,
    /// RFC 3339 timestamp literal (quoted or bare), compared as `chrono::DateTime<Utc>`: = != < <= > >=.
    Timestamp,
    /// Calendar date literal YYYY-MM-DD (quoted or bare), compared as chrono::NaiveDate: = != < <= > >=.
    Date,
    /// A protobuf enum stored as its i32 number; the literal is the value's name such as UNIT_KIND_ORGAN,
    /// resolved by the given function (prost's generated `from_str_name` followed by `as i32`); = and != only.
    Enum(fn(&str) -> Option<i32>),
}

/// One field a resource allows in filters: the public name and the column it maps to.
#[derive(Clone, Copy, Debug)]
pub struct FilterField<C> {
    /// The field's name in filters, as the contract names it.
    pub name: &'static str,
    /// The column it compares.
    pub column: C,
    /// How its literals are read and which operators it allows.
    pub field_type: FieldType,
}

/// Why a filter was refused; `position` is the 0-based character offset in the filter text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} at position {position}")]
pub struct FilterError {
    /// 0-based character offset in the filter text.
    pub position: usize,
    /// What is wrong there.
    pub message: String,
}

impl FilterError {
    fn new(position: usize, message: impl Into<String>) -> Self {
        Self {
            position,
            message: message.into(),
        }
    }
}

/// Parses `text` and translates it to a condition over the whitelisted fields. An empty or
/// all-whitespace text matches everything (`Condition::all()`).
pub fn parse_filter<C: ColumnTrait + Copy>(
    text: &str,
    fields: &[FilterField<C>],
) -> Result<Condition, FilterError> {
    if text.chars().nth(MAX_LENGTH).is_some() {
        let message = format!("filter is longer than {MAX_LENGTH} characters");
        return Err(FilterError::new(MAX_LENGTH, message));
    }
    if text.trim().is_empty() {
        return Ok(Condition::all());
    }
    parser::Parser::new(text, fields).parse()
}
