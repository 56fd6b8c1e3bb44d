//! The admin HTTP listener of each service, scraped over real HTTP as Prometheus and a Kubernetes
//! probe would: calls by method and code with their latency, the pool, the outbox, escalations;
//! health; and readiness that follows the drain and, for oversight, its peers.

use std::net::SocketAddr;
use std::time::Duration;

use qinglian_api::common::v1 as cpb;
use qinglian_api::tasks::v1::{self as pb, task_service_client::TaskServiceClient};
use qinglian_kit::auth::Role;
use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Cluster, Member, http_get};
use tokio_stream::StreamExt;
use tonic::Code;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::{ServerReflectionRequest, server_reflection_request};

use super::common::expect_code;
use super::tasks::{at, bureau, create_plan, create_task, task};

/// The value of the sample of metric `name` whose labels include `labels`, if there is one.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines().find_map(|line| {
        let (series, value) = line.rsplit_once(' ')?;
        let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
        let matches = metric == name
            && labels
                .iter()
                .all(|(key, value)| rest.contains(&format!("{key}=\"{value}\"")));
        if matches { value.parse().ok() } else { None }
    })
}

/// Like [`sample`], for a sample that must be there.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    sample(text, name, labels).unwrap_or_else(|| panic!("no {name} {labels:?} in\n{text}"))
}

/// Scrapes `addr` until `ready` holds of the exposition (at most five seconds); returns it.
async fn scrape_until(addr: SocketAddr, ready: impl Fn(&str) -> bool) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let (status, text) = http_get(addr, "/metrics").await;
        assert_eq!(status, 200, "{text}");
        if ready(&text) || tokio::time::Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Asks `path` of `addr` until the answer's status is `status` (at most five seconds); returns the
/// body.
async fn answer_becomes(addr: SocketAddr, path: &str, status: u16) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let (got, body) = http_get(addr, path).await;
        if got == status {
            return body;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{path} stayed {got}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const CREATE_PLAN: &str = "/qinglian.tasks.v1.TaskService/CreatePlan";
const GET_TASK: &str = "/qinglian.tasks.v1.TaskService/GetTask";

async fn a_scrape_counts_calls_and_reads_the_pool_the_outbox_and_the_ladder(db: TestDatabase) {
    let clock = Clock::fixed(at("2023-06-01T01:00:00Z"));
    let cluster = Cluster::on(db).clock(clock.clone()).start().await;
    let tasks = &cluster.tasks;
    assert_eq!(http_get(tasks.admin_addr, "/healthz").await.0, 200);
    assert_eq!(
        http_get(tasks.admin_addr, "/readyz").await,
        (200, "ready\n".to_owned())
    );

    let b = bureau(tasks).await;
    let admin_token = tasks.token(Role::Admin);
    let mut admin = tasks.tasks(&admin_token).await;
    let plan = create_plan(&mut admin, &b.organ.id, 2023).await;
    admin
        .publish_plan(pb::PublishPlanRequest {
            id: plan.id.clone(),
            ..Default::default()
        })
        .await
        .expect("publish");
    create_task(&mut admin, task(&plan, &b, "1", "2023-06-30")).await;
    let missing = pb::GetTaskRequest {
        id: uuid::Uuid::now_v7().to_string(),
    };
    expect_code(admin.get_task(missing.clone()).await, Code::NotFound);
    let mut anonymous = TaskServiceClient::new(tasks.channel().await);
    expect_code(anonymous.get_task(missing).await, Code::Unauthenticated);
    let mut reflection = ServerReflectionClient::new(tasks.channel().await);
    let list = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(server_reflection_request::MessageRequest::ListServices(
            String::new(),
        )),
    };
    let mut listed = reflection
        .server_reflection_info(tokio_stream::iter([list]))
        .await
        .expect("reflection")
        .into_inner();
    listed.next().await.expect("a response").expect("services");

    // Ten days before the due date the sweep raises GREEN.
    clock.set(at("2023-06-10T01:00:00Z"));
    let mut ladder = tasks.escalations(&admin_token).await;
    let swept = ladder
        .run_sweep(pb::RunSweepRequest {})
        .await
        .expect("sweep")
        .into_inner();
    assert_eq!(swept.escalations_raised, 1);

    // A follower reads the outbox up to the escalation, the newest event.
    let mut events = tasks.events(&tasks.token(Role::Service)).await;
    let mut stream = events
        .watch_events(cpb::WatchEventsRequest::default())
        .await
        .expect("watch")
        .into_inner();
    let newest = loop {
        let event = stream
            .next()
            .await
            .expect("an event")
            .expect("event")
            .event
            .expect("event");
        if event.resource_type == "qinglian.tasks.v1.Escalation" {
            break event.sequence;
        }
    };

    let text = scrape_until(tasks.admin_addr, |text| {
        sample(text, "qinglian_outbox_lag_events", &[]) == Some(0.0)
            && sample(text, "qinglian_outbox_head_sequence", &[]) == Some(newest as f64)
    })
    .await;
    let calls = "qinglian_grpc_requests_total";
    assert_eq!(
        value(&text, calls, &[("method", CREATE_PLAN), ("code", "OK")]),
        1.0
    );
    assert_eq!(
        value(
            &text,
            calls,
            &[
                ("method", "/qinglian.tasks.v1.DirectoryService/CreateUnit"),
                ("code", "OK")
            ]
        ),
        4.0
    );
    assert_eq!(
        value(&text, calls, &[("method", GET_TASK), ("code", "NOT_FOUND")]),
        1.0
    );
    assert_eq!(
        value(
            &text,
            calls,
            &[("method", GET_TASK), ("code", "UNAUTHENTICATED")]
        ),
        1.0
    );
    assert!(
        value(
            &text,
            calls,
            &[("method", "/grpc.health.v1.Health/Check"), ("code", "OK")]
        ) >= 1.0
    );
    let reflection_info = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    assert_eq!(
        value(&text, calls, &[("method", reflection_info), ("code", "OK")]),
        1.0
    );
    assert_eq!(sample(&text, calls, &[("code", "UNIMPLEMENTED")]), None);

    let latency = "qinglian_grpc_request_duration_seconds";
    let plan_calls = [("method", CREATE_PLAN)];
    assert_eq!(value(&text, &format!("{latency}_count"), &plan_calls), 1.0);
    assert!(value(&text, &format!("{latency}_sum"), &plan_calls) > 0.0);
    assert_eq!(
        value(
            &text,
            &format!("{latency}_bucket"),
            &[("method", CREATE_PLAN), ("le", "+Inf")]
        ),
        1.0
    );
    assert_eq!(
        value(&text, "qinglian_grpc_requests_in_flight", &plan_calls),
        0.0
    );

    assert_eq!(value(&text, "qinglian_db_pool_connections_max", &[]), 8.0);
    let open = value(&text, "qinglian_db_pool_connections_in_use", &[])
        + value(&text, "qinglian_db_pool_connections_idle", &[]);
    assert!((1.0..=8.0).contains(&open), "{open} connections open");

    assert_eq!(
        value(&text, "qinglian_outbox_head_sequence", &[]),
        newest as f64
    );
    assert_eq!(value(&text, "qinglian_outbox_watchers", &[]), 1.0);
    assert_eq!(value(&text, "qinglian_outbox_lag_events", &[]), 0.0);
    assert_eq!(value(&text, "qinglian_outbox_lag_seconds", &[]), 0.0);

    let raised = "qinglian_escalations_raised_total";
    assert_eq!(value(&text, raised, &[("level", "green")]), 1.0);
    assert_eq!(value(&text, raised, &[("level", "yellow")]), 0.0);
    assert_eq!(value(&text, raised, &[("level", "red")]), 0.0);

    // The follower hangs up: it no longer counts.
    drop(stream);
    let text = scrape_until(tasks.admin_addr, |text| {
        sample(text, "qinglian_outbox_watchers", &[]) == Some(0.0)
    })
    .await;
    assert_eq!(value(&text, "qinglian_outbox_watchers", &[]), 0.0);
    cluster.stop().await.expect("stop");
}

async fn readiness_follows_the_peers_and_the_drain(db: TestDatabase) {
    let mut cluster = Cluster::on(db).supervision().oversight().start().await;
    let admin_addrs = [
        cluster.tasks.admin_addr,
        cluster.supervision().admin_addr,
        cluster.oversight().admin_addr,
    ];
    let oversight_admin = admin_addrs[2];
    for addr in admin_addrs {
        assert_eq!(answer_becomes(addr, "/readyz", 200).await, "ready\n");
    }
    let ports = admin_addrs.map(|a| a.port());
    assert!(
        ports[0] != ports[1] && ports[1] != ports[2] && ports[0] != ports[2],
        "each service has its own admin port: {ports:?}"
    );

    // Oversight is not ready while the ledger is down, and is again once it is back.
    cluster.stop_server(Member::Supervision).await;
    let reason = answer_becomes(oversight_admin, "/readyz", 503).await;
    assert!(reason.starts_with("supervision service"), "{reason}");
    assert_eq!(http_get(oversight_admin, "/healthz").await.0, 200);
    cluster.restart_server(Member::Supervision).await;
    assert_eq!(
        answer_becomes(oversight_admin, "/readyz", 200).await,
        "ready\n"
    );
    let tasks = &cluster.tasks;

    // While tasks drains (a health watch holds the drain open), it is alive but not ready, and
    // oversight, which needs it, is not ready either.
    let mut health = HealthClient::new(tasks.channel().await);
    let mut watch = health
        .watch(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("health watch")
        .into_inner();
    let first = watch.next().await.expect("first").expect("status");
    assert_eq!(first.status, ServingStatus::Serving as i32);
    tasks.shutdown_token().cancel();
    let update = tokio::time::timeout(Duration::from_secs(5), watch.next())
        .await
        .expect("health changes")
        .expect("an update")
        .expect("status");
    assert_eq!(update.status, ServingStatus::NotServing as i32);
    let (status, reason) = http_get(tasks.admin_addr, "/readyz").await;
    assert_eq!(status, 503);
    assert!(reason.starts_with("draining"), "{reason}");
    assert_eq!(http_get(tasks.admin_addr, "/healthz").await.0, 200);
    let reason = answer_becomes(oversight_admin, "/readyz", 503).await;
    assert!(reason.starts_with("tasks service"), "{reason}");

    // Once drained, the admin listener closes with the service.
    drop(watch);
    let tasks_admin = tasks.admin_addr;
    cluster.stop().await.expect("stop");
    assert!(
        tokio::net::TcpStream::connect(tasks_admin).await.is_err(),
        "the admin listener is closed"
    );
}

qinglian_store::backend_tests!(
    a_scrape_counts_calls_and_reads_the_pool_the_outbox_and_the_ladder,
    readiness_follows_the_peers_and_the_drain,
);
