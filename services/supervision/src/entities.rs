//! Tables of the supervision-records service.

pub mod education_activity;
pub mod education_participant;
pub mod regulation;
pub mod regulation_revision;
pub mod talk;
