//! Tables of the task-assignment service.

pub mod liaison_link;
pub mod person;
pub mod portfolio;
pub mod portfolio_unit;
pub mod unit;
