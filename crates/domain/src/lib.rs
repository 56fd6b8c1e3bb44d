//! The domain every Qinglian service shares: deadlines (the escalation ladder, the warnings it raises
//! and the extension requests that move a deadline), the figures a report is built from, evidence, and
//! the validators of common inputs (years, dates, names, identifiers).
#![forbid(unsafe_code)]

pub mod deadlines;
pub mod evidence;
pub mod figures;
pub mod validate;
