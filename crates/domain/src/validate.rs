//! Field validation shared by every service: collect every violation of a request, then refuse it
//! whole with INVALID_ARGUMENT before anything is written.

use qinglian_kit::status::FieldViolation;

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

    /// Checks a one-line text field: required or not, at most `max` characters, no control
    /// characters.
    pub fn text(&mut self, field: &str, value: &str, required: bool, max: usize) {
        self.checked_text(field, value, required, max, |c| c.is_control());
    }

    /// Checks a text of paragraphs (a talk's content, a measure, a draft report): like [`text`], but
    /// line breaks and tabs are allowed.
    ///
    /// [`text`]: Violations::text
    pub fn prose(&mut self, field: &str, value: &str, required: bool, max: usize) {
        self.checked_text(field, value, required, max, |c| {
            c.is_control() && !matches!(c, '\n' | '\r' | '\t')
        });
    }

    fn checked_text(
        &mut self,
        field: &str,
        value: &str,
        required: bool,
        max: usize,
        forbidden: impl Fn(char) -> bool,
    ) {
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
        if value.chars().any(forbidden) {
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

    /// Checks that an optional enum value (0 for “any”) is one the contract knows.
    pub fn optional_enumeration(&mut self, field: &str, value: i32, known: bool) {
        if value != 0 && !known {
            self.add(field, format!("has unknown value {value}"));
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

    /// Checks a calendar date written as YYYY-MM-DD and returns it when valid.
    pub fn date(&mut self, field: &str, value: &str, required: bool) -> Option<chrono::NaiveDate> {
        if value.is_empty() {
            if required {
                self.add(field, "is required");
            }
            return None;
        }
        // Exactly YYYY-MM-DD: chrono alone would also take 2023-5-1.
        let shaped = value.len() == 10
            && value.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) if shaped => Some(date),
            // Well written but not on the calendar: 2023-02-30, 2023-13-01.
            _ if shaped => {
                self.add(field, format!("{value} does not exist in the calendar"));
                None
            }
            _ => {
                self.add(field, "must be a date written as YYYY-MM-DD");
                None
            }
        }
    }

    /// Checks a day that may not lie after `today` (something that happened), and returns it when
    /// valid.
    pub fn past_date(
        &mut self,
        field: &str,
        value: &str,
        required: bool,
        today: chrono::NaiveDate,
    ) -> Option<chrono::NaiveDate> {
        let day = self.date(field, value, required);
        if day.is_some_and(|d| d > today) {
            self.add(field, "must not be in the future");
        }
        day
    }

    /// Checks one piece of evidence, naming violations under `prefix` (e.g. `evidence[0]`).
    pub fn evidence(&mut self, prefix: &str, evidence: &qinglian_api::common::v1::Evidence) {
        self.text(
            &format!("{prefix}.file_name"),
            &evidence.file_name,
            true,
            255,
        );
        let hash = &evidence.sha256;
        if hash.len() != 64
            || !hash
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        {
            self.add(
                format!("{prefix}.sha256"),
                "must be 64 lowercase hex characters",
            );
        }
        if evidence.size_bytes < 0 {
            self.add(format!("{prefix}.size_bytes"), "must not be negative");
        }
        self.text(
            &format!("{prefix}.media_type"),
            &evidence.media_type,
            true,
            255,
        );
        self.date(&format!("{prefix}.about_date"), &evidence.about_date, true);
        self.text(
            &format!("{prefix}.storage_uri"),
            &evidence.storage_uri,
            true,
            1000,
        );
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
    fn prose_keeps_its_line_breaks_and_dates_their_shape() {
        let mut v = Violations::new();
        v.prose("a", "第一段。\n第二段。\r\n\t第三段。", true, 100);
        v.prose("b", "x\u{7}y", true, 100);
        v.text("c", "第一段。\n第二段。", true, 100);
        assert!(v.date("d", "2023-5-1", true).is_none());
        let today = chrono::NaiveDate::from_ymd_opt(2023, 6, 1).expect("day");
        assert!(v.past_date("e", "2023-06-01", true, today).is_some());
        v.past_date("f", "2023-06-02", true, today);
        let fields: Vec<String> = v
            .finish()
            .expect_err("bad")
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(fields, ["b", "c", "d", "f"]);
    }

    #[test]
    fn dates_and_evidence_are_checked() {
        let mut v = Violations::new();
        assert!(v.date("a", "2023-06-30", true).is_some());
        assert!(v.date("b", "2023-02-30", true).is_none());
        assert!(v.0.iter().any(
            |f| f.field == "b" && f.description == "2023-02-30 does not exist in the calendar"
        ));
        assert!(v.date("c", "", false).is_none());
        v.evidence(
            "evidence[0]",
            &qinglian_api::common::v1::Evidence {
                file_name: "党课记录.pdf".into(),
                sha256: "ABC".into(),
                size_bytes: -1,
                media_type: "application/pdf".into(),
                about_date: "2023-13-01".into(),
                storage_uri: "docs://1".into(),
            },
        );
        let fields: Vec<String> = v
            .finish()
            .expect_err("bad")
            .into_iter()
            .map(|f| f.field)
            .collect();
        assert_eq!(
            fields,
            [
                "b",
                "evidence[0].sha256",
                "evidence[0].size_bytes",
                "evidence[0].about_date"
            ]
        );
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
