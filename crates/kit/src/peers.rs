//! Calls to other Qinglian services over gRPC: a deadline on every call, retries with backoff on
//! UNAVAILABLE only, and a clear UNAVAILABLE naming the peer when it cannot be reached, so a caller never
//! hangs and never writes half a change. Calls carry a service token signed with the deployment's key,
//! over TLS (presenting the service's certificate for mutual TLS) when `[peers.tls]` is set.

mod health;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qinglian_api::Paged;
use serde::{Deserialize, Serialize};
use tonic::transport::Channel;
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

use crate::auth::{Role, TokenKeys};
use crate::client;
use crate::tls::ClientTlsSettings;

/// How a service reaches its peers; each service calls only the ones it needs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeerSettings {
    /// URL of the task-assignment service (the directory), e.g. http://127.0.0.1:50051.
    pub tasks: String,
    /// URL of the supervision-records service (the rectification ledger), e.g. http://127.0.0.1:50052.
    pub supervision: String,
    /// Deadline of each call.
    #[serde(with = "humantime_serde")]
    pub timeout: Duration,
    /// Attempts per call when the peer answers UNAVAILABLE (at least 1).
    pub attempts: u32,
    /// TLS of the calls to peers (their URLs are then `https://`); plaintext when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<ClientTlsSettings>,
}

impl Default for PeerSettings {
    fn default() -> Self {
        Self {
            tasks: "http://127.0.0.1:50051".to_owned(),
            supervision: "http://127.0.0.1:50052".to_owned(),
            timeout: Duration::from_secs(3),
            attempts: 3,
            tls: None,
        }
    }
}

impl PeerSettings {
    /// The peers' URLs, the deadline of a call and the attempts on UNAVAILABLE.
    pub fn check(&self, checks: &crate::settings::Checks) -> Result<(), String> {
        use crate::settings::checks::http_url;
        checks.parses("peers.tasks", &self.tasks, http_url)?;
        checks.parses("peers.supervision", &self.supervision, http_url)?;
        checks.duration_within(
            "peers.timeout",
            self.timeout,
            Duration::from_millis(50)..=Duration::from_secs(300),
        )?;
        checks.within("peers.attempts", self.attempts, 1..=10)
    }
}

/// Why a peer call failed.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    /// The peer could not be reached (after retries) or did not answer in time.
    #[error("{peer} service unavailable: {detail}")]
    Unavailable {
        /// Which peer.
        peer: &'static str,
        /// What went wrong, for logs.
        detail: String,
    },
    /// Some of the records asked for do not exist.
    #[error("not found: {}", ids.join(", "))]
    Missing {
        /// The ids the peer did not find.
        ids: Vec<String>,
    },
    /// The peer refused the call for another reason (a bug or a misconfiguration).
    #[error("{peer} service refused the call: {status}")]
    Refused {
        /// Which peer.
        peer: &'static str,
        /// Its answer.
        status: Status,
    },
}

pub use crate::client::AuthedChannel;

/// An answer of a peer that is wrong in itself (e.g. a page token that repeats), whichever peer gave it.
impl From<Status> for PeerError {
    fn from(status: Status) -> Self {
        Self::Refused {
            peer: "a peer",
            status,
        }
    }
}

/// How long a service token lives before it is re-issued.
const TOKEN_TTL: Duration = Duration::from_secs(3600);

/// One peer service: its channel, the service token, and the call discipline.
#[derive(Clone, Debug)]
pub struct Peer {
    name: &'static str,
    channel: Channel,
    keys: Arc<TokenKeys>,
    subject: String,
    token: Arc<Mutex<Option<(String, Instant)>>>,
    timeout: Duration,
    attempts: u32,
}

impl Peer {
    /// The peer `name` at `url`, called as the service `subject` within `settings`' deadline and
    /// attempts. Connects lazily.
    pub fn new(
        name: &'static str,
        url: &str,
        settings: &PeerSettings,
        keys: Arc<TokenKeys>,
        subject: &str,
    ) -> Result<Self, String> {
        let tls = settings.tls.as_ref().map(|tls| (tls, "peers.tls"));
        let channel = client::endpoint(url, tls, settings.timeout, Some(settings.timeout))
            .map_err(|e| format!("peers.{name}: {e}"))?
            .connect_lazy();
        Ok(Self {
            name,
            channel,
            keys,
            subject: subject.to_owned(),
            token: Arc::new(Mutex::new(None)),
            timeout: settings.timeout,
            attempts: settings.attempts,
        })
    }

    /// Every item of a List RPC for `request`, following its pages, each page one [`Peer::call`] of
    /// `send` (which answers the page's items and the next page's token).
    pub async fn all_pages<M, T, F, Fut>(&self, send: F, request: M) -> Result<Vec<T>, PeerError>
    where
        M: Paged + Clone,
        F: Fn(AuthedChannel, Request<M>) -> Fut,
        Fut: Future<Output = Result<(Vec<T>, String), Status>>,
    {
        client::all_pages(request, |page| self.call(&send, page)).await
    }

    /// Sends `message` with `send` on a fresh authenticated channel: a deadline on each attempt,
    /// retries with backoff on UNAVAILABLE only. NOT_FOUND becomes Missing with the ids the peer named.
    pub async fn call<M, T, F, Fut>(&self, send: F, message: M) -> Result<T, PeerError>
    where
        M: Clone,
        F: Fn(AuthedChannel, Request<M>) -> Fut,
        Fut: Future<Output = Result<T, Status>>,
    {
        let peer = self.name;
        let attempts = self.attempts.max(1);
        let mut backoff = Duration::from_millis(100);
        let mut last = String::new();
        for attempt in 1..=attempts {
            let channel = client::authed(self.channel.clone(), &self.token()?)
                .map_err(|detail| PeerError::Unavailable { peer, detail })?;
            let mut request = Request::new(message.clone());
            request.set_timeout(self.timeout);
            match send(channel, request).await {
                Ok(value) => return Ok(value),
                Err(status) if status.code() == Code::Unavailable => {
                    last = status.message().to_owned();
                    tracing::warn!(peer, attempt, error = %last, "peer unavailable");
                    if attempt < attempts {
                        tokio::time::sleep(backoff).await;
                        backoff *= 2;
                    }
                }
                Err(status)
                    if status.code() == Code::DeadlineExceeded
                        || status.code() == Code::Cancelled =>
                {
                    return Err(PeerError::Unavailable {
                        peer,
                        detail: status.message().to_owned(),
                    });
                }
                Err(status) if status.code() == Code::NotFound => {
                    let ids = status
                        .get_error_details()
                        .error_info()
                        .and_then(|info| info.metadata.get("ids").cloned())
                        .map(|ids| ids.split(',').map(str::to_owned).collect())
                        .unwrap_or_default();
                    return Err(PeerError::Missing { ids });
                }
                Err(status) => return Err(PeerError::Refused { peer, status }),
            }
        }
        Err(PeerError::Unavailable { peer, detail: last })
    }

    /// A valid service token, re-issued shortly before it expires.
    fn token(&self) -> Result<String, PeerError> {
        let mut cached = self
            .token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((token, issued)) = cached.as_ref()
            && issued.elapsed() < TOKEN_TTL - Duration::from_secs(300)
        {
            return Ok(token.clone());
        }
        let token = self
            .keys
            .issue(&self.subject, Role::Service, None, TOKEN_TTL)
            .map_err(|detail| PeerError::Unavailable {
                peer: self.name,
                detail,
            })?;
        *cached = Some((token.clone(), Instant::now()));
        Ok(token)
    }
}
