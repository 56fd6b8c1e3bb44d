//! A normative document filed for review.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `normative_documents`: one 规范性文件 in filing review (备案审查).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "normative_documents")]
pub struct Model {
    /// UUIDv7 of the document, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Title with book-title marks, at most 300 characters.
    pub title: String,
    /// The committee whose filing review it is in.
    pub organisation_unit_id: String,
    /// The body that issued it, e.g. 市人民政府; at most 200 characters.
    pub issuing_body: String,
    /// The document number, e.g. 市政发〔2023〕5号; empty when none, at most 100 characters.
    pub document_number: String,
    /// The day it was filed; not in the future.
    pub filing_date: Date,
    /// `DocumentState` number.
    pub state: i32,
    /// The review's opinion; empty until reviewed, and may stay empty for a compliant document.
    pub review_opinion: String,
    /// The day of the review; None until reviewed.
    pub review_date: Option<Date>,
    /// How the issuing body corrected it; empty until a correction is recorded.
    pub correction: String,
    /// The day of the correction; None until a correction is recorded.
    pub correction_date: Option<Date>,
    /// Row version, 1 on filing and one more with every update; the etag is derived from it.
    pub version: i64,
    /// When it was filed in the system (UTC).
    pub create_time: DateTimeUtc,
    /// When it last changed (UTC).
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
