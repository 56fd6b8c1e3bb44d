//! One law inspected by a law-enforcement inspection, in order.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `activity_laws`: one law named by a law-enforcement inspection (执法检查).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "activity_laws")]
pub struct Model {
    /// ID of the oversight activity (the inspection) that inspected the law.
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: String,
    /// 0-based place of the law in the activity's `laws_inspected`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    /// Full title of the law with book-title marks, e.g. 《中华人民共和国义务教育法》.
    pub law_title: String,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
