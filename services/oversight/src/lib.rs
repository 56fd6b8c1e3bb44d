//! The oversight-reporting service (人大监督与年度报告): the standing committee's oversight work (reports
//! heard, budgets reviewed, laws inspected, research and inquiries), its deliberation opinions (whose
//! items enter the supervision service's rectification ledger), the filing review of normative
//! documents, and the lint of hand-written report drafts.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod activities;
pub mod catalogue;
pub mod conversions;
pub(crate) mod directory;
pub mod documents;
pub mod drafts;
pub mod entities;
pub mod error;
pub mod grpc;
pub mod ledger_peer;
pub mod lint;
pub mod migrations;
pub mod opinions;
pub mod reports;
pub mod settings;
pub mod startup;
pub mod statistics;

pub use settings::Settings;
pub use startup::{Application, Oversight};
