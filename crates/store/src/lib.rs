//! The common persistence crate of the Qinglian services.
//!
//! Every service owns its tables and migrations; this crate owns the machinery they share, written once:
//! connecting (SQLite by default, PostgreSQL by URL), the migration runner, serialised mutations with
//! idempotent request ids, etags, the hash-chained audit log, the event outbox, keyset pagination with
//! AIP-160 filters, and a test harness that runs one test body on both backends.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod audit;
pub mod change;
pub mod commit;
pub mod connect;
pub mod entities;
pub mod error;
pub mod etag;
pub mod filter;
pub mod lock;
pub mod migrate;
pub mod mutation;
pub mod order;
pub mod outbox;
pub mod page;
pub mod testing;
pub mod time;

pub use change::Change;
pub use commit::Savepoint;
pub use connect::Store;
pub use error::StoreError;
pub use mutation::{Actor, Begun, Mutation, MutationContext};
