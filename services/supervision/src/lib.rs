//! The supervision-records service (监督记录): talks (confidential), checks, warning-education
//! activities, regulations, inspection tours and the rectification ledger, and their yearly statistics.
//! People and units are checked against the task-assignment service's directory over gRPC.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod checks;
pub mod conversions;
pub mod education;
pub mod entities;
pub mod error;
pub mod grpc;
pub mod ledger;
pub mod migrations;
pub mod regulations;
pub mod settings;
pub mod startup;
pub mod statistics;
pub mod talks;

pub use settings::Settings;
pub use startup::{Application, Supervision};
