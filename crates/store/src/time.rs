//! Timestamps as stored: UTC, truncated to microseconds so that they read back identically from SQLite
//! and PostgreSQL (whose `timestamptz` keeps microseconds). Hashes and etags depend on that.

use chrono::{DateTime, SubsecRound, Utc};

/// The current time, at storage precision.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Converts a stored time to a protobuf timestamp.
pub fn to_proto(time: DateTime<Utc>) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: time.timestamp(),
        nanos: i32::try_from(time.timestamp_subsec_nanos()).unwrap_or(0),
    }
}
