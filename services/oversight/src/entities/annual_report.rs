//! 年度工作报告: one generated version of an organisation's annual report.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `annual_reports`: one generated version of an annual report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "annual_reports")]
pub struct Model {
    /// UUIDv7 of the report, assigned by the server.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// The organisation reported on (a unit in the directory; its whole subtree is counted).
    pub organisation_unit_id: String,
    /// The organisation's name, as the directory had it when the report was generated.
    pub organisation_name: String,
    /// The calendar year reported on.
    pub year: i32,
    /// 1, 2, … per organisation and year.
    pub version: i32,
    /// `ReportFormat` number.
    pub format: i32,
    /// Name of the template the text was rendered with (letters, digits, `_` or `-`).
    pub template_name: String,
    /// The report itself, plain text or Markdown as `format` says.
    pub text: String,
    /// The figures as a JSON array of `qinglian.common.v1.Figure` in protobuf JSON shape.
    pub figures: String,
    /// JSON array of the peers whose sections are missing.
    pub missing_sections: String,
    /// When the report was generated (UTC).
    pub create_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
