//! Tables of the oversight-reporting service.

pub mod activity_law;
pub mod annual_report;
pub mod deliberation_opinion;
pub mod normative_document;
pub mod opinion_item;
pub mod oversight_activity;
