//! `order_by` (AIP-132): a comma-separated list of whitelisted fields, each optionally followed by
//! `desc` (or `asc`). The resource's ID is always appended as the final tie-breaker, so that every order
//! is total and keyset pagination never skips or repeats a row.

use crate::StoreError;

/// Direction of one ordering term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Smallest first.
    Ascending,
    /// Largest first.
    Descending,
}

/// One parsed ordering term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderTerm<C> {
    /// Public field name.
    pub name: &'static str,
    /// The column it maps to.
    pub column: C,
    /// The direction.
    pub direction: Direction,
}

/// Parses `text` against `fields` (public name → column); empty text means `default`. The ID column
/// is appended ascending unless the caller already ordered by it.
pub fn parse_order_by<C: Copy>(
    text: &str,
    fields: &[(&'static str, C)],
    default: &str,
    id: (&'static str, C),
) -> Result<Vec<OrderTerm<C>>, StoreError> {
    let text = if text.trim().is_empty() {
        default
    } else {
        text
    };
    let mut terms: Vec<OrderTerm<C>> = Vec::new();
    for part in text.split(',') {
        let mut words = part.split_whitespace();
        let Some(name) = words.next() else {
            return Err(StoreError::invalid("order_by", "empty ordering term"));
        };
        let direction = match words.next() {
            None | Some("asc") => Direction::Ascending,
            Some("desc") => Direction::Descending,
            Some(other) => {
                return Err(StoreError::invalid(
                    "order_by",
                    format!("unknown direction \"{other}\" after \"{name}\" (use asc or desc)"),
                ));
            }
        };
        if words.next().is_some() {
            return Err(StoreError::invalid(
                "order_by",
                format!("unexpected text after \"{name}\""),
            ));
        }
        let Some(&(public, column)) = fields
            .iter()
            .chain(std::iter::once(&id))
            .find(|(public, _)| *public == name)
        else {
            let allowed: Vec<&str> = fields.iter().map(|(public, _)| *public).collect();
            return Err(StoreError::invalid(
                "order_by",
                format!(
                    "cannot order by \"{name}\"; allowed: {}",
                    allowed.join(", ")
                ),
            ));
        };
        if terms.iter().any(|t| t.name == public) {
            return Err(StoreError::invalid(
                "order_by",
                format!("\"{name}\" appears twice"),
            ));
        }
        terms.push(OrderTerm {
            name: public,
            column,
            direction,
        });
    }
    if !terms.iter().any(|t| t.name == id.0) {
        terms.push(OrderTerm {
            name: id.0,
            column: id.1,
            direction: Direction::Ascending,
        });
    }
    Ok(terms)
}

/// The canonical text of an order, for binding page tokens to it.
pub fn canonical<C>(terms: &[OrderTerm<C>]) -> String {
    terms
        .iter()
        .map(|t| match t.direction {
            Direction::Ascending => t.name.to_owned(),
            Direction::Descending => format!("{} desc", t.name),
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[(&str, u8)] = &[("name", 1), ("create_time", 2)];

    #[test]
    fn default_order_gets_the_id_tie_breaker() {
        let terms = parse_order_by("", FIELDS, "name", ("id", 0)).expect("valid");
        assert_eq!(canonical(&terms), "name,id");
    }

    #[test]
    fn directions_and_explicit_id_are_kept() {
        let terms =
            parse_order_by("create_time desc, id desc", FIELDS, "name", ("id", 0)).expect("valid");
        assert_eq!(canonical(&terms), "create_time desc,id desc");
    }

    #[test]
    fn unknown_fields_directions_and_repeats_are_refused() {
        for bad in [
            "secret",
            "name sideways",
            "name, name",
            "name desc extra",
            "name,",
        ] {
            let err = parse_order_by(bad, FIELDS, "name", ("id", 0)).expect_err(bad);
            assert!(
                matches!(
                    err,
                    StoreError::InvalidArgument {
                        field: "order_by",
                        ..
                    }
                ),
                "{bad}"
            );
        }
    }
}
