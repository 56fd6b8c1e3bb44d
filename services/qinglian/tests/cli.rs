//! The operator CLI as an operator uses it: the real `qinglian` binary started as a process.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

use support::*;

#[test]
fn serve_prints_a_first_token_answers_check_and_drains_on_sigterm() {
    let dir = tempfile::tempdir().expect("dir");
    let port = ports();
    let mut server = qinglian(dir.path(), port)
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = server.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut token = None;
    let mut listening = false;
    let mut metrics = Vec::new();
    while let Some(Ok(line)) = lines.next() {
        if line.starts_with("eyJ") {
            token = Some(line);
        } else if line.contains("oversight reporting service on") {
            listening = true;
        } else if let Some(urls) = line.strip_prefix("metrics on ") {
            metrics = urls
                .split([',', ' '])
                .filter(|url| url.starts_with("http://"))
                .map(str::to_owned)
                .collect();
            break;
        }
    }
    assert!(token.is_some(), "the first start prints an admin token");
    assert!(listening);
    assert_eq!(
        metrics.len(),
        3,
        "each service's metrics address is printed"
    );
    assert!(dir.path().join("auth.key").exists());
    assert!(dir.path().join("tasks.db").exists());
    assert!(dir.path().join("supervision.db").exists());
    assert!(dir.path().join("oversight.db").exists());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check(port) {
        assert!(Instant::now() < deadline, "never healthy");
        std::thread::sleep(Duration::from_millis(100));
    }

    // Each service answers its admin routes on its own port, counting the health checks just made.
    for url in &metrics {
        let (status, text) = http_get(url);
        assert_eq!(status, 200, "{url}");
        assert!(
            text.contains(
                "qinglian_grpc_requests_total{method=\"/grpc.health.v1.Health/Check\",code=\"OK\"}"
            ),
            "{url}: {text}"
        );
        let base = url.trim_end_matches("/metrics");
        assert_eq!(http_get(&format!("{base}/healthz")).0, 200);
        assert_eq!(
            http_get(&format!("{base}/readyz")),
            (200, "ready\n".to_owned())
        );
    }

    // A container checks only the service it runs.
    let only = Command::new(BINARY)
        .args([
            "check",
            "--only",
            "supervision",
            "--supervision",
            &format!("http://127.0.0.1:{}", port.supervision),
            "--tasks",
            "http://127.0.0.1:1",
        ])
        .output()
        .expect("check --only");
    assert!(only.status.success());
    assert_eq!(
        String::from_utf8_lossy(&only.stdout).lines().count(),
        1,
        "one service checked"
    );

    // Tokens issued by the CLI use the deployment's key.
    let issued = qinglian(dir.path(), port)
        .args([
            "token", "issue", "--role", "clerk", "--unit", "u-1", "--ttl", "1h",
        ])
        .output()
        .expect("issue");
    assert!(issued.status.success());
    assert!(String::from_utf8_lossy(&issued.stdout).starts_with("eyJ"));
    let bad_role = qinglian(dir.path(), port)
        .args(["token", "issue", "--role", "emperor"])
        .output()
        .expect("issue");
    assert!(!bad_role.status.success());

    for service in ["tasks", "supervision", "oversight"] {
        let pending = qinglian(dir.path(), port)
            .args(["migrate", "--service", service, "--dry-run"])
            .output()
            .expect("migrate");
        assert_eq!(
            String::from_utf8_lossy(&pending.stdout).trim(),
            "no pending migrations",
            "{service}"
        );
    }

    // SIGTERM: drain and exit 0; afterwards check reports the service down.
    terminate(server);
    assert!(!check(port), "check fails when the service is down");
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let output = Command::new(BINARY)
        .arg("--data-dir")
        .arg(dir.path())
        .arg("serve")
        .env("QINGLIAN_TASKS__SERVER__LISTEN", "not-an-address")
        .env("QINGLIAN_TASKS__LOG__FILTER", "warn")
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("server.listen"), "{stderr}");
}

#[test]
fn report_lint_prints_every_defect_of_the_reference_and_exits_one() {
    let reference = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../oversight/tests/data/work-report-2023.txt"
    );
    let output = Command::new(BINARY)
        .args(["report", "lint", reference])
        .output()
        .expect("lint");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 12, "{stdout}");
    assert_eq!(lines[0], "1:20 stray_markdown «**» 删除多余的“**”");
    assert!(
        lines.contains(&"13:122 placeholder «*部» 填写法律法规的部数"),
        "{stdout}"
    );

    let json = Command::new(BINARY)
        .args(["report", "lint", "--format", "json", reference])
        .output()
        .expect("lint json");
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&json.stdout)
            .lines()
            .next()
            .expect("a line"),
    )
    .expect("json");
    assert_eq!(first["line"], 1);
    assert_eq!(first["column"], 20);
    assert_eq!(first["kind"], "stray_markdown");
    assert_eq!(first["text"], "**");

    let dir = tempfile::tempdir().expect("dir");
    let clean = dir.path().join("clean.txt");
    std::fs::write(
        &clean,
        "一年来，常委会共听取审议12个“一府一委两院”专项工作报告和预决算审查监督报告，检查5部法律法规实施情况，开展6次专题调研。\n",
    )
    .expect("write");
    let output = Command::new(BINARY)
        .args(["report", "lint"])
        .arg(&clean)
        .output()
        .expect("lint clean");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());

    // A Word draft: each paragraph a line.
    let docx = dir.path().join("draft.docx");
    let file = std::fs::File::create(&docx).expect("create");
    docx_rs::Docx::new()
        .add_paragraph(
            docx_rs::Paragraph::new()
                .add_run(docx_rs::Run::new().add_text("中共临川县民政局党组2023年度工作报告")),
        )
        .add_paragraph(
            docx_rs::Paragraph::new()
                .add_run(docx_rs::Run::new().add_text("局党组全年召开专题会议次。")),
        )
        .build()
        .pack(file)
        .expect("pack");
    let output = Command::new(BINARY)
        .args(["report", "lint"])
        .arg(&docx)
        .output()
        .expect("lint docx");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "2:12 missing_number «次» 填写次数"
    );
}

#[test]
fn demo_records_a_year_and_prints_its_report_written_and_lint_clean() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("demo");
    let mut demo = qinglian(&data, ports())
        .args(["demo", "--exit"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start demo");
    let stdout = demo.stdout.take().expect("stdout");
    let stderr = demo.stderr.take().expect("stderr");
    let printed = std::thread::spawn(move || std::io::read_to_string(stdout).expect("stdout"));
    let errors = std::thread::spawn(move || std::io::read_to_string(stderr).expect("stderr"));
    let status = wait_for_exit(&mut demo, Duration::from_secs(300));
    let printed = printed.join().expect("stdout reader");
    let errors = errors.join().expect("stderr reader");
    assert!(status.success(), "{status:?}\n{printed}\n{errors}");

    for expected in [
        "市人大常委会机关2023年度党风廉政建设和反腐败工作情况报告",
        "一、聚焦政治统领",
        "二、聚焦预防为主",
        "三、聚焦职能职责",
        "《中华人民共和国义务教育法》《中华人民共和国未成年人保护法》《市农村生活垃圾分类处理若干规定》《省物业管理条例》《中华人民共和国乡村振兴促进法》",
        "省委第八巡视组",
        "lint: no findings",
        "oversight reporting service on 127.0.0.1:",
    ] {
        assert!(
            printed.contains(expected),
            "missing «{expected}» in:\n{printed}"
        );
    }
    let counted = printed
        .split_once("共听取审议")
        .map(|(_, rest)| rest)
        .expect("the counting sentence");
    assert!(
        counted.starts_with(|c: char| c.is_ascii_digit()),
        "no number after 共听取审议 in:\n{printed}"
    );
    for placeholder in ["*", "**", "余件"] {
        assert!(
            !printed.contains(placeholder),
            "«{placeholder}» in:\n{printed}"
        );
    }

    let written = std::fs::read_to_string(data.join("work-report-2023.txt")).expect("report file");
    assert!(written.contains("一年来，常委会共听取审议"), "{written}");
    assert!(
        printed.contains(written.trim()),
        "the file is the printed report"
    );

    // The folder is the demo's own: a second run refuses it.
    let again = qinglian(&data, ports())
        .args(["demo", "--exit"])
        .output()
        .expect("second demo");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn backup_copies_the_embedded_databases_and_restore_puts_them_back() {
    let dir = tempfile::tempdir().expect("dir");
    let (live, copies, restored) = (
        dir.path().join("live"),
        dir.path().join("copies"),
        dir.path().join("restored"),
    );
    let run = |data_dir: &std::path::Path, args: &[&str]| {
        Command::new(BINARY)
            .arg("--data-dir")
            .arg(data_dir)
            .args(args)
            .env_remove("QINGLIAN_CONFIG")
            .env_remove("QINGLIAN_CONFIG_DIR")
            .output()
            .expect("run")
    };
    for service in ["tasks", "supervision", "oversight"] {
        assert!(
            run(&live, &["migrate", "--service", service])
                .status
                .success()
        );
    }
    let out = copies.to_string_lossy().into_owned();
    let backup = run(&live, &["backup", "--out", &out]);
    assert!(backup.status.success(), "{backup:?}");
    for service in ["tasks", "supervision", "oversight"] {
        assert!(copies.join(format!("{service}.db")).is_file(), "{service}");
    }
    assert!(
        !run(&live, &["backup", "--out", &out]).status.success(),
        "an existing backup is never overwritten"
    );
    let restore = run(&restored, &["restore", "--from", &out]);
    assert!(restore.status.success(), "{restore:?}");
    for service in ["tasks", "supervision", "oversight"] {
        let pending = run(&restored, &["migrate", "--service", service, "--dry-run"]);
        assert_eq!(
            String::from_utf8_lossy(&pending.stdout).trim(),
            "no pending migrations",
            "{service}: the restored database is the migrated one"
        );
    }
}

/// ListUnits on the task service and ListTalks on the supervision service with `token`: each Ok or
/// its refusal.
async fn calls_with(
    port: Ports,
    token: &str,
) -> (Result<(), tonic::Status>, Result<(), tonic::Status>) {
    use qinglian_api::supervision::v1::talk_service_client::TalkServiceClient;
    use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
    let bearer = qinglian_kit::auth::BearerToken::new(token).expect("bearer");
    let channel = |p: u16| {
        tonic::transport::Endpoint::from_shared(format!("http://127.0.0.1:{p}"))
            .expect("endpoint")
            .connect_lazy()
    };
    let tasks = DirectoryServiceClient::with_interceptor(channel(port.tasks), bearer.clone())
        .list_units(qinglian_api::tasks::v1::ListUnitsRequest::default())
        .await
        .map(drop);
    let supervision = TalkServiceClient::with_interceptor(channel(port.supervision), bearer)
        .list_talks(qinglian_api::supervision::v1::ListTalksRequest::default())
        .await
        .map(drop);
    (tasks, supervision)
}

/// Both calls of [`calls_with`] succeed.
async fn accepted(port: Ports, token: &str) -> Result<(), tonic::Status> {
    let (tasks, supervision) = calls_with(port, token).await;
    tasks.and(supervision)
}

#[tokio::test]
async fn a_token_revoked_with_the_cli_is_refused_within_seconds_while_others_work() {
    let dir = tempfile::tempdir().expect("dir");
    let port = ports();
    let token = |args: &[&str]| {
        qinglian(dir.path(), port)
            .arg("token")
            .args(args)
            .output()
            .expect("token command")
    };
    // The key exists before the services start, so they all read the same one.
    let issued = token(&["issue", "--role", "admin", "--subject", "lost-laptop"]);
    assert!(issued.status.success());
    let revoked = String::from_utf8_lossy(&issued.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&issued.stderr).into_owned();
    let id = stderr
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .unwrap_or_else(|| panic!("issue prints the token id on stderr: {stderr}"))
        .to_owned();
    let kept = token(&["issue", "--role", "admin", "--json"]);
    let kept: serde_json::Value = serde_json::from_slice(&kept.stdout).expect("--json");
    let kept = kept["token"].as_str().expect("token").to_owned();

    let mut server = serve(dir.path(), port);
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Err(status) = accepted(port, &revoked).await {
        assert!(Instant::now() < deadline, "never served: {status:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    accepted(port, &kept).await.expect("the other token works");

    let typo = token(&["revoke", "--token", &format!("{revoked}x")]);
    assert!(!typo.status.success(), "a token not signed here is refused");
    assert!(!dir.path().join("revoked-tokens").exists());
    let revoke = token(&["revoke", "--token", &revoked, "--note", "lost laptop"]);
    assert!(revoke.status.success(), "{revoke:?}");
    assert!(String::from_utf8_lossy(&revoke.stdout).contains(&id));
    let again = token(&["revoke", "--token", &revoked]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("already revoked"));
    let listed = token(&["list-revoked"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(&id) && listed.trim_end().ends_with("lost laptop"));

    // Every service reads the list: both refuse the token within seconds.
    let revoked_at = Instant::now();
    let (tasks, supervision) = loop {
        match calls_with(port, &revoked).await {
            (Err(tasks), Err(supervision)) => break (tasks, supervision),
            still => {
                assert!(
                    revoked_at.elapsed() < Duration::from_secs(5),
                    "still accepted 5 s after revocation: {still:?}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    for status in [tasks, supervision] {
        assert_eq!(status.code(), tonic::Code::Unauthenticated);
        assert_eq!(status.message(), "token revoked");
    }
    accepted(port, &kept)
        .await
        .expect("the other token still works");

    server.kill().expect("kill");
    server.wait().expect("wait");
}
