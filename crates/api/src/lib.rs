//! The Qinglian contracts: one module per protobuf package, generated from `proto/` at build time.
//!
//! Services talk to each other only through the clients generated here.
#![forbid(unsafe_code)]

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
