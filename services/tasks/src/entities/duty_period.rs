//! One period of a duty rule as evaluated: its extent, the revision judging it and what each subject
//! owes. Rows of periods that have ended are never changed again.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `duty_periods`: one evaluated period of a duty rule.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_periods")]
pub struct Model {
    /// The duty rule.
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_id: String,
    /// First day of the period.
    #[sea_orm(primary_key, auto_increment = false)]
    pub start_date: Date,
    /// Last day of the period, included.
    pub end_date: Date,
    /// The revision in force on the first day.
    pub revision: i32,
    /// Events expected from each subject.
    pub expected_count: i32,
    /// When the row was (last) written.
    pub evaluate_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
