//! Errors answered only once what they were judged against is durable.
//!
//! A mutation that fails after earlier members of its batch ran may have failed because of what they
//! wrote (a name already taken, a record already changed): its error is true only if their batch
//! commits. Its turn, dropped, notes that batch in the call's task; the server runs each call through
//! [`answering`] and, before it sends an error, waits for the noted batches with
//! [`PendingBatches::settled`]. A batch that did not commit turns the error into UNAVAILABLE: the
//! caller retries, and is then judged against what is durable.

use std::cell::RefCell;
use std::future::Future;

use tokio::sync::oneshot;

use super::Failed;
use crate::StoreError;

tokio::task_local! {
    static PENDING: RefCell<Vec<oneshot::Receiver<Result<(), Failed>>>>;
}

/// The batches whose members a call's failed mutations ran after.
#[derive(Debug, Default)]
pub struct PendingBatches(Vec<oneshot::Receiver<Result<(), Failed>>>);

/// Runs `call`, noting the batch of every mutation it abandons after earlier members of that batch.
pub async fn answering<F: Future>(call: F) -> (F::Output, PendingBatches) {
    PENDING
        .scope(RefCell::new(Vec::new()), async {
            let output = call.await;
            let pending = PENDING.with(|noted| noted.take());
            (output, PendingBatches(pending))
        })
        .await
}

/// Notes `batch` for the call running in this task; outside [`answering`] nothing waits for it.
pub(crate) fn note(batch: oneshot::Receiver<Result<(), Failed>>) {
    let _ = PENDING.try_with(|noted| noted.borrow_mut().push(batch));
}

impl PendingBatches {
    /// Whether nothing was noted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Waits until every noted batch ended: Ok when each committed, else UNAVAILABLE with why one
    /// did not (or may not have).
    pub async fn settled(self) -> Result<(), StoreError> {
        for batch in self.0 {
            match batch.await {
                Ok(Ok(())) => {}
                // The failed mutation itself wrote nothing, whatever became of the batch.
                Ok(Err(Failed::NotCommitted(cause) | Failed::Unknown(cause))) => {
                    return Err(StoreError::Unavailable(cause));
                }
                Err(_) => return Err(super::stopped()),
            }
        }
        Ok(())
    }
}
