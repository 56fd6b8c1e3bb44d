//! The revocation list: tokens refused before they expire, named by their id (`jti`).
//!
//! The list is a text file (`auth.revoked_file`), one revoked token a line:
//!
//! ```text
//! # lost laptop of the records clerk
//! 0190f7a2-5b1c-7d3e-9a4f-2c8e1b6d0a93 2024-03-01T00:00:00Z clerk laptop, ticket 4711
//! 0190f7a2-6e2d-7f10-8b5a-3d9f2c7e1b04 1709251200
//! ```
//!
//! Each line holds the token id, the token's expiry (RFC 3339 or unix seconds) and an optional note;
//! blank lines and lines starting with `#` are ignored. Lines of tokens that have expired no longer
//! matter (the token is refused as expired anyway) and are dropped when the file is read.
//!
//! A running service notices a changed file within about a second: [`RevokedTokens::contains`] looks
//! at the file's modification time and length at most once per [`CHECK_INTERVAL`] and re-reads it only
//! when they changed, so a request costs at most one metadata call a second, never a read. A file
//! that turns malformed is reported once and the last good list stays in force; a missing file
//! revokes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, SecondsFormat, Utc};

/// How often a running service looks for a changed revocation file.
pub const CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// One revoked token of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revocation {
    /// The token's expiry (seconds since the epoch): after it the line no longer matters.
    pub expires: i64,
    /// Why it was revoked, as the operator wrote it; may be empty.
    pub note: String,
}

/// Parses a revocation file, dropping the lines of tokens that expired before `now` (unix seconds).
/// The error names the first bad line.
pub fn parse(text: &str, now: i64) -> Result<HashMap<String, Revocation>, String> {
    let mut revoked = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, rest) = split_word(line);
        let (expiry, note) = split_word(rest);
        if expiry.is_empty() {
            return Err(format!(
                "line {}: «{id}» has no expiry (expected `<token id> <expiry> [note]`)",
                index + 1
            ));
        }
        let expires = parse_expiry(expiry).map_err(|e| format!("line {}: {e}", index + 1))?;
        if expires >= now {
            revoked.insert(
                id.to_owned(),
                Revocation {
                    expires,
                    note: note.to_owned(),
                },
            );
        }
    }
    Ok(revoked)
}

/// A token expiry written as RFC 3339 (`2024-03-01T00:00:00Z`) or unix seconds (`1709251200`).
pub fn parse_expiry(text: &str) -> Result<i64, String> {
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .map_err(|_| format!("expiry «{text}» is neither RFC 3339 nor unix seconds"))
}

/// An expiry as written into the file: RFC 3339 in UTC, whole seconds.
pub fn format_expiry(expires: i64) -> String {
    DateTime::<Utc>::from_timestamp(expires, 0)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_else(|| expires.to_string())
}

/// The line that revokes token `id` expiring at `expires`, with `note` on one line.
pub fn line(id: &str, expires: i64, note: &str) -> String {
    let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut line = format!("{id} {}", format_expiry(expires));
    if !note.is_empty() {
        line.push(' ');
        line.push_str(&note);
    }
    line
}

fn split_word(text: &str) -> (&str, &str) {
    match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (text, ""),
    }
}

/// What identifies one version of the file without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

/// When the file was last looked at and what was seen.
#[derive(Debug)]
struct Watch {
    checked: Instant,
    /// The version the list in force was read from; None while the file is missing.
    loaded: Option<Stamp>,
    /// A version that failed to read or parse, reported once.
    failed: Option<Stamp>,
    /// Whether the last metadata look-up failed other than by absence (reported once).
    unreadable: bool,
}

/// The revocation list in force, kept in step with its file.
#[derive(Debug)]
pub struct RevokedTokens {
    path: PathBuf,
    interval: Duration,
    list: RwLock<HashMap<String, Revocation>>,
    watch: Mutex<Watch>,
}

impl RevokedTokens {
    /// Reads the list at `path` (a missing file revokes nothing). A present but unreadable or
    /// malformed file is an error naming the file and the line: a service does not start on it.
    pub fn load(path: &Path) -> Result<Self, String> {
        Self::load_checking_every(path, CHECK_INTERVAL)
    }

    /// Like [`RevokedTokens::load`], looking for changes every `interval` instead of every second.
    pub fn load_checking_every(path: &Path, interval: Duration) -> Result<Self, String> {
        let (list, loaded) = match stamp(path) {
            Ok(Some(stamp)) => (read(path)?, Some(stamp)),
            Ok(None) => (HashMap::new(), None),
            Err(e) => return Err(e),
        };
        Ok(Self {
            path: path.to_owned(),
            interval,
            list: RwLock::new(list),
            watch: Mutex::new(Watch {
                checked: Instant::now(),
                loaded,
                failed: None,
                unreadable: false,
            }),
        })
    }

    /// Whether the token with id `id` is revoked, after picking up a changed file when the last
    /// look is older than the check interval. Never waits for another request's look.
    pub fn contains(&self, id: &str) -> bool {
        self.refresh();
        self.list
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(id)
    }

    /// How many revoked, unexpired tokens are in force.
    pub fn len(&self) -> usize {
        self.list
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no token is revoked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn refresh(&self) {
        let Ok(mut watch) = self.watch.try_lock() else {
            return; // another request is looking right now
        };
        if watch.checked.elapsed() < self.interval {
            return;
        }
        watch.checked = Instant::now();
        let current = match stamp(&self.path) {
            Ok(current) => {
                watch.unreadable = false;
                current
            }
            Err(e) => {
                if !watch.unreadable {
                    tracing::warn!(error = %e, "revocation list unreadable; keeping the last one read");
                    watch.unreadable = true;
                }
                return;
            }
        };
        if current == watch.loaded || (current.is_some() && current == watch.failed) {
            return;
        }
        let Some(current) = current else {
            self.replace(HashMap::new());
            watch.loaded = None;
            tracing::info!(file = %self.path.display(), "revocation file removed; no token revoked");
            return;
        };
        match read(&self.path) {
            Ok(list) => {
                let count = list.len();
                self.replace(list);
                watch.loaded = Some(current);
                watch.failed = None;
                tracing::info!(file = %self.path.display(), revoked = count, "revocation list reloaded");
            }
            Err(e) => {
                watch.failed = Some(current);
                tracing::error!(error = %e, "revocation list not reloaded; keeping the last good one");
            }
        }
    }

    fn replace(&self, list: HashMap<String, Revocation>) {
        *self.list.write().unwrap_or_else(PoisonError::into_inner) = list;
    }
}

/// The file's version, or None when it does not exist.
fn stamp(path: &Path) -> Result<Option<Stamp>, String> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(Some(Stamp {
            modified: meta.modified().ok(),
            len: meta.len(),
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!(
            "cannot read revocation file {} (auth.revoked_file): {e}",
            path.display()
        )),
    }
}

fn read(path: &Path) -> Result<HashMap<String, Revocation>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read revocation file {} (auth.revoked_file): {e}",
            path.display()
        )
    })?;
    parse(&text, Utc::now().timestamp()).map_err(|e| {
        format!(
            "revocation file {} (auth.revoked_file), {e}",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests;
