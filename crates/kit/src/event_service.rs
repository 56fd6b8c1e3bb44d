//! `qinglian.common.v1.EventService` over a service's own outbox: replay from a cursor, then follow.

use std::pin::Pin;
use std::time::Duration;

use qinglian_api::common::v1::{
    WatchEventsRequest, WatchEventsResponse, event_service_server::EventService,
};
use qinglian_store::{Store, outbox};
use tokio::sync::mpsc;
use tokio_stream::Stream;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use crate::auth::{Caller, Role};
use crate::metrics::OutboxWatchers;
use crate::shutdown::CancellationToken;
use crate::status;

/// Roles that may follow the event stream.
const WATCHERS: &[Role] = &[Role::Admin, Role::Service];
/// Events read per query.
const BATCH: u64 = 500;
/// How often a follower re-reads the outbox when no local commit woke it (changes committed by
/// another replica of the service on the same database).
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Events buffered per stream before the reader waits for the client.
const STREAM_BUFFER: usize = 256;

/// The event service of one Qinglian service.
#[derive(Clone, Debug)]
pub struct EventApi {
    store: Store,
    shutdown: CancellationToken,
    domain: &'static str,
    watchers: OutboxWatchers,
}

impl EventApi {
    /// Serves the outbox of `store`; open streams end with UNAVAILABLE (`SERVICE_STOPPING`) when
    /// `shutdown` is cancelled (the server does so once its drain delay is over), and stand in
    /// `watchers` (for the outbox lag) while they are open.
    pub fn new(
        store: Store,
        shutdown: CancellationToken,
        domain: &'static str,
        watchers: OutboxWatchers,
    ) -> Self {
        Self {
            store,
            shutdown,
            domain,
            watchers,
        }
    }
}

type EventStream = Pin<Box<dyn Stream<Item = Result<WatchEventsResponse, Status>> + Send>>;

#[tonic::async_trait]
impl EventService for EventApi {
    type WatchEventsStream = EventStream;

    async fn watch_events(
        &self,
        request: Request<WatchEventsRequest>,
    ) -> Result<Response<Self::WatchEventsStream>, Status> {
        let caller = Caller::of(&request)?;
        caller.require(WATCHERS, "watch events")?;
        caller.require_unscoped("watch events")?;
        let request = request.into_inner();
        if request.after_sequence < 0 {
            return Err(status::invalid_argument(
                &[status::FieldViolation::new(
                    "after_sequence",
                    "must not be negative",
                )],
                self.domain,
            ));
        }
        let (sender, receiver) = mpsc::channel(STREAM_BUFFER);
        tokio::spawn(follow(self.clone(), request, sender));
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }
}

/// Sends every event after the cursor, then waits for commits (or polls) and sends the new ones,
/// until the client goes away or the service shuts down.
async fn follow(
    api: EventApi,
    request: WatchEventsRequest,
    sender: mpsc::Sender<Result<WatchEventsResponse, Status>>,
) {
    let mut cursor = request.after_sequence;
    let position = api.watchers.open(cursor);
    let mut commits = api.store.subscribe_commits();
    loop {
        // Mark the commit signal seen before reading, so a commit after the read still wakes us.
        commits.borrow_and_update();
        position.behind(cursor);
        let events =
            match outbox::events_after(api.store.conn(), cursor, &request.resource_types, BATCH)
                .await
            {
                Ok(events) => events,
                Err(e) => {
                    let _ = sender.send(Err(status::from_store(e, api.domain))).await;
                    return;
                }
            };
        let full_batch = events.len() as u64 == BATCH;
        for event in events {
            let sequence = event.sequence;
            if sender
                .send(Ok(WatchEventsResponse { event: Some(event) }))
                .await
                .is_err()
            {
                return;
            }
            cursor = sequence;
            position.behind(cursor);
        }
        if full_batch {
            continue;
        }
        position.caught_up();
        tokio::select! {
            () = api.shutdown.cancelled() => {
                // A stopping service: the follower resumes from its cursor on another replica.
                let stopping = status::error(
                    tonic::Code::Unavailable,
                    "the service is stopping; resume from the last sequence received",
                    "SERVICE_STOPPING",
                    api.domain,
                );
                let _ = sender.send(Err(stopping)).await;
                return;
            }
            () = sender.closed() => return,
            _ = commits.changed() => {}
            () = tokio::time::sleep(POLL_INTERVAL) => {}
        }
    }
}
