//! The outbox and WatchEvents: replay from a cursor, follow live changes, resume.

use std::time::Duration;

use prost::Message;
use qinglian_api::common::v1 as cpb;
use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tokio_stream::StreamExt;

use super::common::create_unit;

async fn next_event(stream: &mut tonic::Streaming<cpb::WatchEventsResponse>) -> cpb::Event {
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("an event within 10 s")
        .expect("stream open")
        .expect("event")
        .event
        .expect("event body")
}

fn unit_of(event: &cpb::Event) -> pb::Unit {
    let any = event.resource.as_ref().expect("resource");
    assert_eq!(any.type_url, "type.googleapis.com/qinglian.tasks.v1.Unit");
    pb::Unit::decode(any.value.as_slice()).expect("decode unit")
}

async fn watchers_replay_follow_and_resume(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let mut events = tasks.events(&tasks.token(Role::Service)).await;
    let first = create_unit(&mut client, UnitKind::Organ, "一", None).await;
    let second = create_unit(&mut client, UnitKind::Organ, "二", None).await;

    let mut stream = events
        .watch_events(cpb::WatchEventsRequest {
            after_sequence: 0,
            resource_types: vec![],
        })
        .await
        .expect("watch")
        .into_inner();
    let replayed = [next_event(&mut stream).await, next_event(&mut stream).await];
    assert_eq!(unit_of(&replayed[0]).id, first.id);
    assert_eq!(replayed[0].event_type, "qinglian.tasks.v1.Unit.created");
    assert_eq!(unit_of(&replayed[1]).id, second.id);
    assert!(replayed[0].sequence < replayed[1].sequence);

    // Live changes arrive without polling by the client.
    let mut renamed = second.clone();
    renamed.name = "二（改）".into();
    client
        .update_unit(pb::UpdateUnitRequest {
            unit: Some(renamed),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["name".into()],
            }),
            request_id: String::new(),
        })
        .await
        .expect("update");
    let live = next_event(&mut stream).await;
    assert_eq!(live.event_type, "qinglian.tasks.v1.Unit.updated");
    assert_eq!(unit_of(&live).name, "二（改）");
    drop(stream);

    // Resuming from a cursor skips what was processed and then follows.
    let mut resumed = events
        .watch_events(cpb::WatchEventsRequest {
            after_sequence: replayed[1].sequence,
            resource_types: vec!["qinglian.tasks.v1.Unit".into()],
        })
        .await
        .expect("resume")
        .into_inner();
    assert_eq!(next_event(&mut resumed).await.sequence, live.sequence);
    client
        .delete_unit(pb::DeleteUnitRequest {
            id: first.id.clone(),
            etag: String::new(),
            request_id: String::new(),
        })
        .await
        .expect("delete");
    let deleted = next_event(&mut resumed).await;
    assert_eq!(deleted.event_type, "qinglian.tasks.v1.Unit.deleted");
    assert_eq!(unit_of(&deleted).id, first.id);

    // A filter on another type sees nothing of these.
    let mut people_only = events
        .watch_events(cpb::WatchEventsRequest {
            after_sequence: 0,
            resource_types: vec!["qinglian.tasks.v1.Person".into()],
        })
        .await
        .expect("watch people")
        .into_inner();
    let nothing = tokio::time::timeout(Duration::from_millis(700), people_only.next()).await;
    assert!(nothing.is_err(), "no person events exist");
    drop(people_only);
    drop(resumed);
    cluster.stop().await.expect("stop with streams closed");
}

qinglian_store::backend_tests!(watchers_replay_follow_and_resume);
