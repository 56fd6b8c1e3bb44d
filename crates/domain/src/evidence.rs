//! Evidence as stored: a JSON array of records beside the row it proves, converted to and from the
//! shared `qinglian.common.v1.Evidence` message.

use qinglian_api::common::v1::Evidence;
use serde::{Deserialize, Serialize};

/// One piece of evidence, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    /// Original file name.
    pub file_name: String,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Media type.
    pub media_type: String,
    /// The date the evidence is about, YYYY-MM-DD.
    pub about_date: String,
    /// Where the file is stored.
    pub storage_uri: String,
}

impl From<&Evidence> for EvidenceRecord {
    fn from(e: &Evidence) -> Self {
        Self {
            file_name: e.file_name.clone(),
            sha256: e.sha256.clone(),
            size_bytes: e.size_bytes,
            media_type: e.media_type.clone(),
            about_date: e.about_date.clone(),
            storage_uri: e.storage_uri.clone(),
        }
    }
}

impl From<&EvidenceRecord> for Evidence {
    fn from(e: &EvidenceRecord) -> Self {
        Self {
            file_name: e.file_name.clone(),
            sha256: e.sha256.clone(),
            size_bytes: e.size_bytes,
            media_type: e.media_type.clone(),
            about_date: e.about_date.clone(),
            storage_uri: e.storage_uri.clone(),
        }
    }
}

/// The stored JSON of a list of evidence.
pub fn to_json(evidence: &[Evidence]) -> String {
    let records: Vec<EvidenceRecord> = evidence.iter().map(EvidenceRecord::from).collect();
    serde_json::to_string(&records).unwrap_or_else(|_| "[]".to_owned())
}

/// The evidence in stored JSON; unreadable JSON (changed outside the service) reads as none, logged.
pub fn from_json(json: &str) -> Vec<Evidence> {
    match serde_json::from_str::<Vec<EvidenceRecord>>(json) {
        Ok(records) => records.iter().map(Evidence::from).collect(),
        Err(e) => {
            tracing::error!(error = %e, "stored evidence is not readable");
            Vec::new()
        }
    }
}
