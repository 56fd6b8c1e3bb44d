//! Ledger statistics per tour and unit, computed in the database: one GROUP BY over measures, one over
//! problems, and one pass for the totals, never loading rows into the service.
//!
//! A measure belongs to the tour of every tour problem it answers (so it may appear under two tours),
//! and to the empty tour when it answers none; a problem likewise. "On time" is signed off on or
//! before the deadline in force; "overdue" is open past it as of the service clock.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use qinglian_api::supervision::v1::{ProblemSource, RectificationState};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Statement, Value};

use super::Ledger;
use crate::error::SupervisionError;

/// Which part of the ledger to count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerScope {
    /// Only this tour; empty for all.
    pub tour_id: String,
    /// Only this unit; empty for all.
    pub unit_id: String,
}

/// The counts of one (tour, unit) row of the ledger statistics, or of their totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LedgerCounts {
    /// The tour; empty for measures and problems from no tour, and in the totals.
    pub tour_id: String,
    /// The responsible unit; empty in the totals.
    pub unit_id: String,
    /// Problems.
    pub problems: i64,
    /// Rectification measures.
    pub measures: i64,
    /// Measures verified (signed off).
    pub completed: i64,
    /// Measures signed off on or before the deadline in force.
    pub on_time: i64,
    /// Measures open past their deadline.
    pub overdue: i64,
    /// Measures whose deadline was extended.
    pub extended: i64,
    /// Measures whose problem recurred.
    pub recurred: i64,
}

impl LedgerCounts {
    /// Completed measures over all measures; 0 without measures.
    pub fn completion_rate(&self) -> f64 {
        if self.measures == 0 {
            0.0
        } else {
            self.completed as f64 / self.measures as f64
        }
    }
}

/// The counting columns over measures `r`; `$1` is today.
fn measure_counts() -> String {
    let verified = RectificationState::Verified as i32;
    format!(
        "COUNT(*) AS measures, \
         COALESCE(SUM(CASE WHEN r.state = {verified} THEN 1 ELSE 0 END), 0) AS completed, \
         COALESCE(SUM(CASE WHEN r.state = {verified} AND r.complete_date <= r.deadline \
             THEN 1 ELSE 0 END), 0) AS on_time, \
         COALESCE(SUM(CASE WHEN r.state <> {verified} AND r.deadline < $1 THEN 1 ELSE 0 END), 0) \
             AS overdue, \
         COALESCE(SUM(CASE WHEN r.extended THEN 1 ELSE 0 END), 0) AS extended, \
         COALESCE(SUM(CASE WHEN r.recurrence_count > 0 THEN 1 ELSE 0 END), 0) AS recurred"
    )
}

/// The tours of measures: (rectification_id, tour_id) for every tour problem a measure answers.
fn measure_tours() -> String {
    let tour = ProblemSource::Tour as i32;
    format!(
        "SELECT DISTINCT rp.rectification_id, s.reference AS tour_id \
         FROM rectification_problems rp \
         JOIN problem_sources s ON s.problem_id = rp.problem_id AND s.source = {tour}"
    )
}

/// `WHERE` conditions for the scope, binding after `values`.
fn scope_conditions(
    scope: &LedgerScope,
    tour_column: &str,
    unit_column: &str,
    values: &mut Vec<Value>,
) -> String {
    let mut conditions = vec!["1 = 1".to_owned()];
    if !scope.tour_id.is_empty() {
        values.push(scope.tour_id.clone().into());
        conditions.push(format!("{tour_column} = ${}", values.len()));
    }
    if !scope.unit_id.is_empty() {
        values.push(scope.unit_id.clone().into());
        conditions.push(format!("{unit_column} = ${}", values.len()));
    }
    conditions.join(" AND ")
}

fn count(row: &QueryResult, column: &str) -> Result<i64, DbErr> {
    row.try_get::<i64>("", column)
}

fn fill(target: &mut LedgerCounts, row: &QueryResult) -> Result<(), DbErr> {
    target.measures = count(row, "measures")?;
    target.completed = count(row, "completed")?;
    target.on_time = count(row, "on_time")?;
    target.overdue = count(row, "overdue")?;
    target.extended = count(row, "extended")?;
    target.recurred = count(row, "recurred")?;
    Ok(())
}

/// Rows per (tour, unit) and the totals of `scope` as of `today`, straight from the database.
pub async fn ledger_statistics(
    conn: &impl ConnectionTrait,
    scope: &LedgerScope,
    today: NaiveDate,
) -> Result<(Vec<LedgerCounts>, LedgerCounts), DbErr> {
    let backend = conn.get_database_backend();
    let tour = ProblemSource::Tour as i32;
    let mut rows: BTreeMap<(String, String), LedgerCounts> = BTreeMap::new();

    let mut values: Vec<Value> = vec![today.into()];
    let condition = scope_conditions(scope, "t.tour_id", "r.responsible_unit_id", &mut values);
    let sql = format!(
        "SELECT COALESCE(t.tour_id, '') AS tour_id, r.responsible_unit_id AS unit_id, {} \
         FROM rectifications r LEFT JOIN ({}) t ON t.rectification_id = r.id \
         WHERE {condition} \
         GROUP BY COALESCE(t.tour_id, ''), r.responsible_unit_id",
        measure_counts(),
        measure_tours()
    );
    for row in conn
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
    {
        let key = (
            row.try_get::<String>("", "tour_id")?,
            row.try_get::<String>("", "unit_id")?,
        );
        let entry = rows.entry(key.clone()).or_default();
        (entry.tour_id, entry.unit_id) = key;
        fill(entry, &row)?;
    }

    let mut values: Vec<Value> = Vec::new();
    // (problem, source, reference) is the key of problem_sources: each tour of a problem joins once.
    let condition = scope_conditions(scope, "s.reference", "p.unit_id", &mut values);
    let sql = format!(
        "SELECT COALESCE(s.reference, '') AS tour_id, p.unit_id AS unit_id, COUNT(*) AS problems \
         FROM problems p LEFT JOIN problem_sources s ON s.problem_id = p.id AND s.source = {tour} \
         WHERE {condition} \
         GROUP BY COALESCE(s.reference, ''), p.unit_id"
    );
    let mut total = LedgerCounts::default();
    for row in conn
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
    {
        let key = (
            row.try_get::<String>("", "tour_id")?,
            row.try_get::<String>("", "unit_id")?,
        );
        let entry = rows.entry(key.clone()).or_default();
        (entry.tour_id, entry.unit_id) = key;
        entry.problems = count(&row, "problems")?;
    }

    // Totals count each measure and problem once, however many tours it belongs to.
    let mut values: Vec<Value> = vec![today.into()];
    let condition = scope_conditions(scope, "x.tour_id", "r.responsible_unit_id", &mut values);
    let in_tour = if scope.tour_id.is_empty() {
        String::new()
    } else {
        format!(
            "AND r.id IN (SELECT x.rectification_id FROM ({}) x WHERE {})",
            measure_tours(),
            condition
        )
    };
    let unit_only = if scope.tour_id.is_empty() {
        condition.clone()
    } else {
        "1 = 1".to_owned()
    };
    let sql = format!(
        "SELECT {} FROM rectifications r WHERE {unit_only} {in_tour}",
        measure_counts()
    );
    if let Some(row) = conn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
    {
        fill(&mut total, &row)?;
    }
    let mut values: Vec<Value> = Vec::new();
    let condition = scope_conditions(scope, "s.reference", "p.unit_id", &mut values);
    let sql = if scope.tour_id.is_empty() {
        format!("SELECT COUNT(*) AS problems FROM problems p WHERE {condition}")
    } else {
        format!(
            "SELECT COUNT(*) AS problems FROM problems p JOIN problem_sources s \
             ON s.problem_id = p.id AND s.source = {tour} WHERE {condition}"
        )
    };
    if let Some(row) = conn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
    {
        total.problems = count(&row, "problems")?;
    }
    Ok((rows.into_values().collect(), total))
}

impl Ledger {
    /// The statistics of `scope` as of the service clock's today.
    pub async fn statistics(
        &self,
        scope: &LedgerScope,
    ) -> Result<(Vec<LedgerCounts>, LedgerCounts, NaiveDate), SupervisionError> {
        let today = self.today();
        let (rows, total) = ledger_statistics(self.store.conn(), scope, today).await?;
        Ok((rows, total, today))
    }
}
