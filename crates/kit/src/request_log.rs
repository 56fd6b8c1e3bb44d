//! One log line per gRPC call: method, status code and latency, inside the call's span.
//!
//! Unary errors are trailers-only responses whose `grpc-status` is in the headers; a response without
//! it in the headers succeeded (or, for streams, reports its status in the trailers later).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use tower::{Layer, Service};

/// Logs every call that passes through it.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestLogLayer;

impl<S> Layer<S> for RequestLogLayer {
    type Service = RequestLog<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequestLog { inner }
    }
}

/// The service wrapper of [`RequestLogLayer`].
#[derive(Clone, Debug)]
pub struct RequestLog<S> {
    inner: S,
}

impl<S, B, R> Service<http::Request<B>> for RequestLog<S>
where
    S: Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
    S::Error: 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let method = request.uri().path().to_owned();
        let started = Instant::now();
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = response.await;
            if let Ok(response) = &response {
                let code = response
                    .headers()
                    .get("grpc-status")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("0")
                    .to_owned();
                let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
                if method.starts_with("/grpc.") {
                    tracing::debug!(method, code, elapsed_ms, "call finished");
                } else {
                    tracing::info!(method, code, elapsed_ms, "call finished");
                }
            }
            response
        })
    }
}
