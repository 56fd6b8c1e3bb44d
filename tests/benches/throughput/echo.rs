//! A bare tonic server on a real socket answering only the gRPC health check: the transport's cost
//! of a unary call with no work behind it.

use std::net::SocketAddr;
use std::sync::Arc;

use qinglian_kit::shutdown::CancellationToken;
use qinglian_test_support::channel;
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

use super::load::{Figures, measure};

/// The running echo server.
pub struct EchoServer {
    addr: SocketAddr,
    shutdown: CancellationToken,
    server: tokio::task::JoinHandle<()>,
}

impl EchoServer {
    /// Binds 127.0.0.1:0 and serves the health service.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (_reporter, health) = tonic_health::server::health_reporter();
        let shutdown = CancellationToken::new();
        let stopped = shutdown.clone();
        let server = tokio::spawn(async move {
            tonic::transport::Server::builder()
                .add_service(health)
                .serve_with_incoming_shutdown(
                    tokio_stream::wrappers::TcpListenerStream::new(listener),
                    stopped.cancelled_owned(),
                )
                .await
                .expect("echo server");
        });
        Self {
            addr,
            shutdown,
            server,
        }
    }

    /// `calls` health checks with `in_flight` callers over the same number of channels as the
    /// service's measurement.
    pub async fn calls(&self, in_flight: usize, calls: usize) -> Figures {
        let mut clients = Vec::new();
        for _ in 0..4 {
            clients.push(HealthClient::new(channel(self.addr).await));
        }
        let clients = Arc::new(clients);
        measure(in_flight, calls, move |caller, _| {
            let mut client = clients[caller % 4].clone();
            async move {
                client
                    .check(HealthCheckRequest::default())
                    .await
                    .expect("check");
            }
        })
        .await
    }

    /// Stops the server.
    pub async fn stop(self) {
        self.shutdown.cancel();
        let _ = self.server.await;
    }
}
