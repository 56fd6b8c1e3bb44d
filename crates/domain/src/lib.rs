//! The domain every Qinglian service shares: deadlines (the escalation ladder, the warnings it raises
//! and the extension requests that move a deadline), the directory as the other services see it, the
//! figures a report is built from, evidence, and the validators of common inputs (years, dates, names,
//! identifiers).
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod deadlines;
pub mod directory;
pub mod evidence;
pub mod figures;
pub mod validate;
