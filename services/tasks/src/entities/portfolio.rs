//! 分管: the version of a leadership-team member's portfolio; its units are in `portfolio_units`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `portfolios`, published (with its units) as `qinglian.tasks.v1.Portfolio`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "portfolios")]
pub struct Model {
    /// The leadership-team member holding the portfolio.
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: String,
    /// Version: 1 when first set, one more with every SetPortfolio; published as the etag.
    pub version: i64,
    /// When the portfolio was last set.
    pub update_time: DateTimeUtc,
}

/// Relations to other tables; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
