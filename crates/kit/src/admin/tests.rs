//! The admin routes over real HTTP on a real SQLite store: health, readiness and why it fails
//! (draining, a closed database, a peer that is down), and the exposition.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::Arc;

use qinglian_store::Store;
use qinglian_store::connect::ConnectSettings;
use qinglian_store::testing::TestDatabase;
use sea_orm_migration::prelude::*;

use super::*;
use crate::auth::TokenKeys;
use crate::peers::{Peer, PeerSettings};

struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        qinglian_store::migrate::shared_migrations()
    }

    fn migration_table_name() -> DynIden {
        "admin_test_migrations".into_iden()
    }
}

async fn store(db: &TestDatabase) -> Store {
    let store = Store::connect(&db.url, &ConnectSettings::default())
        .await
        .expect("connect");
    qinglian_store::migrate::run::<Migrator>(store.conn())
        .await
        .expect("migrate");
    store
}

/// GET `path` from `addr` over a fresh HTTP/1.1 connection: the status and the body.
async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream.write_all(request.as_bytes()).expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        response
    })
    .await
    .expect("request");
    let (head, body) = response.split_once("\r\n\r\n").expect("head and body");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, body.to_owned())
}

async fn start(readiness: Readiness) -> (SocketAddr, AdminServer) {
    let settings = AdminSettings {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
    };
    let listener = bind(&settings).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    (addr, spawn(listener, Metrics::new(), readiness))
}

#[tokio::test]
async fn readiness_follows_the_drain_and_the_database() {
    let db = TestDatabase::sqlite();
    let store = store(&db).await;
    let shutdown = CancellationToken::new();
    let (addr, server) = start(Readiness::new(store.clone(), shutdown.clone())).await;

    assert_eq!(get(addr, "/healthz").await, (200, "ok\n".to_owned()));
    assert_eq!(get(addr, "/readyz").await, (200, "ready\n".to_owned()));
    let (status, text) = get(addr, "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        text.contains("qinglian_db_pool_connections_max 8\n"),
        "{text}"
    );
    assert!(text.contains("qinglian_outbox_head_sequence 0\n"), "{text}");
    assert!(text.ends_with("# EOF\n"), "{text}");

    shutdown.cancel();
    let (status, reason) = get(addr, "/readyz").await;
    assert_eq!(status, 503);
    assert!(reason.starts_with("draining"), "{reason}");
    assert_eq!(get(addr, "/healthz").await.0, 200, "alive while draining");
    server.stop().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "stopped"
    );

    let (addr, server) = start(Readiness::new(store.clone(), CancellationToken::new())).await;
    store.conn().close_by_ref().await.expect("close");
    let (status, reason) = get(addr, "/readyz").await;
    assert_eq!(status, 503);
    assert!(reason.starts_with("database unavailable"), "{reason}");
    server.stop().await;
}

#[tokio::test]
async fn readiness_needs_the_peers_serving() {
    let db = TestDatabase::sqlite();
    let store = store(&db).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let keys = Arc::new(TokenKeys::from_secret(&[7; 32], "qinglian").expect("keys"));
    let peer = Peer::new(
        "supervision",
        &format!("http://{closed}"),
        &PeerSettings::default(),
        keys,
        "test",
    )
    .expect("peer");
    let readiness = Readiness::new(store, CancellationToken::new()).with_peers(vec![peer]);
    let (addr, server) = start(readiness).await;
    let (status, reason) = get(addr, "/readyz").await;
    assert_eq!(status, 503);
    assert!(reason.starts_with("supervision service"), "{reason}");
    server.stop().await;
}
