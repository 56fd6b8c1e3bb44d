//! 问题清单: one problem; its sources, responsibilities and measures are in their own tables.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `problems`: one problem of the ledger, published as `qinglian.supervision.v1.Problem`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "problems")]
pub struct Model {
    /// UUIDv7 of the problem, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Id of the unit where the problem lies.
    pub unit_id: String,
    /// What is wrong; at most 5000 characters.
    pub description: String,
    /// A category of the office's own, e.g. 八项规定 or 财务管理; may be empty.
    pub category: String,
    /// `ProblemSeverity` number.
    pub severity: i32,
    /// The day it was found, e.g. a tour's feedback day or a check's last day.
    pub found_date: Date,
    /// `ProblemState` number.
    pub state: i32,
    /// Times a re-check (回头看) found it had recurred.
    pub recurrence_count: i32,
    /// The day its last measure was signed off (销号); `None` while not closed.
    pub close_date: Option<Date>,
    /// Row version: 1 when created, one more with every update; the etag is made from it.
    pub version: i64,
    /// When the problem was recorded.
    pub create_time: DateTimeUtc,
    /// When the problem last changed.
    pub update_time: DateTimeUtc,
}

/// Relations of `problems`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
