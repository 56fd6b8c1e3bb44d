//! The SQL built for valid filters, on SQLite and PostgreSQL.

use super::*;

/// Asserts that `filter` yields the WHERE clause `expected` on both backends.
fn assert_both(filter: &str, expected: &str) {
    assert_eq!(sqlite(filter), expected, "sqlite: {filter}");
    assert_eq!(postgres(filter), expected, "postgres: {filter}");
}

/// Like [`assert_both`] for a clause containing `ESCAPE '\'`, which PostgreSQL
/// renders as an `E''` literal.
fn assert_both_like(filter: &str, expected: &str) {
    assert_eq!(sqlite(filter), expected, "sqlite: {filter}");
    let expected = expected.replace(r"ESCAPE '\'", r"ESCAPE E'\\'");
    assert_eq!(postgres(filter), expected, "postgres: {filter}");
}

#[test]
fn empty_filter_matches_everything() {
    for filter in ["", "   ", "\t\n", "\u{3000}"] {
        assert_eq!(parse_filter(filter, &FIELDS), Ok(sea_orm::Condition::all()));
        assert_both(filter, "TRUE");
    }
}

#[test]
fn string_comparisons() {
    assert_both("name = 'x'", r#""unit"."name" = 'x'"#);
    assert_both("name != x", r#""unit"."name" <> 'x'"#);
    assert_both("name < \"b\"", r#""unit"."name" < 'b'"#);
    assert_both("name <= b", r#""unit"."name" <= 'b'"#);
    assert_both("name > b", r#""unit"."name" > 'b'"#);
    assert_both("name >= b", r#""unit"."name" >= 'b'"#);
    assert_both("name = ''", r#""unit"."name" = ''"#);
}

#[test]
fn operators_need_no_surrounding_whitespace() {
    assert_both("name=x", r#""unit"."name" = 'x'"#);
    assert_both("id>=1", r#""unit"."id" >= 1"#);
    assert_both_like("name:x", r#""unit"."name" LIKE '%x%' ESCAPE '\'"#);
    assert_both("id!=1 AND(id<3)", r#""unit"."id" <> 1 AND "unit"."id" < 3"#);
}

#[test]
fn has_on_string_is_an_escaped_contains() {
    assert_both_like("name : abc", r#""unit"."name" LIKE '%abc%' ESCAPE '\'"#);
    let filter = r#"name:"50%_\\""#;
    assert_eq!(
        sqlite(filter),
        r#""unit"."name" LIKE '%50\%\_\\%' ESCAPE '\'"#
    );
    // PostgreSQL renders backslashes in E'' literals, doubling them.
    assert_eq!(
        postgres(filter),
        r#""unit"."name" LIKE E'%50\\%\\_\\\\%' ESCAPE E'\\'"#
    );
}

#[test]
fn integer_comparisons() {
    assert_both("id = 7", r#""unit"."id" = 7"#);
    assert_both("id != 7", r#""unit"."id" <> 7"#);
    assert_both("id < 7", r#""unit"."id" < 7"#);
    assert_both("id <= 7", r#""unit"."id" <= 7"#);
    assert_both("id > -7", r#""unit"."id" > -7"#);
    assert_both("id >= +7", r#""unit"."id" >= 7"#);
    assert_both(
        "id = 9223372036854775807",
        r#""unit"."id" = 9223372036854775807"#,
    );
}

#[test]
fn bool_comparisons() {
    assert_both("active = true", r#""unit"."active" = TRUE"#);
    assert_both("active != false", r#""unit"."active" <> FALSE"#);
}

#[test]
fn timestamp_comparisons() {
    let at = "'2024-01-01 00:00:00.000000 +00:00'";
    let column = r#""unit"."created_at""#;
    assert_both(
        "create_time = 2024-01-01T00:00:00Z",
        &format!("{column} = {at}"),
    );
    assert_both(
        "create_time != 2024-01-01T00:00:00Z",
        &format!("{column} <> {at}"),
    );
    assert_both(
        "create_time < 2024-01-01T00:00:00Z",
        &format!("{column} < {at}"),
    );
    assert_both(
        "create_time <= '2024-01-01T00:00:00Z'",
        &format!("{column} <= {at}"),
    );
    assert_both(
        "create_time > \"2024-01-01T00:00:00Z\"",
        &format!("{column} > {at}"),
    );
    // An offset is converted to UTC.
    assert_both(
        "create_time >= 2024-01-01T08:00:00+08:00",
        &format!("{column} >= {at}"),
    );
    assert_both(
        "create_time<2024-06-30T23:59:59.5-01:00",
        &format!("{column} < '2024-07-01 00:59:59.500000 +00:00'"),
    );
}

#[test]
fn enum_comparisons_use_the_number() {
    assert_both("kind = UNIT_KIND_ORGAN", r#""unit"."kind" = 1"#);
    assert_both("kind != 'UNIT_KIND_DEPARTMENT'", r#""unit"."kind" <> 2"#);
    assert_both("kind = UNIT_KIND_UNSPECIFIED", r#""unit"."kind" = 0"#);
}

#[test]
fn and_or_not_and_minus() {
    assert_both(
        "id = 1 AND id = 2",
        r#""unit"."id" = 1 AND "unit"."id" = 2"#,
    );
    assert_both("id = 1 OR id = 2", r#""unit"."id" = 1 OR "unit"."id" = 2"#);
    assert_both("NOT id = 1", r#"NOT "unit"."id" = 1"#);
    assert_both("-id = 1", r#"NOT "unit"."id" = 1"#);
    assert_both("NOT(id = 1)", r#"NOT "unit"."id" = 1"#);
    assert_both(
        "-(id = 1 OR id = 2)",
        r#"NOT ("unit"."id" = 1 OR "unit"."id" = 2)"#,
    );
    // sea-query parenthesizes a negation inside AND; the meaning is the same.
    assert_both_like(
        "NOT name:x AND -active = true",
        r#"(NOT "unit"."name" LIKE '%x%' ESCAPE '\') AND (NOT "unit"."active" = TRUE)"#,
    );
    assert_both(
        "id = 1 OR -id = 2",
        r#""unit"."id" = 1 OR (NOT "unit"."id" = 2)"#,
    );
}

#[test]
fn or_binds_tighter_than_and() {
    assert_both(
        "id = 1 AND id = 2 OR id = 3",
        r#""unit"."id" = 1 AND ("unit"."id" = 2 OR "unit"."id" = 3)"#,
    );
    assert_both(
        "id = 1 OR id = 2 AND id = 3",
        r#"("unit"."id" = 1 OR "unit"."id" = 2) AND "unit"."id" = 3"#,
    );
    assert_both(
        "id = 1 OR id = 2 id = 3 OR id = 4",
        r#"("unit"."id" = 1 OR "unit"."id" = 2) AND ("unit"."id" = 3 OR "unit"."id" = 4)"#,
    );
}

#[test]
fn parentheses_group() {
    assert_both(
        "(id = 1 AND id = 2) OR id = 3",
        r#"("unit"."id" = 1 AND "unit"."id" = 2) OR "unit"."id" = 3"#,
    );
    assert_both(
        "NOT (id = 1 AND (id = 2 OR NOT id = 3))",
        r#"NOT ("unit"."id" = 1 AND ("unit"."id" = 2 OR (NOT "unit"."id" = 3)))"#,
    );
    assert_both("((id = 1))", r#""unit"."id" = 1"#);
    // 32 levels is the deepest nesting accepted.
    let deepest = format!("{}id = 1{}", "(".repeat(32), ")".repeat(32));
    assert_both(&deepest, r#""unit"."id" = 1"#);
}

#[test]
fn juxtaposed_terms_are_anded() {
    assert_both("id=1 id=2", r#""unit"."id" = 1 AND "unit"."id" = 2"#);
    assert_both(
        "active = true -id = 3 (kind = UNIT_KIND_ORGAN)",
        r#""unit"."active" = TRUE AND (NOT "unit"."id" = 3) AND "unit"."kind" = 1"#,
    );
    assert_both(
        "id = 1 id = 2 AND id = 3",
        r#""unit"."id" = 1 AND "unit"."id" = 2 AND "unit"."id" = 3"#,
    );
}

#[test]
fn quoted_strings_with_escapes() {
    assert_both(r#"name = "say \"hi\"""#, r#""unit"."name" = 'say "hi"'"#);
    assert_eq!(sqlite(r"name = 'it\'s'"), r#""unit"."name" = 'it''s'"#);
    assert_eq!(postgres(r"name = 'it\'s'"), r#""unit"."name" = E'it\'s'"#);
    assert_eq!(
        parse_filter(r#"name = "it's""#, &FIELDS),
        parse_filter(r"name = 'it\'s'", &FIELDS)
    );
    assert_both(r#"name = 'AND (x) OR'"#, r#""unit"."name" = 'AND (x) OR'"#);
    assert_eq!(sqlite(r#"name = "a\\b""#), r#""unit"."name" = 'a\b'"#);
    assert_eq!(postgres(r#"name = "a\\b""#), r#""unit"."name" = E'a\\b'"#);
}

#[test]
fn chinese_text() {
    assert_both(r#"name = "青莲 组织""#, r#""unit"."name" = '青莲 组织'"#);
    assert_both("name = 青莲", r#""unit"."name" = '青莲'"#);
    assert_both_like("name:组织", r#""unit"."name" LIKE '%组织%' ESCAPE '\'"#);
}

#[test]
fn values_are_bound_parameters() {
    let condition = parse_filter(r#"name = "x' OR 1=1 --" AND id = 3"#, &FIELDS).expect("valid");
    let statement = unit::Entity::find()
        .filter(condition)
        .build(DbBackend::Postgres);
    assert!(
        statement
            .sql
            .ends_with(r#"WHERE "unit"."name" = $1 AND "unit"."id" = $2"#)
    );
    let values = statement.values.expect("bound values").0;
    assert_eq!(values[0], sea_orm::Value::from("x' OR 1=1 --"));
    assert_eq!(values[1], sea_orm::Value::from(3_i64));
}

#[test]
fn hundreds_of_terms_stay_shallow() {
    // Long chains are nested in halves; rendered flat they would need over 512 KiB of
    // stack in a debug build.
    let rendered = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let ands = sqlite(&vec!["-id=1"; 333].join(" "));
            let ors = postgres(&vec!["id=1"; 250].join(" OR "));
            (ands.matches(" AND ").count(), ors.matches(" OR ").count())
        })
        .expect("spawn a thread")
        .join();
    assert_eq!(rendered.ok(), Some((332, 249)));
    // Seventeen terms are split 8 + 9; the left half needs no parentheses.
    let terms: Vec<String> = (1..=17).map(|i| format!("id={i}")).collect();
    let sql: Vec<String> = (1..=17).map(|i| format!(r#""unit"."id" = {i}"#)).collect();
    let expected = format!("{} OR ({})", sql[..8].join(" OR "), sql[8..].join(" OR "));
    assert_both(&terms.join(" OR "), &expected);
}
