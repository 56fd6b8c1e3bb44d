//! Error answers only after what they were judged against is durable: every call runs through
//! [`qinglian_store::commit::pending::answering`], and an error from a call whose failed mutation ran
//! after other members of its batch is sent once that batch committed, or replaced by UNAVAILABLE
//! `NOT_COMMITTED` when it did not (the error may rest on writes that never happened).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use qinglian_store::commit::pending::answering;
use tower::{Layer, Service};

/// Holds error answers back until the batches they depend on ended; a replaced answer carries the
/// service's error `domain`.
#[derive(Clone, Copy, Debug)]
pub struct DurableAnswersLayer {
    domain: &'static str,
}

impl DurableAnswersLayer {
    /// The layer of the service whose statuses carry `domain`.
    pub fn new(domain: &'static str) -> Self {
        Self { domain }
    }
}

impl<S> Layer<S> for DurableAnswersLayer {
    type Service = DurableAnswers<S>;

    fn layer(&self, inner: S) -> Self::Service {
        DurableAnswers {
            inner,
            domain: self.domain,
        }
    }
}

/// The service wrapper of [`DurableAnswersLayer`].
#[derive(Clone, Debug)]
pub struct DurableAnswers<S> {
    inner: S,
    domain: &'static str,
}

impl<S, B, R> Service<http::Request<B>> for DurableAnswers<S>
where
    S: Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    R: Default + Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let call = self.inner.call(request);
        let domain = self.domain;
        Box::pin(async move {
            let (response, pending) = answering(call).await;
            let response = response?;
            if pending.is_empty() || !is_error(&response) {
                return Ok(response);
            }
            match pending.settled().await {
                Ok(()) => Ok(response),
                Err(e) => Ok(crate::status::from_store(e, domain).into_http()),
            }
        })
    }
}

/// Whether `response` is an error answered in its headers (a unary call's error is trailers-only).
fn is_error<R>(response: &http::Response<R>) -> bool {
    response
        .headers()
        .get("grpc-status")
        .is_some_and(|code| code.as_bytes() != b"0")
}
