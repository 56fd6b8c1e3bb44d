//! Where each open WatchEvents stream of this instance stands in the outbox. The outbox is read by its
//! followers (nothing marks an event delivered), so its lag is how far the slowest follower trails
//! the newest event: a stream that waits for new commits is caught up, a stream that is reading or
//! sending stands at the last event it was sent.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The open streams and their positions.
#[derive(Clone, Debug, Default)]
pub struct OutboxWatchers {
    streams: Arc<Mutex<HashMap<u64, Option<i64>>>>,
    next: Arc<AtomicU64>,
}

impl OutboxWatchers {
    /// Registers a stream starting after `cursor`; it counts until the returned position is dropped.
    pub fn open(&self, cursor: i64) -> WatchCursor {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, Some(cursor));
        WatchCursor {
            watchers: self.clone(),
            id,
        }
    }

    /// How many streams are open, and the position of the slowest one that is not caught up.
    pub fn positions(&self) -> (usize, Option<i64>) {
        let streams = self.lock();
        (streams.len(), streams.values().flatten().min().copied())
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Option<i64>>> {
        self.streams
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set(&self, id: u64, position: Option<i64>) {
        if let Some(slot) = self.lock().get_mut(&id) {
            *slot = position;
        }
    }
}

/// The position of one open stream; dropping it closes the stream's entry.
#[derive(Debug)]
pub struct WatchCursor {
    watchers: OutboxWatchers,
    id: u64,
}

impl WatchCursor {
    /// The stream reads or sends after `cursor` (the sequence of the last event it was sent).
    pub fn behind(&self, cursor: i64) {
        self.watchers.set(self.id, Some(cursor));
    }

    /// The stream has sent everything committed and waits for more.
    pub fn caught_up(&self) {
        self.watchers.set(self.id, None);
    }
}

impl Drop for WatchCursor {
    fn drop(&mut self) {
        self.watchers.lock().remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slowest_stream_that_is_behind_sets_the_position() {
        let watchers = OutboxWatchers::default();
        assert_eq!(watchers.positions(), (0, None));
        let first = watchers.open(0);
        let second = watchers.open(7);
        assert_eq!(watchers.positions(), (2, Some(0)));
        first.caught_up();
        assert_eq!(watchers.positions(), (2, Some(7)));
        second.behind(9);
        assert_eq!(watchers.positions(), (2, Some(9)));
        drop(second);
        assert_eq!(watchers.positions(), (1, None));
        drop(first);
        assert_eq!(watchers.positions(), (0, None));
    }
}
