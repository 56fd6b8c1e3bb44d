//! The periodic sweep every service with a ladder runs beside its server.

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::SweepOutcome;
use qinglian_kit::auth::{Caller, Role};

/// The caller a periodic sweep acts as, in the audit log.
pub fn sweeper() -> Caller {
    Caller {
        subject: "system:escalation-sweep".to_owned(),
        role: Role::Service,
        unit: None,
    }
}

/// Runs `sweep` every `interval` (never when it is zero) until `shutdown`; a failed sweep is logged and
/// retried at the next tick. `ladder` names the ladder in logs.
pub async fn sweep_every<F, Fut, E>(
    interval: Duration,
    shutdown: CancellationToken,
    ladder: &'static str,
    sweep: F,
) where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<SweepOutcome, E>>,
    E: Display,
{
    if interval.is_zero() {
        return;
    }
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = ticks.tick() => {}
        }
        match sweep().await {
            Ok(outcome) => tracing::info!(
                ladder,
                examined = outcome.examined,
                raised = outcome.raised,
                "escalation sweep finished"
            ),
            Err(e) => tracing::warn!(ladder, error = %e, "escalation sweep failed"),
        }
    }
}
