//! Recurring and quota duties: rules, fulfilments and compliance, on a service whose clock the tests
//! move day by day.

pub mod builders;
mod compliance;
mod edges;
mod recording;
mod revisions;
mod rules;
mod support;
mod validation;
