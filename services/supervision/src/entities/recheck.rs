//! 回头看: one re-check of a signed-off measure.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `rechecks`: one re-check, published as `qinglian.supervision.v1.Recheck`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "rechecks")]
pub struct Model {
    /// UUIDv7 of the re-check, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Id of the rectification measure re-checked.
    pub rectification_id: String,
    /// The day of the re-check; not in the future.
    pub recheck_date: Date,
    /// True when the problem came back, reopening the measure and its problems.
    pub recurred: bool,
    /// What the re-check found; at most 5000 characters.
    pub finding: String,
    /// Token subject of whoever recorded the re-check.
    pub checked_by: String,
    /// When the re-check was recorded.
    pub create_time: DateTimeUtc,
}

/// Relations of `rechecks`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
