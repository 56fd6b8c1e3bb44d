//! Tests of the whole pipeline against a small entity, asserting on the generated SQL.

mod errors;
mod sql;

use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait};

use super::{FieldType, FilterError, FilterField, parse_filter};

/// A test resource with one column of each supported type.
mod unit {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "unit")]
    pub(crate) struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub active: bool,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub kind: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub(crate) enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Stands in for prost's generated `UnitKind::from_str_name(..).map(|k| k as i32)`.
fn unit_kind(name: &str) -> Option<i32> {
    match name {
        "UNIT_KIND_UNSPECIFIED" => Some(0),
        "UNIT_KIND_ORGAN" => Some(1),
        "UNIT_KIND_DEPARTMENT" => Some(2),
        _ => None,
    }
}

/// The whitelist; `create_time` shows a public name differing from its column.
const FIELDS: [FilterField<unit::Column>; 5] = [
    FilterField {
        name: "name",
        column: unit::Column::Name,
        field_type: FieldType::String,
    },
    FilterField {
        name: "id",
        column: unit::Column::Id,
        field_type: FieldType::Integer,
    },
    FilterField {
        name: "active",
        column: unit::Column::Active,
        field_type: FieldType::Bool,
    },
    FilterField {
        name: "create_time",
        column: unit::Column::CreatedAt,
        field_type: FieldType::Timestamp,
    },
    FilterField {
        name: "kind",
        column: unit::Column::Kind,
        field_type: FieldType::Enum(unit_kind),
    },
];

/// The WHERE clause built for `filter` on `backend`, empty when there is none.
fn where_clause(filter: &str, backend: DbBackend) -> String {
    let condition = parse_filter(filter, &FIELDS).expect("filter should be valid");
    let sql = unit::Entity::find()
        .filter(condition)
        .build(backend)
        .to_string();
    match sql.split_once(" WHERE ") {
        Some((_, clause)) => clause.to_owned(),
        None => String::new(),
    }
}

fn sqlite(filter: &str) -> String {
    where_clause(filter, DbBackend::Sqlite)
}

fn postgres(filter: &str) -> String {
    where_clause(filter, DbBackend::Postgres)
}

/// The error for `filter` as (position, message).
fn error(filter: &str) -> (usize, String) {
    let FilterError { position, message } =
        parse_filter(filter, &FIELDS).expect_err("filter should be refused");
    (position, message)
}

#[test]
fn only_the_given_whitelist_applies() {
    // Another resource over the same table that exposes only the name.
    let names_only = [FIELDS[0]];
    assert!(parse_filter("name = x", &names_only).is_ok());
    assert_eq!(
        parse_filter("name = x AND id = 1", &names_only),
        Err(FilterError {
            position: 13,
            message: r#"unknown field "id""#.to_owned(),
        })
    );
    // Columns are reachable only through their public names.
    assert!(parse_filter("created_at = 2024-01-01T00:00:00Z", &FIELDS).is_err());
}
