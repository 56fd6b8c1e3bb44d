//! Tables of the supervision-records service.

pub mod talk;
