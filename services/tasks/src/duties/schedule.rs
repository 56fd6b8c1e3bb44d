//! Calendar arithmetic of duty schedules: which periods a schedule has, and where each begins and ends.
//!
//! Periods follow the calendar: years, quarters, months and ISO weeks (Monday to Sunday). A schedule
//! with an interval of n has periods of n calendar units, counted from the unit containing its start
//! date, so every day from then on lies in exactly one period of the schedule.

use chrono::{Datelike, Days, NaiveDate};
use qinglian_api::tasks::v1 as pb;

/// The calendar unit of a schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frequency {
    /// Calendar years.
    Yearly,
    /// Calendar quarters.
    Quarterly,
    /// Calendar months.
    Monthly,
    /// ISO weeks.
    Weekly,
}

impl Frequency {
    /// The frequency of a `DutyFrequency` number; None for unspecified or unknown numbers.
    pub fn from_number(number: i32) -> Option<Self> {
        match pb::DutyFrequency::try_from(number).ok()? {
            pb::DutyFrequency::Unspecified => None,
            pb::DutyFrequency::Yearly => Some(Self::Yearly),
            pb::DutyFrequency::Quarterly => Some(Self::Quarterly),
            pb::DutyFrequency::Monthly => Some(Self::Monthly),
            pb::DutyFrequency::Weekly => Some(Self::Weekly),
        }
    }

    /// The `DutyFrequency` number.
    pub fn number(self) -> i32 {
        match self {
            Self::Yearly => pb::DutyFrequency::Yearly as i32,
            Self::Quarterly => pb::DutyFrequency::Quarterly as i32,
            Self::Monthly => pb::DutyFrequency::Monthly as i32,
            Self::Weekly => pb::DutyFrequency::Weekly as i32,
        }
    }

    /// The number of the calendar unit containing `date`, counted from the start of the era.
    fn unit_of(self, date: NaiveDate) -> i64 {
        let year = i64::from(date.year());
        match self {
            Self::Yearly => year,
            Self::Quarterly => year * 4 + i64::from(date.month0() / 3),
            Self::Monthly => year * 12 + i64::from(date.month0()),
            // 0001-01-01 is a Monday, so weeks counted from it are ISO weeks.
            Self::Weekly => (i64::from(date.num_days_from_ce()) - 1).div_euclid(7),
        }
    }

    /// The first day of calendar unit `unit`; None beyond the calendar's range.
    fn unit_start(self, unit: i64) -> Option<NaiveDate> {
        let (year, month) = match self {
            Self::Yearly => (unit, 1),
            Self::Quarterly => (unit.div_euclid(4), unit.rem_euclid(4) * 3 + 1),
            Self::Monthly => (unit.div_euclid(12), unit.rem_euclid(12) + 1),
            Self::Weekly => {
                let day = i32::try_from(unit.checked_mul(7)?.checked_add(1)?).ok()?;
                return NaiveDate::from_num_days_from_ce_opt(day);
            }
        };
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, u32::try_from(month).ok()?, 1)
    }
}

/// Whether a schedule expects one occurrence per period or a quota of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleKind {
    /// One occurrence per period.
    Recurrence,
    /// At least `expected` events per period.
    Quota,
}

impl ScheduleKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recurrence => "recurrence",
            Self::Quota => "quota",
        }
    }

    /// The kind of a stored name; anything but `quota` is a recurrence.
    pub fn from_stored(name: &str) -> Self {
        if name == Self::Quota.as_str() {
            Self::Quota
        } else {
            Self::Recurrence
        }
    }
}

/// A validated schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Recurrence or quota.
    pub kind: ScheduleKind,
    /// The calendar unit.
    pub frequency: Frequency,
    /// Calendar units per period, at least 1.
    pub interval: u32,
    /// The first period contains this day.
    pub start: NaiveDate,
    /// No period begins after this day.
    pub end: Option<NaiveDate>,
    /// Number of periods; None when unbounded.
    pub occurrences: Option<u32>,
    /// Events expected from each subject per period.
    pub expected: u32,
}

/// One period, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl Schedule {
    /// The periods that overlap `from..=to` and begin within `begins` (a lower bound included, an
    /// upper bound excluded; None for no bound), in order.
    pub fn periods(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        begins: (Option<NaiveDate>, Option<NaiveDate>),
    ) -> Vec<Period> {
        let step = i64::from(self.interval.max(1));
        let first_unit = self.frequency.unit_of(self.start);
        let skip = (self.frequency.unit_of(from) - first_unit)
            .div_euclid(step)
            .max(0);
        let mut periods = Vec::new();
        for n in skip.. {
            if self.occurrences.is_some_and(|count| n >= i64::from(count)) {
                break;
            }
            let unit = first_unit + n * step;
            let (Some(start), Some(next)) = (
                self.frequency.unit_start(unit),
                self.frequency.unit_start(unit + step),
            ) else {
                break;
            };
            let Some(end) = next.checked_sub_days(Days::new(1)) else {
                break;
            };
            if start > to || self.end.is_some_and(|last| start > last) {
                break;
            }
            if begins.1.is_some_and(|upper| start >= upper) {
                break;
            }
            if end < from || begins.0.is_some_and(|lower| start < lower) {
                continue;
            }
            periods.push(Period { start, end });
        }
        periods
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn schedule(frequency: Frequency, interval: u32, start: &str) -> Schedule {
        Schedule {
            kind: ScheduleKind::Recurrence,
            frequency,
            interval,
            start: day(start),
            end: None,
            occurrences: None,
            expected: 1,
        }
    }

    fn spans(periods: &[Period]) -> Vec<String> {
        periods
            .iter()
            .map(|p| format!("{}..{}", p.start, p.end))
            .collect()
    }

    #[test]
    fn quarters_follow_the_calendar_across_years() {
        let quarterly = schedule(Frequency::Quarterly, 1, "2023-02-10");
        let periods = quarterly.periods(day("2023-12-31"), day("2024-04-01"), (None, None));
        assert_eq!(
            spans(&periods),
            [
                "2023-10-01..2023-12-31",
                "2024-01-01..2024-03-31",
                "2024-04-01..2024-06-30"
            ]
        );
    }

    #[test]
    fn intervals_count_from_the_start_and_stop_at_the_limits() {
        let mut every_two_months = schedule(Frequency::Monthly, 2, "2023-03-15");
        every_two_months.occurrences = Some(3);
        let periods = every_two_months.periods(day("2023-01-01"), day("2023-12-31"), (None, None));
        assert_eq!(
            spans(&periods),
            [
                "2023-03-01..2023-04-30",
                "2023-05-01..2023-06-30",
                "2023-07-01..2023-08-31"
            ]
        );
        let mut yearly = schedule(Frequency::Yearly, 1, "2022-06-01");
        yearly.end = Some(day("2024-01-01"));
        let periods = yearly.periods(day("2020-01-01"), day("2030-12-31"), (None, None));
        assert_eq!(periods.len(), 3);
        assert_eq!(periods[2].end, day("2024-12-31"));
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        let weekly = schedule(Frequency::Weekly, 1, "2023-06-15");
        let periods = weekly.periods(day("2023-06-15"), day("2023-06-19"), (None, None));
        assert_eq!(
            spans(&periods),
            ["2023-06-12..2023-06-18", "2023-06-19..2023-06-25"]
        );
    }

    #[test]
    fn revision_bounds_keep_periods_by_their_first_day() {
        let quarterly = schedule(Frequency::Quarterly, 1, "2023-01-01");
        let bounded = quarterly.periods(
            day("2023-01-01"),
            day("2023-12-31"),
            (Some(day("2023-04-01")), Some(day("2023-08-15"))),
        );
        assert_eq!(
            spans(&bounded),
            ["2023-04-01..2023-06-30", "2023-07-01..2023-09-30"]
        );
    }
}
