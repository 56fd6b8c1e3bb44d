//! One expected subject of one period of a duty rule. A unit subject has an empty person_id, a person
//! subject an empty unit_id, and a liaison-link subject both.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `duty_expectations`: one subject a period of a duty rule expects events from.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_expectations")]
pub struct Model {
    /// The duty rule.
    #[sea_orm(primary_key, auto_increment = false)]
    pub rule_id: String,
    /// First day of the period, the `start_date` of its `duty_periods` row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_start: Date,
    /// The subject's person; empty for a unit subject.
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: String,
    /// The subject's unit (a liaison link's branch); empty for a person subject.
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: String,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
