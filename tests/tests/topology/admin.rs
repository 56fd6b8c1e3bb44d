//! The admin HTTP listener of a service (metrics, liveness, readiness), read the way a probe or a
//! scraper does: a plain HTTP/1.1 GET.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// GETs `path` from `service`'s admin listener on 127.0.0.1:`port`: the status code and the body.
pub async fn get(service: &str, port: u16, path: &str) -> (u16, String) {
    let addr = format!("127.0.0.1:{port}");
    let mut stream = tokio::net::TcpStream::connect(&addr)
        .await
        .unwrap_or_else(|e| panic!("{service} admin listener {addr}: {e}"));
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("send admin request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("read admin response");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response from {service}: {response}"));
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    (status, body)
}
