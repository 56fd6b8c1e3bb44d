//! 年度工作报告: one generated version of an organisation's annual report.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "annual_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub organisation_unit_id: String,
    pub organisation_name: String,
    pub year: i32,
    /// 1, 2, … per organisation and year.
    pub version: i32,
    /// `ReportFormat` number.
    pub format: i32,
    pub template_name: String,
    pub text: String,
    /// The figures as a JSON array of `qinglian.common.v1.Figure` in protobuf JSON shape.
    pub figures: String,
    /// JSON array of the peers whose sections are missing.
    pub missing_sections: String,
    pub create_time: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
