//! TLS on the servers and mutual TLS between services, with certificates made for the test: the
//! directory serves only clients with a certificate of the deployment's authority, the supervision
//! service reaches it over mutual TLS with its own certificate, and plaintext clients, clients without a
//! certificate and clients with a certificate of another authority are refused.

use std::net::SocketAddr;
use std::time::Duration;

use qinglian_api::supervision::v1::talk_service_client::TalkServiceClient;
use qinglian_api::supervision::v1::{self as pb, TalkKind};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::clock::Clock;
use qinglian_kit::shutdown::CancellationToken;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::bearer;
use qinglian_test_support::tls::TestAuthority;
use tokio::net::TcpListener;
use tonic::transport::{Channel, ClientTlsConfig, Endpoint};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::common::{create_person, create_unit};

/// A channel to `addr` over TLS with `tls`, or the connection error.
async fn connect(addr: SocketAddr, tls: ClientTlsConfig) -> Result<Channel, String> {
    Endpoint::from_shared(format!("https://{addr}"))
        .map_err(|e| e.to_string())?
        .tls_config(tls)
        .map_err(|e| e.to_string())?
        .connect_timeout(Duration::from_secs(5))
        .connect()
        .await
        .map_err(|e| format!("{e:?}"))
}

/// Whether the health check over `channel` answers SERVING (a refused handshake fails the call).
async fn serving(channel: Channel) -> bool {
    HealthClient::new(channel)
        .check(HealthCheckRequest::default())
        .await
        .is_ok_and(|r| r.get_ref().status == ServingStatus::Serving as i32)
}

async fn services_serve_tls_and_call_each_other_over_mutual_tls(db: TestDatabase) {
    // Built directly, not by Cluster: each service needs TLS settings and certificates of its own.
    let supervision_db = db.sibling("supervision").await;
    let dir = tempfile::tempdir().expect("dir");
    let authority = TestAuthority::new(dir.path(), "deployment");
    let stranger = TestAuthority::new(dir.path(), "stranger");
    let (tasks_cert, supervision_cert, clerk_cert) = (
        authority.issue("tasks"),
        authority.issue("supervision"),
        authority.issue("clerk"),
    );

    let mut tasks_settings = qinglian_tasks::settings::Settings::defaults(dir.path());
    tasks_settings.database.url = db.url.clone();
    tasks_settings.admin.listen = ([127, 0, 0, 1], 0).into();
    tasks_settings.server.tls = Some(authority.server_settings(&tasks_cert, true));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let tasks = qinglian_tasks::Application::build_with(&tasks_settings, listener, Clock::system())
        .await
        .expect("tasks over TLS");
    let tasks_addr = tasks.local_addr().expect("addr");
    let shutdown = CancellationToken::new();
    let tasks_server = tokio::spawn(tasks.run_until_stopped(shutdown.clone()));

    let mut supervision_settings = qinglian_supervision::settings::Settings::defaults(dir.path());
    supervision_settings.database.url = supervision_db.url.clone();
    supervision_settings.admin.listen = ([127, 0, 0, 1], 0).into();
    supervision_settings.server.tls = Some(authority.server_settings(&supervision_cert, false));
    supervision_settings.service.peers.tasks = format!("https://{tasks_addr}");
    supervision_settings.service.peers.tls =
        Some(authority.client_settings(Some(&supervision_cert)));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let supervision = qinglian_supervision::Application::build_with(
        &supervision_settings,
        listener,
        Clock::system(),
    )
    .await
    .expect("supervision over TLS");
    let supervision_addr = supervision.local_addr().expect("addr");
    let supervision_server = tokio::spawn(supervision.run_until_stopped(shutdown.clone()));

    // The directory answers a client with a certificate of the deployment's authority.
    let with_cert = connect(tasks_addr, authority.client_config(Some(&clerk_cert)))
        .await
        .expect("mutual TLS client");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !serving(with_cert.clone()).await {
        assert!(tokio::time::Instant::now() < deadline, "tasks never served");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Everyone else is refused: plaintext, no certificate, another authority's certificate, and a
    // client that does not trust the server's authority.
    let plaintext = Endpoint::from_shared(format!("http://{tasks_addr}"))
        .expect("endpoint")
        .connect()
        .await;
    assert!(
        plaintext.is_err() || !serving(plaintext.expect("channel")).await,
        "a plaintext client was served"
    );
    for (case, config) in [
        ("no certificate", authority.client_config(None)),
        (
            "another authority's certificate",
            authority.client_config(Some(&stranger.issue("intruder"))),
        ),
        (
            "a client not trusting the server",
            stranger.client_config(Some(&clerk_cert)),
        ),
    ] {
        if let Ok(channel) = connect(tasks_addr, config).await {
            assert!(!serving(channel).await, "{case}: served");
        }
    }

    // A record through the supervision service, whose directory lookups go over mutual TLS.
    let (secret, _) = load_or_create_key(&tasks_settings.auth.key_file).expect("key");
    let keys = TokenKeys::from_secret(&secret, &tasks_settings.auth.issuer).expect("keys");
    let token = |role| {
        keys.issue("tls-test", role, None, Duration::from_secs(600))
            .expect("token")
    };
    let mut directory =
        DirectoryServiceClient::with_interceptor(with_cert, bearer(&token(Role::Admin)));
    let organ = create_unit(&mut directory, UnitKind::Organ, "市审计局", None).await;
    let cadre = create_person(&mut directory, "李科长", &organ.id, false).await;
    let inspector = create_person(&mut directory, "纪检组长", &organ.id, true).await;

    // The supervision server does not ask for client certificates, but still speaks only TLS.
    let channel = connect(supervision_addr, authority.client_config(None))
        .await
        .expect("TLS client");
    let mut talks = TalkServiceClient::with_interceptor(channel, bearer(&token(Role::Discipline)));
    let talk = talks
        .record_talk(pb::RecordTalkRequest {
            talk: Some(pb::Talk {
                kind: TalkKind::Integrity as i32,
                subject_person_id: cadre.id.clone(),
                conducted_by_ids: vec![inspector.id.clone()],
                date: "2023-03-01".into(),
                reason: "新任职廉政谈话".into(),
                content: "严守纪律规矩".into(),
                ..Default::default()
            }),
            request_id: "tls-talk".into(),
        })
        .await
        .expect("recorded with the directory reached over mutual TLS")
        .into_inner()
        .talk
        .expect("talk");
    assert_eq!(
        talk.subject_unit_id, organ.id,
        "the unit came from the directory"
    );

    shutdown.cancel();
    tasks_server.await.expect("join").expect("tasks stopped");
    supervision_server
        .await
        .expect("join")
        .expect("supervision stopped");
}

qinglian_store::backend_tests!(services_serve_tls_and_call_each_other_over_mutual_tls);
