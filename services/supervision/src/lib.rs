//! The supervision-records service (监督记录): talks (confidential), and (as it grows) checks,
//! warning-education activities, inspection tours and the rectification ledger. People and units are
//! checked against the task-assignment service's directory over gRPC.
#![forbid(unsafe_code)]

pub mod conversions;
pub mod education;
pub mod entities;
pub mod error;
pub mod grpc;
pub mod migrations;
pub mod regulations;
pub mod settings;
pub mod startup;
pub mod talks;

pub use settings::Settings;
pub use startup::Application;
