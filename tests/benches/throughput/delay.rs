//! A TCP proxy that holds every byte for a fixed time in each direction, standing in for a database
//! across a network: PostgreSQL behind it answers each round trip `2 × one_way` later.
//!
//! Each connection gets two threads per direction: one reads and stamps what arrived, the other
//! writes it once its time has come. Plain threads and `std::thread::sleep` keep the delay precise
//! to tens of microseconds, where the async timer rounds up to whole milliseconds.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// A running proxy; it lives as long as the benchmark process.
pub struct DelayProxy {
    addr: SocketAddr,
}

impl DelayProxy {
    /// Listens on a free local port and forwards every connection to `upstream`, holding each
    /// chunk `one_way` in each direction.
    pub fn start(upstream: SocketAddr, one_way: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind delay proxy");
        let addr = listener.local_addr().expect("proxy address");
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(upstream) else {
                    continue;
                };
                for stream in [&client, &server] {
                    let _ = stream.set_nodelay(true);
                }
                forward(&client, &server, one_way);
                forward(&server, &client, one_way);
            }
        });
        Self { addr }
    }

    /// `url` (a `postgres://` URL) with its host and port replaced by the proxy's.
    pub fn url(&self, url: &str) -> String {
        let (before, _, after) = authority(url);
        format!("{before}127.0.0.1:{}{after}", self.addr.port())
    }
}

/// Where a `postgres://` URL points.
pub fn upstream(url: &str) -> SocketAddr {
    let (_, host_port, _) = authority(url);
    let host_port = host_port.replace("localhost", "127.0.0.1");
    let with_port = match host_port.contains(':') {
        true => host_port,
        false => format!("{host_port}:5432"),
    };
    with_port.parse().expect("PostgreSQL address")
}

/// A URL split around its `host:port`: what comes before (scheme and user), the host and port,
/// and what follows (the database and options).
fn authority(url: &str) -> (&str, &str, &str) {
    let start = url.find("://").expect("URL scheme") + 3;
    let end = url[start..].find('/').map_or(url.len(), |i| start + i);
    let host_start = url[start..end].rfind('@').map_or(start, |i| start + i + 1);
    (&url[..host_start], &url[host_start..end], &url[end..])
}

/// Copies `from` to `to`, each chunk written `delay` after it was read.
fn forward(from: &TcpStream, to: &TcpStream, delay: Duration) {
    let (mut from, mut to) = (
        from.try_clone().expect("clone stream"),
        to.try_clone().expect("clone stream"),
    );
    let (chunks, due) = mpsc::channel::<(Instant, Vec<u8>)>();
    thread::spawn(move || {
        let mut buffer = vec![0; 64 * 1024];
        while let Ok(read) = from.read(&mut buffer) {
            if read == 0
                || chunks
                    .send((Instant::now() + delay, buffer[..read].to_vec()))
                    .is_err()
            {
                break;
            }
        }
    });
    thread::spawn(move || {
        for (at, chunk) in due {
            if let Some(wait) = at.checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
            if to.write_all(&chunk).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}
