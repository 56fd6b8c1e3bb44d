//! A normative document filed for review.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "normative_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    /// The committee whose filing review it is in.
    pub organisation_unit_id: String,
    pub issuing_body: String,
    pub document_number: String,
    pub filing_date: Date,
    /// `DocumentState` number.
    pub state: i32,
    pub review_opinion: String,
    pub review_date: Option<Date>,
    pub correction: String,
    pub correction_date: Option<Date>,
    pub version: i64,
    pub create_time: DateTimeUtc,
    pub update_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
