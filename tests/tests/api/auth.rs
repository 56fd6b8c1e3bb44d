//! Authentication and authorisation: tokens, roles and unit scope.

use std::time::Duration;

use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::{Role, TokenKeys};
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Cluster, Member, bearer};
use tonic::Code;

use super::common::{create_unit, expect_code, unit};

async fn bad_tokens_are_unauthenticated(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let request = || pb::GetUnitRequest {
        id: uuid::Uuid::now_v7().to_string(),
    };

    let mut anonymous = DirectoryServiceClient::new(tasks.channel().await);
    expect_code(anonymous.get_unit(request()).await, Code::Unauthenticated);

    let forged_keys = TokenKeys::from_secret(&[7u8; 32], "qinglian").expect("keys");
    let forged = forged_keys
        .issue("mallory", Role::Admin, None, Duration::from_secs(60))
        .expect("forged");
    let mut client = tasks.directory(&forged).await;
    let status = expect_code(client.get_unit(request()).await, Code::Unauthenticated);
    assert!(status.message().contains("invalid"), "{}", status.message());

    let mut garbage = tasks.directory("not-a-jwt").await;
    expect_code(garbage.get_unit(request()).await, Code::Unauthenticated);

    let (secret, _) =
        qinglian_kit::auth::load_or_create_key(&tasks.settings.auth.key_file).expect("key");
    let real_keys = TokenKeys::from_secret(&secret, "qinglian").expect("keys");
    let expired = real_keys
        .issue("old", Role::Admin, None, Duration::ZERO)
        .expect("expired");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let mut client = tasks.directory(&expired).await;
    let status = expect_code(client.get_unit(request()).await, Code::Unauthenticated);
    assert!(status.message().contains("expired"), "{}", status.message());

    let other_issuer = TokenKeys::from_secret(&secret, "elsewhere").expect("keys");
    let token = other_issuer
        .issue("x", Role::Admin, None, Duration::from_secs(60))
        .expect("token");
    let mut client = tasks.directory(&token).await;
    expect_code(client.get_unit(request()).await, Code::Unauthenticated);

    // Health stays open without a token.
    let mut health = tonic_health::pb::health_client::HealthClient::new(tasks.channel().await);
    health
        .check(tonic_health::pb::HealthCheckRequest {
            service: String::new(),
        })
        .await
        .expect("health needs no token");
    cluster.stop().await.expect("stop");
}

async fn roles_and_unit_scope_are_enforced_before_lookups(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut admin = tasks.admin_directory().await;
    let organ = create_unit(&mut admin, UnitKind::Organ, "市民政局", None).await;
    let office = create_unit(&mut admin, UnitKind::Department, "办公室", Some(&organ.id)).await;
    let other = create_unit(&mut admin, UnitKind::Organ, "市财政局", None).await;

    // Viewers read but never write, even with a request that is invalid or refers to nothing.
    let mut viewer = tasks.directory(&tasks.token(Role::Viewer)).await;
    viewer
        .get_unit(pb::GetUnitRequest {
            id: organ.id.clone(),
        })
        .await
        .expect("viewer reads");
    expect_code(
        viewer
            .create_unit(pb::CreateUnitRequest {
                unit: Some(pb::Unit::default()),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        viewer
            .delete_unit(pb::DeleteUnitRequest {
                id: uuid::Uuid::now_v7().to_string(),
                etag: String::new(),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );

    // A clerk scoped to the bureau works inside it and nowhere else.
    let clerk_token = tasks.scoped_token(Role::Clerk, Some(&organ.id));
    let mut clerk = tasks.directory(&clerk_token).await;
    clerk
        .create_unit(pb::CreateUnitRequest {
            unit: Some(unit(UnitKind::PartyBranch, "机关党支部", Some(&office.id))),
            request_id: String::new(),
        })
        .await
        .expect("inside scope");
    expect_code(
        clerk
            .create_unit(pb::CreateUnitRequest {
                unit: Some(unit(UnitKind::Department, "预算科", Some(&other.id))),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        clerk
            .create_unit(pb::CreateUnitRequest {
                unit: Some(unit(UnitKind::Organ, "新机关", None)),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );
    // Scope is checked before existence: a scoped clerk cannot tell a missing unit from a foreign one.
    let ghost = uuid::Uuid::now_v7().to_string();
    expect_code(
        clerk
            .delete_unit(pb::DeleteUnitRequest {
                id: ghost.clone(),
                etag: String::new(),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );
    expect_code(
        admin
            .delete_unit(pb::DeleteUnitRequest {
                id: ghost,
                etag: String::new(),
                request_id: String::new(),
            })
            .await,
        Code::NotFound,
    );
    // Only auditors read the audit log.
    let mut audit = tasks.audit(&clerk_token).await;
    expect_code(
        audit
            .list_audit_events(qinglian_api::common::v1::ListAuditEventsRequest::default())
            .await,
        Code::PermissionDenied,
    );
    let mut events = tasks.events(&clerk_token).await;
    expect_code(
        events
            .watch_events(qinglian_api::common::v1::WatchEventsRequest::default())
            .await,
        Code::PermissionDenied,
    );
    let _ = bearer;
    cluster.stop().await.expect("stop");
}

async fn revoked_tokens_are_refused_within_seconds_and_others_still_work(db: TestDatabase) {
    let mut cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let request = || pb::GetUnitRequest {
        id: uuid::Uuid::now_v7().to_string(),
    };
    let (lost, kept) = (tasks.token(Role::Admin), tasks.token(Role::Clerk));
    let mut lost_client = tasks.directory(&lost).await;
    let mut kept_client = tasks.directory(&kept).await;
    expect_code(lost_client.get_unit(request()).await, Code::NotFound);

    let (secret, _) =
        qinglian_kit::auth::load_or_create_key(&tasks.settings.auth.key_file).expect("key");
    let claims = TokenKeys::from_secret(&secret, "qinglian")
        .expect("keys")
        .verify(&lost)
        .expect("claims");
    let path = &tasks.settings.auth.revoked_file;
    let list = format!(
        "# revoked in a test\n{}\n",
        qinglian_kit::auth::revoked::line(&claims.jti, claims.exp, "lost laptop")
    );
    std::fs::write(path, list).expect("write the revocation file");
    let revoked_at = std::time::Instant::now();
    let status = loop {
        match lost_client.get_unit(request()).await {
            Err(status) if status.code() == Code::Unauthenticated => break status,
            _ => {
                assert!(revoked_at.elapsed() < Duration::from_secs(5), "not refused");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let info = tonic_types::StatusExt::get_error_details(&status)
        .error_info()
        .cloned()
        .expect("ErrorInfo");
    assert_eq!(info.reason, "TOKEN_REVOKED");
    expect_code(kept_client.get_unit(request()).await, Code::NotFound);

    // A malformed change is not taken: the running service keeps the last good list...
    std::fs::write(path, "# broken\nonly-an-id\n").expect("write");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    expect_code(lost_client.get_unit(request()).await, Code::Unauthenticated);
    expect_code(kept_client.get_unit(request()).await, Code::NotFound);
    // ...and a service does not start on it: one line naming the setting and the line.
    cluster.stop_server(Member::Tasks).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    // Built directly: this is a start-up on the stopped member's settings that must fail.
    let error = qinglian_tasks::Application::build_with(
        &cluster.tasks.settings,
        listener,
        qinglian_kit::clock::Clock::system(),
    )
    .await
    .expect_err("malformed revocation file");
    let error = format!("{error:#}");
    assert!(
        error.contains("auth.revoked_file") && error.contains("line 2"),
        "{error}"
    );
    assert!(!error.contains('\n'), "{error}");
}

qinglian_store::backend_tests!(
    bad_tokens_are_unauthenticated,
    roles_and_unit_scope_are_enforced_before_lookups,
    revoked_tokens_are_refused_within_seconds_and_others_still_work,
);
