//! The checks every setting's value passes at start, beyond its type: a range for each number and
//! duration, a parser for each string. A failure is one line naming the setting, the value and the
//! environment variable that sets it, so an operator knows what to change and where.

use std::fmt::Debug;
use std::ops::RangeInclusive;
use std::time::Duration;

/// The checks of one service's settings (`service` as in `QINGLIAN_<SERVICE>__…`).
#[derive(Clone, Copy, Debug)]
pub struct Checks {
    service: &'static str,
}

impl Checks {
    /// Checks of `service`'s settings, e.g. `tasks`.
    pub fn new(service: &'static str) -> Self {
        Self { service }
    }

    /// The environment variable of setting `key` (e.g. `database.max_connections`).
    pub fn variable(&self, key: &str) -> String {
        variable(self.service, key)
    }

    /// `value` of setting `key` lies in `range`.
    pub fn within<T: PartialOrd + Debug>(
        &self,
        key: &str,
        value: T,
        range: RangeInclusive<T>,
    ) -> Result<(), String> {
        if range.contains(&value) {
            return Ok(());
        }
        Err(self.fail(
            key,
            &format!(
                "{value:?} is outside {:?}..={:?}",
                range.start(),
                range.end()
            ),
        ))
    }

    /// Duration `value` of setting `key` lies in `range`.
    pub fn duration_within(
        &self,
        key: &str,
        value: Duration,
        range: RangeInclusive<Duration>,
    ) -> Result<(), String> {
        if range.contains(&value) {
            return Ok(());
        }
        let shown = |d: &Duration| humantime::format_duration(*d).to_string();
        Err(self.fail(
            key,
            &format!(
                "{} is outside {}..={}",
                shown(&value),
                shown(range.start()),
                shown(range.end())
            ),
        ))
    }

    /// String `value` of setting `key` passes `parse`, whose error says why not.
    pub fn parses<T, E: std::fmt::Display>(
        &self,
        key: &str,
        value: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<(), String> {
        parse(value)
            .map(|_| ())
            .map_err(|e| self.fail(key, &format!("{value:?} is not valid: {e}")))
    }

    /// One line saying that setting `key` is wrong, and why.
    pub fn fail(&self, key: &str, why: &str) -> String {
        format!("{key} = {why} (set by {})", self.variable(key))
    }
}

/// The environment variable of `service`'s setting `key`, e.g. `QINGLIAN_TASKS__DATABASE__URL`.
pub fn variable(service: &str, key: &str) -> String {
    format!(
        "QINGLIAN_{}__{}",
        service.to_uppercase(),
        key.to_uppercase().replace('.', "__")
    )
}

/// The longest sweep interval of a deadline ladder.
const LONGEST_SWEEP: Duration = Duration::from_secs(7 * 24 * 3600);

impl Checks {
    /// The thresholds of a deadline ladder in `section`: each within a year, YELLOW before GREEN;
    /// and its sweep interval (0s: no periodic sweep) at most a week.
    pub fn ladder(
        &self,
        section: &str,
        green_days: u32,
        yellow_days: u32,
        sweep_interval: Duration,
    ) -> Result<(), String> {
        let green = format!("{section}.green_days");
        self.within(&green, green_days, 1..=366)?;
        self.within(&format!("{section}.yellow_days"), yellow_days, 0..=365)?;
        if yellow_days >= green_days {
            let yellow = format!("{section}.yellow_days");
            return Err(format!(
                "{yellow} ({yellow_days}) must be less than {green} ({green_days}) (set by {} and {})",
                self.variable(&yellow),
                self.variable(&green)
            ));
        }
        self.duration_within(
            &format!("{section}.sweep_interval"),
            sweep_interval,
            Duration::ZERO..=LONGEST_SWEEP,
        )
    }
}

/// A URL of a gRPC peer or collector: `http://` or `https://` with a host.
pub fn http_url(value: &str) -> Result<(), String> {
    let uri: http::Uri = value.parse().map_err(|e| format!("{e}"))?;
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(host)) if !host.is_empty() => Ok(()),
        (Some("http" | "https"), _) => Err("no host".to_owned()),
        _ => Err("the scheme must be http:// or https://".to_owned()),
    }
}

/// A value that must not be empty.
pub fn not_empty(value: &str) -> Result<(), &'static str> {
    match value.trim().is_empty() {
        true => Err("it must not be empty"),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_names_the_setting_the_value_and_the_variable() {
        let checks = Checks::new("tasks");
        let error = checks
            .within("database.max_connections", 0u32, 1..=1000)
            .expect_err("zero");
        assert_eq!(
            error,
            "database.max_connections = 0 is outside 1..=1000 (set by \
             QINGLIAN_TASKS__DATABASE__MAX_CONNECTIONS)"
        );
        let error = checks
            .duration_within(
                "server.drain_delay",
                Duration::from_secs(3600),
                Duration::ZERO..=Duration::from_secs(300),
            )
            .expect_err("an hour");
        assert!(error.contains("1h is outside 0s..=5m"), "{error}");
        assert!(checks.parses("peers.tasks", "ftp://x", http_url).is_err());
        assert!(checks.parses("peers.tasks", "http://", http_url).is_err());
        assert!(
            checks
                .parses("peers.tasks", "https://tasks:50051", http_url)
                .is_ok()
        );
    }
}
