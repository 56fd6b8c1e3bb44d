//! The Qinglian contracts: one module per protobuf package, generated from `proto/` at build time.
//!
//! Services talk to each other only through the clients generated here.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

/// Shared messages and services served by every Qinglian service (audit log, event outbox).
pub mod common {
    /// Version 1 of `qinglian.common`.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        include!(concat!(env!("OUT_DIR"), "/qinglian.common.v1.rs"));
    }
}

/// Task assignment: directory, plans, tasks, duties, escalations.
pub mod tasks {
    /// Version 1 of `qinglian.tasks.v1`.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        include!(concat!(env!("OUT_DIR"), "/qinglian.tasks.v1.rs"));
    }
}

/// Supervision records: talks, checks, education, inspection tours, the rectification ledger.
pub mod supervision {
    /// Version 1 of `qinglian.supervision.v1`.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        include!(concat!(env!("OUT_DIR"), "/qinglian.supervision.v1.rs"));
    }
}

/// Oversight reporting: the People's Congress oversight work and the annual report.
pub mod oversight {
    /// Version 1 of `qinglian.oversight.v1`.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        include!(concat!(env!("OUT_DIR"), "/qinglian.oversight.v1.rs"));
    }
}

/// Encoded `FileDescriptorSet` of every Qinglian contract, for server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/qinglian_descriptor.bin"));

/// A List request (AIP-158): its page size and token, and its AIP-160 filter and order where it takes
/// them (empty where it does not). Implemented for every request message of the contracts that pages.
pub trait Paged {
    /// Requested page size: 0 means the default.
    fn page_size(&self) -> i32;
    /// Token from the previous page, or empty.
    fn page_token(&self) -> &str;
    /// Asks for the page after the one that answered `token`.
    fn set_page_token(&mut self, token: String);
    /// AIP-160 filter, or empty.
    fn filter(&self) -> &str;
    /// AIP-132 order, or empty.
    fn order_by(&self) -> &str;
}

include!(concat!(env!("OUT_DIR"), "/paged.rs"));
