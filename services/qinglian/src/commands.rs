//! One module per subcommand.

pub mod backup;
pub mod check;
pub mod demo;
pub mod migrate;
pub mod report;
pub mod serve;
pub mod suite;
pub mod token;
