//! Server reflection per port: each service advertises what it serves (its own services, the shared
//! audit and event services, health and reflection) and nothing it would answer UNIMPLEMENTED, and
//! every advertised service's descriptor resolves.

use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tokio_stream::StreamExt;
use tonic::transport::Channel;
use tonic_reflection::pb::v1::ServerReflectionRequest;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;

/// What every port advertises beside its own services.
const SHARED: [&str; 5] = [
    "qinglian.common.v1.AuditService",
    "qinglian.common.v1.EventService",
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

async fn ask(channel: Channel, request: MessageRequest) -> MessageResponse {
    let mut responses = ServerReflectionClient::new(channel)
        .server_reflection_info(tokio_stream::iter([ServerReflectionRequest {
            host: String::new(),
            message_request: Some(request),
        }]))
        .await
        .expect("reflection")
        .into_inner();
    responses
        .next()
        .await
        .expect("a response")
        .expect("reflection answer")
        .message_response
        .expect("a message")
}

async fn advertised(channel: Channel) -> Vec<String> {
    match ask(channel, MessageRequest::ListServices(String::new())).await {
        MessageResponse::ListServicesResponse(list) => {
            let mut names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
            names.sort();
            names
        }
        other => panic!("unexpected reflection answer {other:?}"),
    }
}

/// Asserts the port behind `channel` advertises exactly `own` and the shared services, and that each
/// resolves to its file.
async fn assert_advertises(channel: Channel, own: &[&str]) {
    let mut expected: Vec<String> = own.iter().chain(&SHARED).map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(advertised(channel.clone()).await, expected);
    for name in &expected {
        match ask(
            channel.clone(),
            MessageRequest::FileContainingSymbol(name.clone()),
        )
        .await
        {
            MessageResponse::FileDescriptorResponse(files) => {
                assert!(!files.file_descriptor_proto.is_empty(), "{name}")
            }
            other => panic!("{name} does not resolve: {other:?}"),
        }
    }
}

async fn each_port_advertises_only_what_it_serves(db: TestDatabase) {
    let cluster = Cluster::on(db).supervision().oversight().start().await;
    assert_advertises(
        cluster.tasks.channel().await,
        &[
            "qinglian.tasks.v1.DirectoryService",
            "qinglian.tasks.v1.DutyService",
            "qinglian.tasks.v1.EscalationService",
            "qinglian.tasks.v1.TaskService",
        ],
    )
    .await;
    assert_advertises(
        qinglian_test_support::channel(cluster.supervision().addr).await,
        &[
            "qinglian.supervision.v1.CheckService",
            "qinglian.supervision.v1.EducationService",
            "qinglian.supervision.v1.RectificationService",
            "qinglian.supervision.v1.RegulationService",
            "qinglian.supervision.v1.StatisticsService",
            "qinglian.supervision.v1.TalkService",
        ],
    )
    .await;
    assert_advertises(
        qinglian_test_support::channel(cluster.oversight().addr).await,
        &[
            "qinglian.oversight.v1.OversightService",
            "qinglian.oversight.v1.ReportService",
        ],
    )
    .await;
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(each_port_advertises_only_what_it_serves);
