//! The admin HTTP listener of a service under test (`/metrics`, `/healthz`, `/readyz`), read the way
//! a scraper or a probe reads it: a plain HTTP/1.1 GET on a fresh connection.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

/// GET `path` from the admin listener at `addr`: the status code and the body.
pub async fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap_or_else(|e| panic!("read timeout: {e}"));
        stream
            .write_all(request.as_bytes())
            .unwrap_or_else(|e| panic!("send to {addr}: {e}"));
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .unwrap_or_else(|e| panic!("read from {addr}: {e}"));
        response
    })
    .await
    .unwrap_or_else(|e| panic!("request task: {e}"));
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP response: {response}"));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    (status, body.to_owned())
}
