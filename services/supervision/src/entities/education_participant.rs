//! One named participant of an education activity.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `education_participants`: one (activity, person) pair, for looking activities up by
/// participant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "education_participants")]
pub struct Model {
    /// Id of the education activity.
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: String,
    /// Id of a person named as taking part.
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: String,
}

/// Relations of `education_participants`; none are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
