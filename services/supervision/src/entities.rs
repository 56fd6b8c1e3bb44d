//! Tables of the supervision-records service.

pub mod check;
pub mod check_finding;
pub mod check_inspector;
pub mod check_target;
pub mod education_activity;
pub mod education_participant;
pub mod inspection_tour;
pub mod problem;
pub mod problem_responsibility;
pub mod problem_source;
pub mod recheck;
pub mod rectification;
pub mod rectification_problem;
pub mod rectification_progress;
pub mod regulation;
pub mod regulation_revision;
pub mod talk;
pub mod verification;

/// A comma-separated id column as its ids, in order.
pub fn split_ids(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}
