//! The escalation ladder (督办, 三色预警) shared by every service that chases deadlines: tasks near their
//! due date, rectification measures near their deadline. A subject reaches GREEN and YELLOW when the
//! days left fall to its thresholds and RED once overdue; each level is raised once per
//! deadline (an approved extension supersedes the warnings of the old date).
//!
//! What is generic lives here: the levels, [`level_on`], the batched [`sweep`] that finds the levels
//! due and raises them one serialised mutation per batch, the rows of warnings and extension requests
//! (one table shape in every service's database, [`records`]), and raising, superseding, listing and
//! acknowledging warnings ([`warnings`]) and asking for and deciding extensions ([`extensions`]). What
//! differs per service (which rows are candidates, their thresholds, who receives a warning, who may
//! ask and decide) is a [`Ladder`] and a [`Subject`].

pub mod extensions;
pub mod migration;
mod periodic;
pub mod records;
mod subject;
mod sweep;
pub mod warnings;

use chrono::NaiveDate;
use qinglian_api::common::v1::WarningLevel;

pub use periodic::{sweep_every, sweeper};
pub use subject::Subject;
pub use sweep::{Candidate, Ladder, sweep};

/// How far along the ladder a subject is. The discriminants equal those of
/// `qinglian.common.v1.WarningLevel`, so `level as i32` is what is stored and sent; the order is the
/// order of the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(i32)]
pub enum Level {
    /// No warning yet.
    None = 0,
    /// The first threshold of days left is reached.
    Green = 1,
    /// The second threshold of days left is reached.
    Yellow = 2,
    /// The deadline has passed.
    Red = 3,
}

impl From<WarningLevel> for Level {
    fn from(level: WarningLevel) -> Self {
        match level {
            WarningLevel::Unspecified => Self::None,
            WarningLevel::Green => Self::Green,
            WarningLevel::Yellow => Self::Yellow,
            WarningLevel::Red => Self::Red,
        }
    }
}

impl From<Level> for WarningLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::None => Self::Unspecified,
            Level::Green => Self::Green,
            Level::Yellow => Self::Yellow,
            Level::Red => Self::Red,
        }
    }
}

impl TryFrom<i32> for Level {
    type Error = prost::UnknownEnumValue;

    /// The level stored as `value`; a value outside the ladder is refused.
    fn try_from(value: i32) -> Result<Self, Self::Error> {
        WarningLevel::try_from(value).map(Self::from)
    }
}

/// The days left at which GREEN and YELLOW are raised; RED is raised once the deadline has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// Days left at which GREEN is raised.
    pub green_days: i64,
    /// Days left at which YELLOW is raised.
    pub yellow_days: i64,
}

/// The level a subject due on `due_date` has reached on `today`.
pub fn level_on(today: NaiveDate, due_date: NaiveDate, thresholds: Thresholds) -> Level {
    let days_left = (due_date - today).num_days();
    if days_left < 0 {
        Level::Red
    } else if days_left <= thresholds.yellow_days {
        Level::Yellow
    } else if days_left <= thresholds.green_days {
        Level::Green
    } else {
        Level::None
    }
}

/// What a sweep did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepOutcome {
    /// Candidates examined: open subjects inside the horizon and below RED.
    pub examined: u64,
    /// Warnings raised.
    pub raised: u64,
    /// The day judged.
    pub as_of: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn levels_follow_the_thresholds() {
        let t = Thresholds {
            green_days: 20,
            yellow_days: 10,
        };
        let due = day("2023-06-30");
        assert_eq!(level_on(day("2023-06-09"), due, t), Level::None);
        assert_eq!(level_on(day("2023-06-10"), due, t), Level::Green);
        assert_eq!(level_on(day("2023-06-20"), due, t), Level::Yellow);
        assert_eq!(level_on(day("2023-06-30"), due, t), Level::Yellow);
        assert_eq!(level_on(day("2023-07-01"), due, t), Level::Red);
    }

    #[test]
    fn levels_match_the_contract_and_climb_in_order() {
        for level in [Level::None, Level::Green, Level::Yellow, Level::Red] {
            assert_eq!(level as i32, WarningLevel::from(level) as i32);
            assert_eq!(Level::try_from(level as i32), Ok(level));
        }
        assert!(Level::None < Level::Green && Level::Green < Level::Yellow);
        assert!(Level::Yellow < Level::Red);
        assert!(Level::try_from(4).is_err());
    }
}
