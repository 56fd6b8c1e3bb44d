//! 64 writers creating units against the task service's real binary, each retrying its request with
//! the same request id until it is answered, and what must hold afterwards: every acknowledged unit
//! is there, nothing else is (no unit exists that no writer was answered for, none twice), the audit
//! chain verifies, and `WatchEvents` replays one event per change, numbered 1, 2, 3, … without a gap.
//!
//! Two runs: the crash run kills the service with SIGKILL again and again (the topology test runs it
//! short, the `crash` bench long); the replica run splits the writers over two processes of the
//! service on one database.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use qinglian_api::common::v1 as cpb;
use qinglian_api::common::v1::audit_service_client::AuditServiceClient;
use qinglian_api::common::v1::event_service_client::EventServiceClient;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::records::{create_unit, unit};
use qinglian_test_support::seeded::Random;
use qinglian_test_support::{Authed, Cluster, Member, Transport};
use tokio_stream::StreamExt;

/// Writers creating units at once.
const WRITERS: usize = 64;

/// Longest a writer retries one request before the run fails.
const ANSWER_BOUND: Duration = Duration::from_secs(60);

/// What a run did and found.
#[derive(Debug)]
pub struct Crashes {
    /// SIGKILLs survived.
    pub cycles: usize,
    /// Units acknowledged to the writers (all found afterwards).
    pub acknowledged: usize,
    /// Calls refused or failed while the service was down or dying, retried with the same request id.
    pub retried: usize,
    /// Longest time from SIGKILL to SERVING again.
    pub slowest_recovery: Duration,
    /// The whole run.
    pub elapsed: Duration,
}

impl Crashes {
    /// One line of what the run survived.
    pub fn summary(&self) -> String {
        format!(
            "{} SIGKILLs, {} units acknowledged and all present, {} calls retried, slowest recovery {:?}, {:.0} s",
            self.cycles,
            self.acknowledged,
            self.retried,
            self.slowest_recovery,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Kills the task service `QINGLIAN_CRASH_CYCLES` times (else `default_cycles`), each after a run of
/// 100–400 ms drawn from `QINGLIAN_CRASH_SEED` (else the clock's), with 64 writers creating units
/// throughout; then checks what survived.
pub async fn crash_run(db: TestDatabase, default_cycles: usize) -> Crashes {
    let cycles = std::env::var("QINGLIAN_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cycles);
    let seed = std::env::var("QINGLIAN_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(qinglian_test_support::seeded::seed);
    println!("{cycles} SIGKILL cycles on {:?}, seed {seed}", db.backend);
    let started = Instant::now();
    let mut cluster = Cluster::on(db).spawn(Transport::Plain).await;
    let admin = cluster.token("writers-admin", Role::Admin, None);
    let channel = cluster.authed(Member::Tasks, &admin).await;
    let writers = Writers::start(std::slice::from_ref(&channel)).await;
    let mut random = Random(seed | 1);
    let mut slowest_recovery = Duration::ZERO;
    for _ in 0..cycles {
        tokio::time::sleep(Duration::from_millis(random.range(100, 400))).await;
        slowest_recovery = slowest_recovery.max(cluster.crash_and_restart(Member::Tasks).await);
    }
    // A last stretch with the service up, so that every writer's pending request is answered.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = writers.stop().await;
    check(channel, &written).await;
    Crashes {
        cycles,
        acknowledged: written.acknowledged.len(),
        retried: written.retried,
        slowest_recovery,
        elapsed: started.elapsed(),
    }
}

/// What the replica run did.
#[derive(Debug)]
pub struct Replicated {
    /// Units acknowledged, by both processes together (all found afterwards).
    pub acknowledged: usize,
    /// Creates acknowledged per second, both processes together.
    pub per_second: f64,
}

/// Runs two processes of the task service on one database, the writers split between them, for
/// `duration`; then checks that the chain never forked and the events stayed gapless.
pub async fn replica_run(db: TestDatabase, duration: Duration) -> Replicated {
    let mut cluster = Cluster::on(db).spawn(Transport::Plain).await;
    let replica = cluster.start_replica(Member::Tasks).await;
    let admin = cluster.token("writers-admin", Role::Admin, None);
    let channels = [
        cluster.authed(Member::Tasks, &admin).await,
        cluster.authed_replica(&replica, &admin).await,
    ];
    let writers = Writers::start(&channels).await;
    tokio::time::sleep(duration).await;
    let written = writers.stop().await;
    let per_second = written.acknowledged.len() as f64 / written.elapsed.as_secs_f64();
    let [first, second] = channels;
    check(first, &written).await;
    assert!(
        written.per_channel.iter().all(|&units| units > 0),
        "a replica acknowledged nothing: {:?}",
        written.per_channel
    );
    // The replica answers from the same records.
    assert_eq!(
        all_units(second).await.len(),
        written.acknowledged.len() + 1
    );
    Replicated {
        acknowledged: written.acknowledged.len(),
        per_second,
    }
}

/// The writers at work: each creates units under one root, over the channels in turn.
struct Writers {
    root: String,
    channels: usize,
    stop: Arc<AtomicBool>,
    started: Instant,
    handles: Vec<tokio::task::JoinHandle<(Vec<String>, usize)>>,
}

/// What the writers were answered.
struct Written {
    root: String,
    acknowledged: Vec<String>,
    /// Units acknowledged over each channel, in the order the writers were given them.
    per_channel: Vec<usize>,
    retried: usize,
    elapsed: Duration,
}

impl Writers {
    /// Creates the root unit and starts the writers, writer i on `channels[i % len]`.
    async fn start(channels: &[Authed]) -> Self {
        let root = create_unit(
            &mut DirectoryServiceClient::new(channels[0].clone()),
            UnitKind::Organ,
            "市纪委监委",
            None,
        )
        .await;
        let stop = Arc::new(AtomicBool::new(false));
        let handles = (0..WRITERS)
            .map(|writer| {
                let channel = channels[writer % channels.len()].clone();
                tokio::spawn(write(channel, root.id.clone(), writer, stop.clone()))
            })
            .collect();
        Self {
            root: root.id,
            channels: channels.len(),
            stop,
            started: Instant::now(),
            handles,
        }
    }

    /// Stops the writers once their pending requests are answered.
    async fn stop(self) -> Written {
        self.stop.store(true, Ordering::SeqCst);
        let mut acknowledged = Vec::new();
        let mut per_channel = vec![0; self.channels];
        let mut retried = 0;
        for (writer, handle) in self.handles.into_iter().enumerate() {
            let (units, retries) = handle.await.expect("writer");
            per_channel[writer % self.channels] += units.len();
            acknowledged.extend(units);
            retried += retries;
        }
        Written {
            root: self.root,
            acknowledged,
            per_channel,
            retried,
            elapsed: self.started.elapsed(),
        }
    }
}

/// Asserts what must hold after the writers were answered `written`.
async fn check(channel: Authed, written: &Written) {
    let acknowledged = &written.acknowledged;
    let unique: HashSet<&String> = acknowledged.iter().collect();
    assert_eq!(
        unique.len(),
        acknowledged.len(),
        "a unit was acknowledged to two requests"
    );
    let stored = all_units(channel.clone()).await;
    let mut expected: HashSet<String> = acknowledged.iter().cloned().collect();
    expected.insert(written.root.clone());
    let missing: Vec<_> = expected.difference(&stored).take(5).collect();
    assert!(missing.is_empty(), "acknowledged units lost: {missing:?}");
    let unanswered: Vec<_> = stored.difference(&expected).take(5).collect();
    assert!(
        unanswered.is_empty(),
        "units exist that no writer was answered for: {unanswered:?}"
    );

    let verified = AuditServiceClient::new(channel.clone())
        .verify_audit_chain(cpb::VerifyAuditChainRequest {})
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact, "the audit chain broke: {verified:?}");
    assert_eq!(
        verified.events_checked as usize,
        expected.len(),
        "one audit event per unit created"
    );
    let created = replay(channel, expected.len()).await;
    assert_eq!(created, expected, "one creation event per unit");
}

/// Creates units under `parent` until `stop`, each request retried with its request id until it is
/// answered; returns the units acknowledged and the retries made.
async fn write(
    channel: Authed,
    parent: String,
    writer: usize,
    stop: Arc<AtomicBool>,
) -> (Vec<String>, usize) {
    let mut client = DirectoryServiceClient::new(channel);
    let mut acknowledged = Vec::new();
    let mut retries = 0;
    for n in 0.. {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let name = format!("处室{writer}-{n}");
        let request = pb::CreateUnitRequest {
            unit: Some(unit(UnitKind::Department, &name, Some(&parent))),
            request_id: format!("crash-{writer}-{n}"),
        };
        let asked = Instant::now();
        loop {
            assert!(
                asked.elapsed() < ANSWER_BOUND,
                "writer {writer}, unit {n}: not answered within {ANSWER_BOUND:?}"
            );
            match client.create_unit(request.clone()).await {
                Ok(response) => {
                    let created = response.into_inner().unit.expect("unit");
                    assert_eq!(created.name, name, "a replay answered another request");
                    acknowledged.push(created.id);
                    break;
                }
                Err(status) if retryable(status.code()) => {
                    retries += 1;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(status) => panic!("writer {writer}, unit {n}: {status:?}"),
            }
        }
    }
    (acknowledged, retries)
}

/// What a call cut short by a crash can get: the connection refused or reset, the stream reset, or
/// the service's own UNAVAILABLE / UNKNOWN while its batch's connection dies.
fn retryable(code: tonic::Code) -> bool {
    matches!(
        code,
        tonic::Code::Unavailable | tonic::Code::Unknown | tonic::Code::Cancelled
    )
}

/// Every unit's id, read page by page.
async fn all_units(channel: Authed) -> HashSet<String> {
    let mut client = DirectoryServiceClient::new(channel);
    let mut ids = HashSet::new();
    let mut page_token = String::new();
    loop {
        let page = client
            .list_units(pb::ListUnitsRequest {
                page_size: 1000,
                page_token,
                ..Default::default()
            })
            .await
            .expect("list units")
            .into_inner();
        ids.extend(page.units.into_iter().map(|u| u.id));
        if page.next_page_token.is_empty() {
            return ids;
        }
        page_token = page.next_page_token;
    }
}

/// Replays `count` events from the start, asserting they are numbered 1 to `count`; returns the ids
/// of the units they created.
async fn replay(channel: Authed, count: usize) -> HashSet<String> {
    let mut stream = EventServiceClient::new(channel)
        .watch_events(cpb::WatchEventsRequest::default())
        .await
        .expect("watch")
        .into_inner();
    let mut created = HashSet::new();
    for expected in 1..=count as i64 {
        let event = tokio::time::timeout(Duration::from_secs(10), stream.next())
            .await
            .unwrap_or_else(|_| panic!("event {expected} of {count} within 10 s"))
            .expect("stream open")
            .expect("event")
            .event
            .expect("event body");
        assert_eq!(event.sequence, expected, "the events have a gap");
        assert_eq!(event.event_type, "qinglian.tasks.v1.Unit.created");
        assert!(
            created.insert(event.resource_id.clone()),
            "unit {} created twice",
            event.resource_id
        );
    }
    // And nothing after the last change.
    let extra = tokio::time::timeout(Duration::from_millis(500), stream.next()).await;
    assert!(
        extra.is_err(),
        "an event past the {count} changes: {extra:?}"
    );
    created
}
