//! What the operator-CLI tests share: the real `qinglian` binary started as a process on free ports,
//! and the probes an operator would use on it.
// Each test binary uses a part of these.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_qinglian");

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// The ports of one deployment: task assignment, supervision records, oversight reporting.
#[derive(Clone, Copy)]
pub struct Ports {
    pub tasks: u16,
    pub supervision: u16,
    pub oversight: u16,
}

pub fn ports() -> Ports {
    Ports {
        tasks: free_port(),
        supervision: free_port(),
        oversight: free_port(),
    }
}

pub fn qinglian(data_dir: &std::path::Path, ports: Ports) -> Command {
    let mut command = Command::new(BINARY);
    command
        .arg("--data-dir")
        .arg(data_dir)
        .env(
            "QINGLIAN_TASKS__SERVER__LISTEN",
            format!("127.0.0.1:{}", ports.tasks),
        )
        .env(
            "QINGLIAN_SUPERVISION__SERVER__LISTEN",
            format!("127.0.0.1:{}", ports.supervision),
        )
        .env(
            "QINGLIAN_SUPERVISION__PEERS__TASKS",
            format!("http://127.0.0.1:{}", ports.tasks),
        )
        .env(
            "QINGLIAN_OVERSIGHT__SERVER__LISTEN",
            format!("127.0.0.1:{}", ports.oversight),
        )
        .env(
            "QINGLIAN_OVERSIGHT__PEERS__TASKS",
            format!("http://127.0.0.1:{}", ports.tasks),
        )
        .env(
            "QINGLIAN_OVERSIGHT__PEERS__SUPERVISION",
            format!("http://127.0.0.1:{}", ports.supervision),
        )
        .env("QINGLIAN_SUPERVISION__LOG__FILTER", "warn")
        .env("QINGLIAN_OVERSIGHT__LOG__FILTER", "warn")
        .env("QINGLIAN_TASKS__LOG__FILTER", "warn")
        .env("QINGLIAN_TASKS__ADMIN__LISTEN", "127.0.0.1:0")
        .env("QINGLIAN_SUPERVISION__ADMIN__LISTEN", "127.0.0.1:0")
        .env("QINGLIAN_OVERSIGHT__ADMIN__LISTEN", "127.0.0.1:0")
        .env_remove("QINGLIAN_CONFIG")
        .env_remove("QINGLIAN_CONFIG_DIR");
    command
}

pub fn check(ports: Ports) -> bool {
    Command::new(BINARY)
        .args([
            "check",
            "--tasks",
            &format!("http://127.0.0.1:{}", ports.tasks),
            "--supervision",
            &format!("http://127.0.0.1:{}", ports.supervision),
            "--oversight",
            &format!("http://127.0.0.1:{}", ports.oversight),
            "--timeout",
            "1s",
        ])
        .output()
        .expect("run check")
        .status
        .success()
}

/// GET `url` (`http://host:port/path`) over a fresh connection: the status code and the body.
pub fn http_get(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("HTTP response");
    let status = head.split_whitespace().nth(1).expect("status");
    (status.parse().expect("status code"), body.to_owned())
}

pub fn wait_for_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "process did not exit within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `qinglian serve` started in `dir`, once every service listens.
pub fn serve(dir: &std::path::Path, port: Ports) -> Child {
    serve_command(qinglian(dir, port))
}

/// `command` (a [`qinglian`] command) running `serve`, once every service listens.
pub fn serve_command(mut command: Command) -> Child {
    let mut server = command
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = server.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    while let Some(Ok(line)) = lines.next() {
        if line.contains("oversight reporting service on") {
            break;
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    server
}

/// Sends SIGTERM to `server` and asserts it drains and exits 0 within 15 s.
pub fn terminate(mut server: Child) {
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = wait_for_exit(&mut server, Duration::from_secs(15));
    assert!(status.success(), "graceful exit, got {status:?}");
}
