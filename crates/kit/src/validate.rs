//! Field validation shared by every service: collect every violation of a request, then refuse it
//! whole with INVALID_ARGUMENT before anything is written.

use crate::status::FieldViolation;

/// Collects the violations of one request.
#[derive(Debug, Default)]
pub struct Violations(Vec<FieldViolation>);

impl Violations {
    /// No violations yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation of `field`.
    pub fn add(&mut self, field: impl Into<String>, description: impl Into<String>) {
        self.0.push(FieldViolation::new(field, description));
    }

    /// Checks a text field: required or not, at most `max` characters, no control characters.
    pub fn text(&mut self, field: &str, value: &str, required: bool, max: usize) {
        if value.trim().is_empty() {
            if required {
                self.add(field, "is required");
            } else if !value.is_empty() {
                self.add(field, "must not be only white space");
            }
            return;
        }
        let length = value.chars().count();
        if length > max {
            self.add(
                field,
                format!("must be at most {max} characters, got {length}"),
            );
        }
        if value.chars().any(char::is_control) {
            self.add(field, "must not contain control characters");
        }
    }

    /// Checks a required reference: present and shaped like an ID.
    pub fn id(&mut self, field: &str, value: &str, required: bool) {
        if value.is_empty() {
            if required {
                self.add(field, "is required");
            }
        } else if uuid::Uuid::parse_str(value).is_err() {
            self.add(field, "is not a valid id");
        }
    }

    /// Checks that an enum value is set and known.
    pub fn enumeration(&mut self, field: &str, value: i32, known: bool) {
        if value == 0 {
            self.add(field, "is required");
        } else if !known {
            self.add(field, format!("has unknown value {value}"));
        }
    }

    /// Whether no violation was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Ok when empty, else every violation.
    pub fn finish(self) -> Result<(), Vec<FieldViolation>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules_collect_every_violation() {
        let mut v = Violations::new();
        v.text("a", "", true, 5);
        v.text("b", "", false, 5);
        v.text("c", "abcdef", true, 5);
        v.text("d", "x\u{7}y", true, 5);
        v.text("e", "市民政局", true, 5);
        let fields: Vec<String> = v
            .finish()
            .expect_err("bad")
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["a", "c", "d"]);
    }

    #[test]
    fn ids_and_enums_are_checked() {
        let mut v = Violations::new();
        v.id("a", "nope", true);
        v.id("b", "", false);
        v.id("c", "", true);
        v.enumeration("d", 0, false);
        v.enumeration("e", 99, false);
        v.enumeration("f", 1, true);
        let fields: Vec<String> = v
            .finish()
            .expect_err("bad")
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["a", "c", "d", "e"]);
    }
}
