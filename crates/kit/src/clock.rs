//! The service clock. Production reads the system clock; tests set a fixed time and walk it, so that
//! deadlines, escalations and compliance periods can be driven day by day.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};

/// Where a service reads the current time.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that stays at `start` until moved.
    pub fn fixed(start: DateTime<Utc>) -> Self {
        Self {
            fixed: Some(Arc::new(Mutex::new(start.trunc_subsecs(6)))),
        }
    }

    /// The current time, at storage precision.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            None => qinglian_store::time::now(),
            Some(time) => *time.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }

    /// Today's date (UTC).
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Moves a fixed clock to `time`; the system clock ignores it.
    pub fn set(&self, time: DateTime<Utc>) {
        if let Some(fixed) = &self.fixed {
            *fixed
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = time.trunc_subsecs(6);
        }
    }

    /// Moves a fixed clock forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        self.set(self.now() + by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let start = DateTime::parse_from_rfc3339("2023-01-01T08:00:00Z")
            .expect("time")
            .to_utc();
        let clock = Clock::fixed(start);
        assert_eq!(clock.now(), start);
        clock.advance(chrono::Duration::days(20));
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2023, 1, 21).expect("date")
        );
        let system = Clock::system();
        system.set(start);
        assert!(system.now() > start);
    }
}
