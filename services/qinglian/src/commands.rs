//! One module per subcommand.

pub mod check;
pub mod migrate;
pub mod serve;
pub mod token;
