//! The drain, seen from a client the way a load balancer and a caller see it: on shutdown health turns
//! NOT_SERVING and `/readyz` 503 at once, calls on open and new connections are still answered for
//! `server.drain_delay`, then the port closes and the service stops cleanly; no call fails.

use std::time::{Duration, Instant};

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Running, bearer, channel, http_get};
use tokio_stream::StreamExt;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use pb::directory_service_client::DirectoryServiceClient;
use qinglian_api::common::v1::WatchEventsRequest;
use qinglian_api::common::v1::event_service_client::EventServiceClient;

const DRAIN_DELAY: Duration = Duration::from_millis(1500);

async fn list_units(channel: tonic::transport::Channel, token: &str) -> Result<(), tonic::Status> {
    DirectoryServiceClient::with_interceptor(channel, bearer(token))
        .list_units(pb::ListUnitsRequest::default())
        .await
        .map(|_| ())
}

async fn a_draining_service_says_not_serving_and_still_answers_until_its_port_closes(
    db: TestDatabase,
) {
    // Started directly, not by Cluster: the test needs a drain delay, which Cluster sets to zero.
    let dir = tempfile::tempdir().expect("dir");
    let mut settings = Running::<qinglian_tasks::Tasks>::defaults(dir.path());
    settings.database.url = db.url.clone();
    settings.server.drain_delay = DRAIN_DELAY;
    let running = Running::<qinglian_tasks::Tasks>::start(settings, Clock::system()).await;
    let (secret, _) = load_or_create_key(&running.settings.auth.key_file).expect("key");
    let token = TokenKeys::from_secret(&secret, &running.settings.auth.issuer)
        .expect("keys")
        .issue("reader", Role::Admin, None, Duration::from_secs(600))
        .expect("token");

    let open = channel(running.addr).await;
    let mut watch = HealthClient::new(open.clone())
        .watch(HealthCheckRequest::default())
        .await
        .expect("watch health")
        .into_inner();
    let first = watch.next().await.expect("first").expect("status");
    assert_eq!(first.status, ServingStatus::Serving as i32);
    list_units(open.clone(), &token).await.expect("served");
    let mut followed = EventServiceClient::with_interceptor(open.clone(), bearer(&token))
        .watch_events(WatchEventsRequest::default())
        .await
        .expect("watch events")
        .into_inner();

    let (addr, admin) = (running.addr, running.admin_addr);
    assert_eq!(http_get(admin, "/readyz").await.0, 200);
    let stopping = tokio::spawn(running.stop());
    let cancelled = Instant::now();

    // Health says NOT_SERVING on the open channel well before the drain delay is over.
    let update = tokio::time::timeout(DRAIN_DELAY, watch.next())
        .await
        .expect("health changes within the delay")
        .expect("an update")
        .expect("status");
    assert_eq!(update.status, ServingStatus::NotServing as i32);
    drop(watch);
    let noticed = cancelled.elapsed();
    assert!(noticed < DRAIN_DELAY / 2, "NOT_SERVING after {noticed:?}");

    // Meanwhile every call is answered: on the open channel, and on a new connection.
    list_units(open.clone(), &token)
        .await
        .expect("answered on an open channel while draining");
    let fresh = channel(addr).await;
    list_units(fresh, &token)
        .await
        .expect("answered on a new connection while draining");
    // A write while draining reaches the follower whose stream was open before.
    let created = DirectoryServiceClient::with_interceptor(channel(addr).await, bearer(&token))
        .create_unit(pb::CreateUnitRequest {
            unit: Some(pb::Unit {
                name: "排空局".to_owned(),
                kind: pb::UnitKind::Organ as i32,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("a write while draining")
        .into_inner()
        .unit
        .expect("unit");
    let event = tokio::time::timeout(DRAIN_DELAY, followed.next())
        .await
        .expect("the event within the delay")
        .expect("an event")
        .expect("event")
        .event
        .expect("event");
    assert_eq!(event.resource_id, created.id);
    let (status, reason) = http_get(admin, "/readyz").await;
    assert_eq!(status, 503, "{reason}");
    assert!(reason.starts_with("draining"), "{reason}");
    assert!(
        cancelled.elapsed() < DRAIN_DELAY,
        "the calls above ran inside the delay"
    );

    stopping
        .await
        .expect("stop task")
        .expect("the service stops cleanly");
    let stopped = cancelled.elapsed();
    assert!(stopped >= DRAIN_DELAY, "stopped after {stopped:?}");
    assert!(
        stopped < DRAIN_DELAY + Duration::from_secs(3),
        "stopped after {stopped:?}"
    );
    // The follower's stream ended telling it to resume elsewhere.
    let ended = followed.next().await.expect("the stream's end");
    assert_eq!(
        ended.expect_err("ended as UNAVAILABLE").code(),
        tonic::Code::Unavailable
    );
    // Then the port is closed.
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "{addr} still accepts after the drain"
    );
}

qinglian_store::backend_tests!(
    a_draining_service_says_not_serving_and_still_answers_until_its_port_closes
);
