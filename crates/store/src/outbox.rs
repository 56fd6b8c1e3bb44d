//! Reading the outbox, for `EventService.WatchEvents` and the outbox lag in metrics.

use chrono::{DateTime, Utc};
use qinglian_api::common::v1 as pb;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::outbox_event;
use crate::{StoreError, time};

/// Up to `limit` events after `after_sequence`, in sequence order, of the given resource types (all
/// when empty).
pub async fn events_after(
    conn: &impl ConnectionTrait,
    after_sequence: i64,
    resource_types: &[String],
    limit: u64,
) -> Result<Vec<pb::Event>, StoreError> {
    let mut query = outbox_event::Entity::find()
        .filter(outbox_event::Column::Sequence.gt(after_sequence))
        .order_by_asc(outbox_event::Column::Sequence)
        .limit(limit);
    if !resource_types.is_empty() {
        query =
            query.filter(outbox_event::Column::ResourceType.is_in(resource_types.iter().cloned()));
    }
    Ok(query
        .all(conn)
        .await?
        .into_iter()
        .map(pb::Event::from)
        .collect())
}

/// The sequence of the newest event in the outbox, 0 when it is empty (one primary-key lookup).
pub async fn head(conn: &impl ConnectionTrait) -> Result<i64, StoreError> {
    let newest: Option<Option<i64>> = outbox_event::Entity::find()
        .select_only()
        .column_as(outbox_event::Column::Sequence.max(), "head")
        .into_tuple()
        .one(conn)
        .await?;
    Ok(newest.flatten().unwrap_or(0))
}

/// When the first event after `after_sequence` was committed, or None when there is none (one
/// primary-key lookup).
pub async fn time_after(
    conn: &impl ConnectionTrait,
    after_sequence: i64,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(outbox_event::Entity::find()
        .select_only()
        .column(outbox_event::Column::Time)
        .filter(outbox_event::Column::Sequence.gt(after_sequence))
        .order_by_asc(outbox_event::Column::Sequence)
        .into_tuple()
        .one(conn)
        .await?)
}

impl From<outbox_event::Model> for pb::Event {
    fn from(event: outbox_event::Model) -> Self {
        Self {
            sequence: event.sequence,
            id: event.id,
            event_type: event.event_type,
            resource_type: event.resource_type,
            resource_id: event.resource_id,
            time: Some(time::to_proto(event.time)),
            resource: Some(prost_types::Any {
                type_url: event.type_url,
                value: event.payload,
            }),
        }
    }
}
