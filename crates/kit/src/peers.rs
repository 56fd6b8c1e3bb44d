//! Calls to other Qinglian services over gRPC: a deadline on every call, retries with backoff on
//! UNAVAILABLE only, and a clear UNAVAILABLE naming the peer when it cannot be reached, so a caller never
//! hangs and never writes half a change. Calls carry a service token signed with the deployment's key.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{BatchGetPeopleRequest, BatchGetUnitsRequest, Person, Unit};
use serde::{Deserialize, Serialize};
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

use crate::auth::{BearerToken, Role, TokenKeys};

/// How a service reaches its peers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeerSettings {
    /// URL of the task-assignment service, e.g. http://127.0.0.1:50051.
    pub tasks: String,
    /// Deadline of each call.
    #[serde(with = "humantime_serde")]
    pub timeout: Duration,
    /// Attempts per call when the peer answers UNAVAILABLE (at least 1).
    pub attempts: u32,
}

impl Default for PeerSettings {
    fn default() -> Self {
        Self {
            tasks: "http://127.0.0.1:50051".to_owned(),
            timeout: Duration::from_secs(3),
            attempts: 3,
        }
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

/// A directory client that sends the service token.
type Client =
    DirectoryServiceClient<tonic::service::interceptor::InterceptedService<Channel, BearerToken>>;

/// How long a service token lives before it is re-issued.
const TOKEN_TTL: Duration = Duration::from_secs(3600);

/// The directory of the task-assignment service, as seen by other services.
#[derive(Clone, Debug)]
pub struct DirectoryPeer {
    channel: Channel,
    keys: Arc<TokenKeys>,
    subject: String,
    token: Arc<Mutex<Option<(String, Instant)>>>,
    settings: PeerSettings,
}

impl DirectoryPeer {
    /// A client of the directory at `settings.tasks`, calling as the service `subject`. Connects lazily.
    pub fn new(
        settings: &PeerSettings,
        keys: Arc<TokenKeys>,
        subject: &str,
    ) -> Result<Self, String> {
        let channel = Endpoint::from_shared(settings.tasks.clone())
            .map_err(|e| format!("invalid peers.tasks address {}: {e}", settings.tasks))?
            .connect_timeout(settings.timeout)
            .timeout(settings.timeout)
            .connect_lazy();
        Ok(Self {
            channel,
            keys,
            subject: subject.to_owned(),
            token: Arc::new(Mutex::new(None)),
            settings: settings.clone(),
        })
    }

    /// The people with `ids`, in order; Missing names every id the directory does not have.
    pub async fn people(&self, ids: &[String]) -> Result<Vec<Person>, PeerError> {
        let request = BatchGetPeopleRequest { ids: ids.to_vec() };
        self.call(
            |mut client: Client, request: Request<BatchGetPeopleRequest>| async move {
                client
                    .batch_get_people(request)
                    .await
                    .map(|r| r.into_inner().people)
            },
            request,
        )
        .await
    }

    /// The units with `ids`, in order; Missing names every id the directory does not have.
    pub async fn units(&self, ids: &[String]) -> Result<Vec<Unit>, PeerError> {
        let request = BatchGetUnitsRequest { ids: ids.to_vec() };
        self.call(
            |mut client: Client, request: Request<BatchGetUnitsRequest>| async move {
                client
                    .batch_get_units(request)
                    .await
                    .map(|r| r.into_inner().units)
            },
            request,
        )
        .await
    }

    async fn call<M, T, F, Fut>(&self, send: F, message: M) -> Result<T, PeerError>
    where
        M: Clone,
        F: Fn(Client, Request<M>) -> Fut,
        Fut: std::future::Future<Output = Result<T, Status>>,
    {
        let attempts = self.settings.attempts.max(1);
        let mut backoff = Duration::from_millis(100);
        let mut last = String::new();
        for attempt in 1..=attempts {
            let bearer =
                BearerToken::new(&self.token()?).map_err(|detail| PeerError::Unavailable {
                    peer: "tasks",
                    detail,
                })?;
            let client = DirectoryServiceClient::with_interceptor(self.channel.clone(), bearer);
            let mut request = Request::new(message.clone());
            request.set_timeout(self.settings.timeout);
            match send(client, request).await {
                Ok(value) => return Ok(value),
                Err(status) if status.code() == Code::Unavailable => {
                    last = status.message().to_owned();
                    tracing::warn!(peer = "tasks", attempt, error = %last, "peer unavailable");
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
                        peer: "tasks",
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
                Err(status) => {
                    return Err(PeerError::Refused {
                        peer: "tasks",
                        status,
                    });
                }
            }
        }
        Err(PeerError::Unavailable {
            peer: "tasks",
            detail: last,
        })
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
                peer: "tasks",
                detail,
            })?;
        *cached = Some((token.clone(), Instant::now()));
        Ok(token)
    }
}
