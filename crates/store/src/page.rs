//! Keyset pagination (AIP-158) with AIP-160 filters and AIP-132 ordering, the same for every List RPC.
//!
//! A page token is opaque to callers: base64url of the last row's ordering key plus a fingerprint of the
//! resource, filter and order it was issued for. A token presented with another filter or order is
//! refused, so a client cannot silently mix two listings. Pages are read with `WHERE (key) > (last key)`
//! conditions, never OFFSET, so rows inserted while a client pages neither shift nor repeat rows it has
//! not yet seen, and deep pages cost what the first one does.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ModelTrait, Order, QueryFilter,
    QueryOrder, QuerySelect, Select, Value,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::StoreError;
use crate::filter::{FilterField, parse_filter};
use crate::order::{Direction, OrderTerm, canonical, parse_order_by};

/// Page size when the caller sends 0.
pub const DEFAULT_PAGE_SIZE: u64 = 50;
/// Largest page; larger requests are lowered to it.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// What a resource allows in its List RPC.
#[derive(Clone, Debug)]
pub struct ListSpec<C> {
    /// Full protobuf name of the resource, binding tokens to it.
    pub resource: &'static str,
    /// Fields allowed in `filter`.
    pub filter_fields: Vec<FilterField<C>>,
    /// Fields allowed in `order_by` (public name → column); none may be nullable.
    pub order_fields: Vec<(&'static str, C)>,
    /// Order used when `order_by` is empty.
    pub default_order: &'static str,
    /// The unique ID field (public name → column), the final tie-breaker.
    pub id_field: (&'static str, C),
}

/// The paging part of a List request, as sent.
#[derive(Clone, Copy, Debug, Default)]
pub struct ListRequest<'a> {
    /// Requested page size: 0 means the default, negative is refused.
    pub page_size: i32,
    /// Token from the previous page, or empty.
    pub page_token: &'a str,
    /// AIP-160 filter, or empty.
    pub filter: &'a str,
    /// AIP-132 order, or empty.
    pub order_by: &'a str,
    /// The request's other fields that narrow the list (e.g. `tour_id=…;overdue_only=true`), or empty:
    /// bound into page tokens like the filter, so a token is only honoured with the same ones.
    pub selection: &'a str,
}

impl<'a> ListRequest<'a> {
    /// The paging, filter and order of a List request of the contracts, narrowed by nothing else.
    pub fn of(request: &'a impl qinglian_api::Paged) -> Self {
        Self {
            page_size: request.page_size(),
            page_token: request.page_token(),
            filter: request.filter(),
            order_by: request.order_by(),
            selection: "",
        }
    }

    /// The same request narrowed by `selection` (its other fields, bound into page tokens).
    pub fn selecting(self, selection: &'a str) -> Self {
        Self { selection, ..self }
    }
}

/// One page of rows and the token for the next.
#[derive(Clone, Debug)]
pub struct Page<M> {
    /// The rows, in order.
    pub items: Vec<M>,
    /// Empty on the last page.
    pub next_page_token: String,
}

/// A value of an ordering key, as carried in a page token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v")]
enum KeyValue {
    S(String),
    I(i64),
    B(bool),
    T(DateTime<Utc>),
    D(chrono::NaiveDate),
}

#[derive(Serialize, Deserialize)]
struct Token {
    /// Fingerprint of resource, filter and order.
    f: String,
    /// The last row's key, one value per ordering term.
    k: Vec<KeyValue>,
}

/// Validates a page size: 0 → default, above the maximum → maximum, negative → INVALID_ARGUMENT.
pub fn page_size(requested: i32) -> Result<u64, StoreError> {
    match u64::try_from(requested) {
        Err(_) => Err(StoreError::invalid("page_size", "must not be negative")),
        Ok(0) => Ok(DEFAULT_PAGE_SIZE),
        Ok(size) => Ok(Ord::min(size, MAX_PAGE_SIZE)),
    }
}

/// Reads one page of `base` (a select that may already carry conditions, e.g. a parent scope).
pub async fn list<E>(
    conn: &impl ConnectionTrait,
    spec: &ListSpec<E::Column>,
    base: Select<E>,
    request: &ListRequest<'_>,
) -> Result<Page<E::Model>, StoreError>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E>,
    E::Column: ColumnTrait + Copy,
{
    let size = page_size(request.page_size)?;
    let condition = parse_filter(request.filter, &spec.filter_fields)
        .map_err(|e| StoreError::invalid("filter", e.to_string()))?;
    let terms = parse_order_by(
        request.order_by,
        &spec.order_fields,
        spec.default_order,
        spec.id_field,
    )?;
    let fingerprint = fingerprint(
        spec.resource,
        request.filter,
        &canonical(&terms),
        request.selection,
    );

    let mut query = base.filter(condition);
    if !request.page_token.is_empty() {
        let after = decode_token(request.page_token, &fingerprint, terms.len())?;
        query = query.filter(after_key(&terms, after));
    }
    for term in &terms {
        let order = match term.direction {
            Direction::Ascending => Order::Asc,
            Direction::Descending => Order::Desc,
        };
        query = query.order_by(term.column, order);
    }
    let mut items = query.limit(size + 1).all(conn).await?;
    let next_page_token = if items.len() as u64 > size {
        items.truncate(size as usize);
        match items.last() {
            Some(last) => {
                let mut key = Vec::with_capacity(terms.len());
                for term in &terms {
                    key.push(from_value(last.get(term.column), term.name)?);
                }
                encode_token(&fingerprint, key)?
            }
            None => String::new(),
        }
    } else {
        String::new()
    };
    Ok(Page {
        items,
        next_page_token,
    })
}

fn fingerprint(resource: &str, filter: &str, order: &str, selection: &str) -> String {
    let digest =
        Sha256::digest(format!("{resource}\n{}\n{order}\n{selection}", filter.trim()).as_bytes());
    hex::encode(&digest[..12])
}

/// Rows strictly after `key` in the order of `terms`:
/// (a > x) OR (a = x AND b > y) OR (a = x AND b = y AND c > z) …, with `<` for descending terms.
/// The redundant leading bound `a >= x` makes the condition an index range on the first ordering
/// column for both backends, so a deep page costs what the first one does.
fn after_key<C: ColumnTrait + Copy>(terms: &[OrderTerm<C>], key: Vec<KeyValue>) -> Condition {
    let values: Vec<Value> = key.into_iter().map(into_value).collect();
    let mut any = Condition::any();
    for (i, term) in terms.iter().enumerate() {
        let mut all = Condition::all();
        for (earlier, value) in terms[..i].iter().zip(&values) {
            all = all.add(Expr::col(earlier.column).eq(value.clone()));
        }
        let value = values[i].clone();
        all = all.add(match term.direction {
            Direction::Ascending => Expr::col(term.column).gt(value),
            Direction::Descending => Expr::col(term.column).lt(value),
        });
        any = any.add(all);
    }
    let (Some(first), Some(value)) = (terms.first(), values.first()) else {
        return any;
    };
    let range = match first.direction {
        Direction::Ascending => Expr::col(first.column).gte(value.clone()),
        Direction::Descending => Expr::col(first.column).lte(value.clone()),
    };
    Condition::all().add(range).add(any)
}

fn encode_token(fingerprint: &str, key: Vec<KeyValue>) -> Result<String, StoreError> {
    let token = Token {
        f: fingerprint.to_owned(),
        k: key,
    };
    let json = serde_json::to_vec(&token).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

fn decode_token(text: &str, fingerprint: &str, terms: usize) -> Result<Vec<KeyValue>, StoreError> {
    let bad = || StoreError::invalid("page_token", "is not a token issued by this service");
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
    let token: Token = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if token.f != fingerprint {
        return Err(StoreError::invalid(
            "page_token",
            "was issued for a different filter or order_by",
        ));
    }
    if token.k.len() != terms {
        return Err(bad());
    }
    Ok(token.k)
}

fn from_value(value: Value, field: &str) -> Result<KeyValue, StoreError> {
    let missing = || StoreError::Corrupt(format!("ordering field {field} is null"));
    Ok(match value {
        Value::String(v) => KeyValue::S(v.ok_or_else(missing)?),
        Value::BigInt(v) => KeyValue::I(v.ok_or_else(missing)?),
        Value::Int(v) => KeyValue::I(i64::from(v.ok_or_else(missing)?)),
        Value::Bool(v) => KeyValue::B(v.ok_or_else(missing)?),
        Value::ChronoDateTimeUtc(v) => KeyValue::T(v.ok_or_else(missing)?),
        Value::ChronoDate(v) => KeyValue::D(v.ok_or_else(missing)?),
        other => {
            return Err(StoreError::Corrupt(format!(
                "ordering field {field} has an unsupported type {other:?}"
            )));
        }
    })
}

fn into_value(key: KeyValue) -> Value {
    match key {
        KeyValue::S(v) => v.into(),
        KeyValue::I(v) => v.into(),
        KeyValue::B(v) => v.into(),
        KeyValue::T(v) => v.into(),
        KeyValue::D(v) => v.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_defaults_caps_and_refuses_negative() {
        assert_eq!(page_size(0).expect("ok"), DEFAULT_PAGE_SIZE);
        assert_eq!(page_size(7).expect("ok"), 7);
        assert_eq!(page_size(5000).expect("ok"), MAX_PAGE_SIZE);
        assert!(matches!(
            page_size(-1),
            Err(StoreError::InvalidArgument {
                field: "page_size",
                ..
            })
        ));
    }

    #[test]
    fn tokens_are_bound_to_their_fingerprint() {
        let token = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Token {
                f: "abc".into(),
                k: vec![KeyValue::I(3)],
            })
            .expect("json"),
        );
        assert_eq!(
            decode_token(&token, "abc", 1).expect("ok"),
            vec![KeyValue::I(3)]
        );
        assert!(decode_token(&token, "xyz", 1).is_err());
        assert!(decode_token(&token, "abc", 2).is_err());
        assert!(decode_token("not base64!", "abc", 1).is_err());
    }
}
