//! Reading the outbox, for `EventService.WatchEvents`.

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
