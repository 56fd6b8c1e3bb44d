//! The task-assignment service (任务分工): the directory of units and people, and (as it grows) plans,
//! tasks, responsibility chains, recurring and quota duties, and escalations.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod assignments;
pub mod conversions;
pub mod directory;
pub mod duties;
pub mod entities;
pub mod error;
pub mod escalations;
pub mod grpc;
pub mod migrations;
pub mod settings;
pub mod startup;

pub use settings::Settings;
pub use startup::{Application, Tasks};
