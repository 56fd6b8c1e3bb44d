//! Tables of the task-assignment service.

pub mod duty_expectation;
pub mod duty_fulfilment;
pub mod duty_period;
pub mod duty_rule;
pub mod duty_rule_revision;
pub mod escalation_policy;
pub mod liaison_link;
pub mod person;
pub mod plan;
pub mod portfolio;
pub mod portfolio_unit;
pub mod progress_report;
pub mod task;
pub mod task_cooperating_unit;
pub mod unit;

/// Enum numbers to the stored form.
pub fn store_accountabilities(values: &[i32]) -> String {
    values
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
