//! The sample year of `qinglian demo`: the 2023 of a People's Congress standing committee organ,
//! modelled on the reference work report and recorded entirely through the public gRPC APIs, each
//! record by the role that keeps it (the discipline officer signs off, leaders approve, clerks report).
//!
//! The services run on a demo clock that the loader walks through the year, setting it to the day of
//! each step, so that completions, sign-offs, fulfilments and sent opinions carry their 2023 dates and
//! the report for 2023 counts them. Every mutation carries a request id derived from what it records,
//! so a retried load writes nothing twice.

mod directory;
mod documents;
mod education;
mod ledger;
mod opinions;
mod oversight;
mod plan;
mod rectifications;
mod regulations;
mod supervision;
mod tasks;
mod tours;

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use qinglian_api::common::v1::Evidence;
use qinglian_kit::auth::{BearerToken, Role, TokenKeys};
use qinglian_kit::clock::Clock;
use sha2::{Digest, Sha256};
use tonic::transport::Channel;

pub use directory::Organisation;

/// The year the sample records and the report describe.
pub const YEAR: i32 = 2023;

/// The day the report of the sample year is written; the demo clock runs on from here once the year
/// is loaded.
pub const REPORT_DAY: &str = "2024-01-15";

/// How long the tokens the loader acts with are valid.
const TOKEN_TTL: Duration = Duration::from_secs(3600);

/// A channel that sends one caller's bearer token with every call.
pub type Authed = qinglian_kit::client::AuthedChannel;

/// The three services as the loader reaches them, the key it signs its callers' tokens with, and the
/// demo clock the services read.
#[derive(Debug)]
pub struct Session {
    tasks: Channel,
    supervision: Channel,
    oversight: Channel,
    keys: TokenKeys,
    clock: Clock,
}

impl Session {
    /// A session over connected channels to the task-assignment, supervision-records and oversight
    /// services, signing with `keys` and walking `clock`.
    pub fn new(
        tasks: Channel,
        supervision: Channel,
        oversight: Channel,
        keys: TokenKeys,
        clock: Clock,
    ) -> Self {
        Self {
            tasks,
            supervision,
            oversight,
            keys,
            clock,
        }
    }

    /// The task-assignment service.
    fn tasks(&self) -> Channel {
        self.tasks.clone()
    }

    /// The supervision-records service.
    fn supervision(&self) -> Channel {
        self.supervision.clone()
    }

    /// The oversight-reporting service.
    fn oversight(&self) -> Channel {
        self.oversight.clone()
    }

    /// Acts as `subject` (a person id, or an office name) with `role`, scoped to `unit` when given.
    fn caller(&self, subject: &str, role: Role, unit: Option<&str>) -> anyhow::Result<BearerToken> {
        let token = self
            .keys
            .issue(subject, role, unit, TOKEN_TTL)
            .map_err(anyhow::Error::msg)?;
        BearerToken::new(&token).map_err(anyhow::Error::msg)
    }

    /// The office that keeps the directory, the plans and the duty rules.
    fn admin(&self) -> anyhow::Result<BearerToken> {
        self.caller("demo-office", Role::Admin, None)
    }

    /// The demo clock's day, YYYY-MM-DD.
    fn today(&self) -> String {
        self.clock.today().format("%Y-%m-%d").to_string()
    }

    /// Sets the demo clock to 09:00 Beijing time on `date` (YYYY-MM-DD), the day of the next step.
    fn on(&self, date: &str) -> anyhow::Result<()> {
        self.clock.set(morning(date)?);
        Ok(())
    }
}

/// 09:00 Beijing time (01:00 UTC) on `date`, YYYY-MM-DD.
pub fn morning(date: &str) -> anyhow::Result<DateTime<Utc>> {
    let day =
        NaiveDate::parse_from_str(date, "%Y-%m-%d").with_context(|| format!("bad date {date}"))?;
    day.and_hms_opt(1, 0, 0)
        .map(|time| time.and_utc())
        .with_context(|| format!("bad date {date}"))
}

/// Records the whole sample year and returns the organisation it belongs to.
pub async fn load(session: &Session) -> anyhow::Result<Organisation> {
    let org = directory::load(session).await.context("directory")?;
    tasks::load(session, &org).await.context("task plan")?;
    tasks::load_duties(session, &org)
        .await
        .context("lecture duties")?;
    education::talks(session, &org).await.context("talks")?;
    education::education(session, &org)
        .await
        .context("education activities")?;
    let found = supervision::load(session, &org).await.context("checks")?;
    let ledger = ledger::load(session, &org, &found)
        .await
        .context("inspection tours")?;
    regulations::load(session, &org, &ledger)
        .await
        .context("regulations")?;
    oversight::load(session, &org)
        .await
        .context("standing committee oversight")?;
    session.on(REPORT_DAY)?;
    Ok(org)
}

/// The idempotency key of one mutation of the sample year, derived from what it records: the key
/// itself when it is short printable ASCII, else its hash (request ids are ASCII only).
fn rid(key: &str) -> String {
    if key.len() <= 100 && key.chars().all(|c| c.is_ascii_graphic()) {
        format!("demo-{YEAR}-{key}")
    } else {
        let digest = hex::encode(Sha256::digest(key.as_bytes()));
        format!("demo-{YEAR}-{}", &digest[..32])
    }
}

/// The message a response must carry, or an error naming it.
fn required<T>(value: Option<T>, what: &str) -> anyhow::Result<T> {
    value.with_context(|| format!("the response has no {what}"))
}

/// A file of the office's document store proving work done on `about_date`: the record names the
/// file by its name, the hash and size of its bytes, and where the store keeps it.
fn evidence(file_name: &str, about_date: &str) -> Evidence {
    let contents = format!("{file_name}\n{about_date}\n");
    let sha256 = hex::encode(Sha256::digest(contents.as_bytes()));
    let media_type = if file_name.ends_with(".jpg") {
        "image/jpeg"
    } else {
        "application/pdf"
    };
    Evidence {
        file_name: file_name.to_owned(),
        storage_uri: format!("docs://{YEAR}/{}/{file_name}", &sha256[..12]),
        sha256,
        size_bytes: i64::try_from(contents.len()).unwrap_or(i64::MAX),
        media_type: media_type.to_owned(),
        about_date: about_date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_names_a_stored_file_by_its_hash() {
        let proof = evidence("党课记录.pdf", "2023-06-29");
        assert_eq!(proof.sha256.len(), 64);
        assert!(proof.storage_uri.ends_with("/党课记录.pdf"));
        assert_eq!(proof.media_type, "application/pdf");
        assert_eq!(evidence("党课记录.pdf", "2023-06-29"), proof);
    }

    #[test]
    fn steps_happen_in_the_beijing_morning() {
        let time = morning("2023-03-06").expect("date");
        assert_eq!(time.to_rfc3339(), "2023-03-06T01:00:00+00:00");
        assert!(morning("2023-02-30").is_err());
    }

    #[test]
    fn request_ids_are_printable_ascii_and_stable() {
        assert_eq!(rid("report"), "demo-2023-report");
        let hashed = rid("unit-市人大常委会机关");
        assert!(hashed.chars().all(|c| c.is_ascii_graphic()), "{hashed}");
        assert_eq!(hashed, rid("unit-市人大常委会机关"));
        assert_ne!(hashed, rid("unit-市人民政府"));
    }
}
