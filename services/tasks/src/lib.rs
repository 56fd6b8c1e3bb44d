//! The task-assignment service (任务分工): the directory of units and people, and (as it grows) plans,
//! tasks, responsibility chains, recurring and quota duties, and escalations.
#![forbid(unsafe_code)]

pub mod conversions;
pub mod directory;
pub mod entities;
pub mod error;
pub mod grpc;
pub mod migrations;
pub mod settings;
pub mod startup;

pub use settings::Settings;
pub use startup::Application;
