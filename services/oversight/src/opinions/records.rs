//! An opinion with its items as stored, replayed and published, and how opinions are read and listed.

use std::collections::HashMap;

use qinglian_api::oversight::v1::OpinionState;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::ListSpec;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::OPINION;
use crate::entities::{deliberation_opinion, opinion_item};
use crate::error::OversightError;

/// An opinion with its items, as stored and replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionRecord {
    /// The opinion.
    pub opinion: deliberation_opinion::Model,
    /// Its items, in order.
    pub items: Vec<opinion_item::Model>,
}

/// What ListOpinions filters and orders by. `sent_date` and `handling_deadline` are empty until the
/// opinion is sent, so they filter but do not order (keyset pages need a value on every row).
pub(super) fn list_spec() -> ListSpec<deliberation_opinion::Column> {
    use deliberation_opinion::Column as C;
    let state = FieldType::Enum(|name| OpinionState::from_str_name(name).map(|s| s as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: OPINION,
        filter_fields: vec![
            field("activity_id", C::ActivityId, FieldType::String),
            field("addressee_unit_id", C::AddresseeUnitId, FieldType::String),
            field(
                "organisation_unit_id",
                C::OrganisationUnitId,
                FieldType::String,
            ),
            field("state", C::State, state),
            field("sent_date", C::SentDate, FieldType::Date),
            field("handling_deadline", C::HandlingDeadline, FieldType::Date),
            field(
                "handling_report_date",
                C::HandlingReportDate,
                FieldType::Date,
            ),
            field("vote_date", C::VoteDate, FieldType::Date),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("create_time", C::CreateTime)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

/// The items of the opinions `ids`, each opinion's in order.
pub(super) async fn items_of(
    conn: &impl ConnectionTrait,
    ids: &[String],
) -> Result<HashMap<String, Vec<opinion_item::Model>>, OversightError> {
    let mut items: HashMap<String, Vec<opinion_item::Model>> = HashMap::new();
    if ids.is_empty() {
        return Ok(items);
    }
    let rows = opinion_item::Entity::find()
        .filter(opinion_item::Column::OpinionId.is_in(ids.iter().cloned()))
        .order_by_asc(opinion_item::Column::OpinionId)
        .order_by_asc(opinion_item::Column::Position)
        .all(conn)
        .await?;
    for row in rows {
        items.entry(row.opinion_id.clone()).or_default().push(row);
    }
    Ok(items)
}

/// The opinion `id` with its items; NOT_FOUND when there is none.
pub async fn opinion_record(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<OpinionRecord, OversightError> {
    let opinion = deliberation_opinion::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?
        .ok_or_else(|| OversightError::not_found("deliberation opinion", id))?;
    let items = opinion_item::Entity::find()
        .filter(opinion_item::Column::OpinionId.eq(id.to_owned()))
        .order_by_asc(opinion_item::Column::Position)
        .all(conn)
        .await?;
    Ok(OpinionRecord { opinion, items })
}
