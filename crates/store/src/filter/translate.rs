//! Translation of one comparison `field OP value` into a sea-query expression.
//!
//! Values are always bound through sea-query (`Expr::val` underneath the column
//! helpers); nothing here builds SQL text.

use chrono::{DateTime, Utc};
use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Expr, LikeExpr};

use super::lexer::Comparator;
use super::{FieldType, FilterField};

/// The escape character of the LIKE patterns built for `:`.
const LIKE_ESCAPE: char = '\\';

impl FieldType {
    /// The type's name in error messages.
    fn describe(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Bool => "bool",
            Self::Timestamp => "timestamp",
            Self::Date => "date",
            Self::Enum(_) => "enum",
        }
    }

    /// Whether `op` may be applied to a field of this type.
    fn allows(self, op: Comparator) -> bool {
        match self {
            Self::String => true,
            Self::Integer | Self::Timestamp | Self::Date => op != Comparator::Has,
            Self::Bool | Self::Enum(_) => matches!(op, Comparator::Eq | Comparator::Ne),
        }
    }
}

/// Refuses an operator the field's type does not support; the error is the message.
pub(super) fn check_operator<C>(field: &FilterField<C>, op: Comparator) -> Result<(), String> {
    if field.field_type.allows(op) {
        Ok(())
    } else {
        Err(format!(
            "operator \"{}\" is not allowed for {} field \"{}\"",
            op.symbol(),
            field.field_type.describe(),
            field.name
        ))
    }
}

/// Builds `column OP value` after converting `value` to the field's type; the error is
/// the message. The operator must have passed [`check_operator`].
pub(super) fn comparison<C: ColumnTrait>(
    field: &FilterField<C>,
    op: Comparator,
    value: &str,
) -> Result<Expr, String> {
    let column = &field.column;
    let expr = match field.field_type {
        FieldType::String if op == Comparator::Has => column.like(contains_pattern(value)),
        FieldType::String => compare(column, op, value.to_owned()),
        FieldType::Integer => compare(column, op, parse_integer(field, value)?),
        FieldType::Bool => compare(column, op, parse_bool(field, value)?),
        FieldType::Timestamp => compare(column, op, parse_timestamp(field, value)?),
        FieldType::Date => compare(column, op, parse_date(field, value)?),
        FieldType::Enum(from_name) => match from_name(value) {
            Some(number) => compare(column, op, number),
            None => {
                return Err(format!(
                    "unknown value \"{value}\" for enum field \"{}\"",
                    field.name
                ));
            }
        },
    };
    Ok(expr)
}

/// Applies an ordering or equality comparator; `:` never reaches here for a non-string.
fn compare<C, V>(column: &C, op: Comparator, value: V) -> Expr
where
    C: ColumnTrait,
    V: Into<sea_orm::Value>,
{
    match op {
        Comparator::Eq | Comparator::Has => column.eq(value),
        Comparator::Ne => column.ne(value),
        Comparator::Lt => column.lt(value),
        Comparator::Le => column.lte(value),
        Comparator::Gt => column.gt(value),
        Comparator::Ge => column.gte(value),
    }
}

/// `%value%` with the LIKE wildcards and the escape character itself escaped, so the
/// value is matched literally as a substring.
fn contains_pattern(value: &str) -> LikeExpr {
    let mut pattern = String::with_capacity(value.len() + 2);
    pattern.push('%');
    for c in value.chars() {
        if matches!(c, '%' | '_' | LIKE_ESCAPE) {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape(LIKE_ESCAPE)
}

fn parse_integer<C>(field: &FilterField<C>, value: &str) -> Result<i64, String> {
    value
        .parse()
        .map_err(|_| format!("invalid integer \"{value}\" for field \"{}\"", field.name))
}

fn parse_bool<C>(field: &FilterField<C>, value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "invalid bool \"{value}\" for field \"{}\", expected true or false",
            field.name
        )),
    }
}

fn parse_date<C>(field: &FilterField<C>, value: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        format!(
            "invalid date \"{value}\" for field \"{}\", expected YYYY-MM-DD such as 2024-06-30",
            field.name
        )
    })
}

fn parse_timestamp<C>(field: &FilterField<C>, value: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(value)
        .map(|timestamp| timestamp.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "invalid timestamp \"{value}\" for field \"{}\", expected RFC 3339 such as 2024-01-01T00:00:00Z",
                field.name
            )
        })
}
