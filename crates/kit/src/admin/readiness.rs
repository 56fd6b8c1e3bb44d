//! Whether a service can serve: it is not draining, its database answers, and the peers it depends on
//! (oversight: tasks and supervision) answer their health checks. The peers' answer is kept for a
//! moment, so that frequent probes do not become a stream of calls to them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use qinglian_store::Store;

use crate::peers::Peer;
use crate::shutdown::CancellationToken;

/// The longest the database may take to answer a ping.
const DATABASE_BOUND: Duration = Duration::from_secs(2);
/// How long the peers' answer is reused.
const PEER_ANSWER_TTL: Duration = Duration::from_secs(1);

/// The peers' last answer and when it was given.
type PeerAnswer = Option<(Instant, Result<(), String>)>;

/// The readiness of one service instance.
#[derive(Clone, Debug)]
pub struct Readiness {
    store: Store,
    shutdown: CancellationToken,
    peers: Vec<Peer>,
    last_peer_answer: Arc<Mutex<PeerAnswer>>,
}

impl Readiness {
    /// Ready while `shutdown` is not cancelled and `store` answers.
    pub fn new(store: Store, shutdown: CancellationToken) -> Self {
        Self {
            store,
            shutdown,
            peers: Vec::new(),
            last_peer_answer: Arc::new(Mutex::new(None)),
        }
    }

    /// Ready only while `peers` answer SERVING too.
    pub fn with_peers(mut self, peers: Vec<Peer>) -> Self {
        self.peers = peers;
        self
    }

    /// The store whose database is checked.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Ok when ready; else one short line saying why not.
    pub async fn check(&self) -> Result<(), String> {
        if self.shutdown.is_cancelled() {
            return Err("draining: the service is shutting down".to_owned());
        }
        match tokio::time::timeout(DATABASE_BOUND, self.store.ping()).await {
            Err(_) => {
                return Err(format!(
                    "database did not answer within {}s",
                    DATABASE_BOUND.as_secs()
                ));
            }
            Ok(Err(e)) => return Err(format!("database unavailable: {e}")),
            Ok(Ok(())) => {}
        }
        self.peers_serving().await
    }

    async fn peers_serving(&self) -> Result<(), String> {
        if self.peers.is_empty() {
            return Ok(());
        }
        if let Some((at, answer)) = self.last_answer()
            && at.elapsed() < PEER_ANSWER_TTL
        {
            return answer;
        }
        let answers = join_all(self.peers.iter().map(Peer::serving)).await;
        let answer = answers
            .into_iter()
            .collect::<Result<Vec<()>, String>>()
            .map(|_| ());
        *self.lock() = Some((Instant::now(), answer.clone()));
        answer
    }

    fn last_answer(&self) -> PeerAnswer {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PeerAnswer> {
        self.last_peer_answer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
