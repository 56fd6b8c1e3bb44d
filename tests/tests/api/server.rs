//! Health, reflection and graceful shutdown.

use std::time::Duration;

use qinglian_api::common::v1 as cpb;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tokio_stream::StreamExt;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

async fn serves_health_and_reflection_and_drains_on_shutdown(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut health = HealthClient::new(tasks.channel().await);
    let status = health
        .check(HealthCheckRequest {
            service: "qinglian.tasks.v1.DirectoryService".into(),
        })
        .await
        .expect("health")
        .into_inner()
        .status;
    assert_eq!(status, ServingStatus::Serving as i32);

    // Reflection lists the services without any proto file on the client.
    use tonic_reflection_client::*;
    let services = list_services(tasks.channel().await).await;
    for name in [
        "qinglian.tasks.v1.DirectoryService",
        "qinglian.common.v1.AuditService",
        "qinglian.common.v1.EventService",
        "grpc.health.v1.Health",
    ] {
        assert!(
            services.iter().any(|s| s == name),
            "{name} missing from {services:?}"
        );
    }

    // A watcher is open when shutdown starts: health turns NOT_SERVING, the stream ends, and the
    // server stops well within its grace period.
    let mut watch = health
        .watch(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("health watch")
        .into_inner();
    let first = watch.next().await.expect("first").expect("status");
    assert_eq!(first.status, ServingStatus::Serving as i32);
    let mut events = tasks.events(&tasks.token(Role::Admin)).await;
    let mut stream = events
        .watch_events(cpb::WatchEventsRequest::default())
        .await
        .expect("watch")
        .into_inner();
    let shutdown = tasks.shutdown_token();
    let started = std::time::Instant::now();
    shutdown.cancel();
    let update = tokio::time::timeout(Duration::from_secs(5), watch.next())
        .await
        .expect("health changes")
        .expect("health update")
        .expect("status");
    assert_eq!(update.status, ServingStatus::NotServing as i32);
    // A health watch never ends by itself; the client hangs up once it has seen the change.
    drop(watch);
    let ended = tokio::time::timeout(Duration::from_secs(5), stream.next())
        .await
        .expect("stream ends");
    assert!(!matches!(ended, Some(Ok(_))), "no event after shutdown");
    cluster.stop().await.expect("clean stop");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "drained within the grace period"
    );
}

/// A minimal reflection client: lists service names.
mod tonic_reflection_client {
    use tokio_stream::StreamExt;
    use tonic::transport::Channel;
    use tonic_reflection::pb::v1::ServerReflectionRequest;
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

    pub async fn list_services(channel: Channel) -> Vec<String> {
        let mut client = ServerReflectionClient::new(channel);
        let request = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        };
        let mut responses = client
            .server_reflection_info(tokio_stream::iter([request]))
            .await
            .expect("reflection")
            .into_inner();
        let response = responses.next().await.expect("one response").expect("ok");
        match response.message_response {
            Some(MessageResponse::ListServicesResponse(list)) => {
                list.service.into_iter().map(|s| s.name).collect()
            }
            other => panic!("unexpected reflection response {other:?}"),
        }
    }
}

qinglian_store::backend_tests!(serves_health_and_reflection_and_drains_on_shutdown);
