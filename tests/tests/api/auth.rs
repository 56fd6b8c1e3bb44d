//! Authentication and authorisation: tokens, roles and unit scope.

use std::time::Duration;

use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::{Role, TokenKeys};
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{TestTasks, bearer};
use tonic::Code;

use super::common::{create_unit, expect_code, unit};

async fn bad_tokens_are_unauthenticated(db: TestDatabase) {
    let tasks = TestTasks::start(db).await;
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
    tasks.stop().await.expect("stop");
}

async fn roles_and_unit_scope_are_enforced_before_lookups(db: TestDatabase) {
    let tasks = TestTasks::start(db).await;
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
    tasks.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    bad_tokens_are_unauthenticated,
    roles_and_unit_scope_are_enforced_before_lookups,
);
