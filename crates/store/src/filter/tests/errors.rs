//! Every kind of refused filter, with the exact position reported.

use super::*;

/// Asserts the error of `filter`.
fn assert_error(filter: &str, position: usize, message: &str) {
    assert_eq!(
        error(filter),
        (position, message.to_owned()),
        "filter: {filter}"
    );
}

#[test]
fn unknown_fields() {
    assert_error("foo = 1", 0, r#"unknown field "foo""#);
    assert_error(
        "id = 1 AND (created_at > 2024-01-01T00:00:00Z)",
        12,
        r#"unknown field "created_at""#,
    );
    assert_error(
        r#"name = "青莲" AND 名称 = 1"#,
        16,
        r#"unknown field "名称""#,
    );
    assert_error(
        "id = 1 and id = 2",
        7,
        r#"unknown field "and" (keywords AND, OR and NOT are upper case)"#,
    );
}

#[test]
fn operators_not_allowed_for_the_type() {
    assert_error(
        "active < true",
        7,
        r#"operator "<" is not allowed for bool field "active""#,
    );
    assert_error(
        "id:1",
        2,
        r#"operator ":" is not allowed for integer field "id""#,
    );
    assert_error(
        "kind >= UNIT_KIND_ORGAN",
        5,
        r#"operator ">=" is not allowed for enum field "kind""#,
    );
    assert_error(
        "create_time : 2024",
        12,
        r#"operator ":" is not allowed for timestamp field "create_time""#,
    );
}

#[test]
fn values_of_the_wrong_type() {
    assert_error("id = 1.5", 5, r#"invalid integer "1.5" for field "id""#);
    assert_error(
        "id = 9223372036854775808",
        5,
        r#"invalid integer "9223372036854775808" for field "id""#,
    );
    assert_error("id = 'x'", 5, r#"invalid integer "x" for field "id""#);
    assert_error(
        "active = TRUE",
        9,
        r#"invalid bool "TRUE" for field "active", expected true or false"#,
    );
    assert_error(
        "create_time > 2024-13-01",
        14,
        r#"invalid timestamp "2024-13-01" for field "create_time", expected RFC 3339 such as 2024-01-01T00:00:00Z"#,
    );
    assert_error(
        "kind = UNIT_KIND_X",
        7,
        r#"unknown value "UNIT_KIND_X" for enum field "kind""#,
    );
}

#[test]
fn bad_strings() {
    assert_error(r#"name = "青莲"#, 7, "unterminated string");
    assert_error(r"name = 'abc\'", 7, "unterminated string");
    assert_error(r#"name = "abc\"#, 7, "unterminated string");
    assert_error(r#"name = "青\nb""#, 9, r#"invalid escape sequence "\n""#);
}

#[test]
fn unexpected_tokens() {
    assert_error(
        "id = 1 AND AND id = 2",
        11,
        r#"expected a field name or "(", found AND"#,
    );
    assert_error("id = = 1", 5, r#"expected a value after "=", found "=""#);
    assert_error("id = NOT", 5, r#"expected a value after "=", found NOT"#);
    assert_error(
        "id 1",
        3,
        r#"expected a comparison operator after "id", found "1""#,
    );
    assert_error("(id = 1 = 2)", 8, r#"unexpected "=""#);
    assert_error(
        r#""x" = 1"#,
        0,
        r#"expected a field name or "(", found a quoted string"#,
    );
    assert_error("()", 1, r#"expected a field name or "(", found ")""#);
    assert_error("id = 1 * 2", 7, "unexpected character '*'");
    assert_error("- id = 1", 0, r#""-" must be directly followed by a term"#);
    assert_error(
        "NOT NOT id = 1",
        4,
        r#"expected a field name or "(", found NOT"#,
    );
}

#[test]
fn unexpected_end() {
    assert_error(
        "id =",
        4,
        r#"unexpected end of filter, expected a value after "=""#,
    );
    assert_error(
        "id",
        2,
        r#"unexpected end of filter, expected a comparison operator after "id""#,
    );
    assert_error(
        "id = 1 OR  ",
        11,
        r#"unexpected end of filter, expected a field name or "(""#,
    );
    assert_error(
        "name = 青莲 AND",
        13,
        r#"unexpected end of filter, expected a field name or "(""#,
    );
    assert_error(
        "NOT",
        3,
        r#"unexpected end of filter, expected a field name or "(""#,
    );
}

#[test]
fn unbalanced_parentheses() {
    assert_error("(id = 1", 0, r#"unclosed "(""#);
    assert_error("id = 1 AND ((name = 青莲)", 11, r#"unclosed "(""#);
    assert_error("id = 1)", 6, r#"unmatched ")""#);
    assert_error(") OR id = 1", 0, r#"unmatched ")""#);
    assert_error("id = 1 AND )", 11, r#"unmatched ")""#);
    assert_error("(id = 1)) AND id = 2", 8, r#"unmatched ")""#);
}

#[test]
fn too_long() {
    // Positions and the limit are in characters: each 青 is 3 bytes.
    let longest = format!("name = \"{}\"", "青".repeat(1991));
    assert_eq!(longest.chars().count(), 2000);
    assert!(parse_filter(&longest, &FIELDS).is_ok());
    let too_long = format!("name = \"{}\"", "青".repeat(1992));
    assert_error(&too_long, 2000, "filter is longer than 2000 characters");
}

#[test]
fn too_deep() {
    let too_deep = format!("{}id = 1{}", "(".repeat(33), ")".repeat(33));
    assert_error(&too_deep, 32, "filter is nested deeper than 32 levels");
    let spaced = format!("id = 1 AND {}", "( ".repeat(40));
    assert_error(
        &spaced,
        11 + 2 * 32,
        "filter is nested deeper than 32 levels",
    );
}

#[test]
fn the_leftmost_error_is_reported() {
    assert_error(r#"foo = 1 AND name = "abc"#, 0, r#"unknown field "foo""#);
    assert_error(
        "id = x AND name : '",
        5,
        r#"invalid integer "x" for field "id""#,
    );
}

#[test]
fn display_names_the_position() {
    let error = parse_filter("id = 1 AND foo = 2", &FIELDS).expect_err("unknown field");
    assert_eq!(error.to_string(), r#"unknown field "foo" at position 11"#);
}
