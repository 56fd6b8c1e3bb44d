//! `qinglian check` against a remote service over mutual TLS: serving with the probe's certificate,
//! down (and exit 1) without it or without the authority to trust.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

use qinglian_kit::clock::Clock;
use qinglian_kit::shutdown::CancellationToken;
use qinglian_test_support::tls::{CertifiedFiles, TestAuthority};
use tokio::net::TcpListener;

const BINARY: &str = env!("CARGO_BIN_EXE_qinglian");

/// Runs `qinglian check --only tasks` against `addr` over TLS with `extra` arguments: (success, stdout).
async fn check(addr: SocketAddr, extra: Vec<String>) -> (bool, String) {
    let mut args = vec!["--tasks".to_owned(), format!("https://{addr}")];
    args.extend(extra);
    run_check(Vec::new(), args, Vec::new()).await
}

/// Runs `qinglian <before> check --only tasks <after>` with `env`: (success, stdout).
async fn run_check(
    before: Vec<String>,
    after: Vec<String>,
    env: Vec<(String, String)>,
) -> (bool, String) {
    let output = tokio::task::spawn_blocking(move || {
        Command::new(BINARY)
            .args(before)
            .args(["check", "--only", "tasks", "--timeout", "5s"])
            .args(after)
            .env_remove("QINGLIAN_CONFIG_DIR")
            .envs(env)
            .output()
            .expect("run qinglian check")
    })
    .await
    .expect("join");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn tls_args(authority: &TestAuthority, probe: Option<&CertifiedFiles>) -> Vec<String> {
    let path = |p: &Path| p.display().to_string();
    let mut args = vec!["--ca-file".to_owned(), path(&authority.ca_file)];
    if let Some(probe) = probe {
        args.extend([
            "--cert-file".to_owned(),
            path(&probe.cert_file),
            "--key-file".to_owned(),
            path(&probe.key_file),
        ]);
    }
    args
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_probes_a_service_over_mutual_tls() {
    let dir = tempfile::tempdir().expect("dir");
    let authority = TestAuthority::new(dir.path(), "deployment");
    let (server, probe) = (authority.issue("tasks"), authority.issue("probe"));
    let mut settings = qinglian_tasks::settings::Settings::defaults(dir.path());
    settings.admin.listen = ([127, 0, 0, 1], 0).into();
    settings.server.tls = Some(authority.server_settings(&server, true));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let app = qinglian_tasks::Application::build_with(&settings, listener, Clock::system())
        .await
        .expect("build");
    let addr = app.local_addr().expect("addr");
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(app.run_until_stopped(shutdown.clone()));

    let (ok, out) = check(addr, tls_args(&authority, Some(&probe))).await;
    assert!(ok, "{out}");
    assert_eq!(out.trim(), format!("tasks https://{addr} SERVING"));

    let (ok, out) = check(addr, tls_args(&authority, None)).await;
    assert!(!ok, "served without a client certificate: {out}");
    assert!(
        out.starts_with(&format!("tasks https://{addr} DOWN")),
        "{out}"
    );

    let (ok, out) = check(addr, Vec::new()).await;
    assert!(!ok);
    assert!(out.contains("an https address needs --ca-file"), "{out}");

    shutdown.cancel();
    running.await.expect("join").expect("stopped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_finds_a_service_where_its_settings_say_it_listens() {
    let dir = tempfile::tempdir().expect("dir");
    let db = qinglian_store::testing::TestDatabase::sqlite();
    let mut settings =
        qinglian_test_support::Running::<qinglian_tasks::Tasks>::defaults(dir.path());
    settings.database.url = db.url.clone();
    let running =
        qinglian_test_support::Running::<qinglian_tasks::Tasks>::start(settings, Clock::system())
            .await;
    let port = running.addr.port();

    // From the service's variable, listening on every interface: probed on the loopback address.
    let (ok, out) = run_check(
        Vec::new(),
        Vec::new(),
        vec![(
            "QINGLIAN_TASKS__SERVER__LISTEN".to_owned(),
            format!("0.0.0.0:{port}"),
        )],
    )
    .await;
    assert!(ok, "{out}");
    assert_eq!(out.trim(), format!("tasks http://127.0.0.1:{port} SERVING"));

    // From the service's file in the deployment's config folder, as the binaries read it.
    let config = tempfile::tempdir().expect("config dir");
    std::fs::write(
        config.path().join("tasks.toml"),
        format!("[server]\nlisten = \"127.0.0.1:{port}\"\n"),
    )
    .expect("tasks.toml");
    let folder = config.path().display().to_string();
    let (ok, out) = run_check(
        vec!["--config-dir".to_owned(), folder],
        Vec::new(),
        Vec::new(),
    )
    .await;
    assert!(ok, "{out}");
    assert_eq!(out.trim(), format!("tasks http://127.0.0.1:{port} SERVING"));

    running.stop().await.expect("stopped");
}
