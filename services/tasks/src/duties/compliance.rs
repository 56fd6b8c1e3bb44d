//! Compliance: expected against delivered per rule, period and subject, counted in the database.

use chrono::NaiveDate;
use qinglian_kit::auth::Caller;
use qinglian_store::MutationContext;
use sea_orm::sea_query::{Alias, DynIden, Expr, ExprTrait, Func, IntoIden, JoinType, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};

use super::Duties;
use super::schedule::Period;
use super::subjects::Subject;
use crate::directory::require_units;
use crate::entities::{duty_expectation as e, duty_fulfilment as f, duty_period as p};
use crate::error::TasksError;

/// What a compliance report covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ComplianceTarget {
    /// One rule, by id.
    Rule(String),
    /// Every rule belonging to a unit, by the unit's id.
    Unit(String),
}

/// A validated GetDutyCompliance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplianceQuery {
    /// The rules.
    pub target: ComplianceTarget,
    /// First day of the span; every period overlapping the span is reported.
    pub from: NaiveDate,
    /// Last day of the span.
    pub to: NaiveDate,
    /// Count events up to this day and judge periods as of it; None means today.
    pub as_of: Option<NaiveDate>,
}

/// How a subject stands in a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplianceState {
    /// Delivered at least what was expected.
    Met,
    /// Short, with time left.
    Open,
    /// Short on or after the period's last day.
    Behind,
    /// The period has not begun.
    Upcoming,
}

/// Expected against delivered for one subject in one period of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplianceEntry {
    /// The rule.
    pub rule_id: String,
    /// The revision judging the period.
    pub revision: i32,
    /// The period.
    pub period: Period,
    /// The subject.
    pub subject: Subject,
    /// Events expected.
    pub expected: i32,
    /// Events recorded in the period up to the as-of day.
    pub delivered: i64,
    /// How the subject stands.
    pub state: ComplianceState,
}

/// One row of the counting query.
#[derive(Debug, FromQueryResult)]
struct Counted {
    rule_id: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    revision: i32,
    expected_count: i32,
    person_id: String,
    unit_id: String,
    delivered: i64,
}

impl Duties {
    /// The compliance of the target's rules over every period overlapping the query's span, as of its
    /// day, ordered by rule, period and subject. The periods are evaluated first (see the module doc),
    /// in a serialised write under `context` when anything is to change.
    pub async fn compliance(
        &self,
        caller: &Caller,
        context: MutationContext,
        query: &ComplianceQuery,
    ) -> Result<(NaiveDate, Vec<ComplianceEntry>), TasksError> {
        let today = self.clock.today();
        let as_of = query.as_of.unwrap_or(today);
        if as_of > today {
            return Err(TasksError::invalid(
                "as_of_date",
                format!("must not be after today ({today})"),
            ));
        }
        let rules = match &query.target {
            ComplianceTarget::Rule(id) => vec![self.get_rule(caller, id).await?],
            ComplianceTarget::Unit(id) => {
                require_units(self.store.conn(), caller, &[id]).await?;
                self.rules_of_unit(id).await?
            }
        };
        if rules.is_empty() {
            return Ok((as_of, Vec::new()));
        }
        self.materialise(context, &rules, query.from, query.to)
            .await?;
        let rule_ids: Vec<String> = rules.iter().map(|r| r.rule.id.clone()).collect();
        let counted = count(self.store.conn(), rule_ids, query.from, query.to, as_of).await?;
        let entries = counted
            .into_iter()
            .map(|row| {
                let period = Period {
                    start: row.start_date,
                    end: row.end_date,
                };
                let state = if period.start > as_of {
                    ComplianceState::Upcoming
                } else if row.delivered >= i64::from(row.expected_count) {
                    ComplianceState::Met
                } else if period.end <= as_of {
                    ComplianceState::Behind
                } else {
                    ComplianceState::Open
                };
                ComplianceEntry {
                    rule_id: row.rule_id,
                    revision: row.revision,
                    period,
                    subject: Subject {
                        person_id: row.person_id,
                        unit_id: row.unit_id,
                    },
                    expected: row.expected_count,
                    delivered: row.delivered,
                    state,
                }
            })
            .collect();
        Ok((as_of, entries))
    }
}

/// Per rule, stored period overlapping `from..=to`, and expected subject: the fulfilments of that
/// subject dated within the period and not after `as_of`, counted by the database.
async fn count(
    conn: &impl ConnectionTrait,
    rule_ids: Vec<String>,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<Counted>, TasksError> {
    let (pa, ea, fa) = (Alias::new("p"), Alias::new("e"), Alias::new("f"));
    let pc = |c: p::Column| Expr::col((pa.clone(), c));
    let ec = |c: e::Column| Expr::col((ea.clone(), c));
    let fc = |c: f::Column| Expr::col((fa.clone(), c));
    let grouped: [(Alias, DynIden); 7] = [
        (pa.clone(), p::Column::RuleId.into_iden()),
        (pa.clone(), p::Column::StartDate.into_iden()),
        (pa.clone(), p::Column::EndDate.into_iden()),
        (pa.clone(), p::Column::Revision.into_iden()),
        (pa.clone(), p::Column::ExpectedCount.into_iden()),
        (ea.clone(), e::Column::PersonId.into_iden()),
        (ea.clone(), e::Column::UnitId.into_iden()),
    ];
    let mut select = Query::select();
    select
        .columns(grouped.clone())
        .expr_as(Func::count(fc(f::Column::Id)), Alias::new("delivered"))
        .from_as(p::Entity, pa.clone())
        .join_as(
            JoinType::InnerJoin,
            e::Entity,
            ea.clone(),
            ec(e::Column::RuleId)
                .eq(pc(p::Column::RuleId))
                .and(ec(e::Column::PeriodStart).eq(pc(p::Column::StartDate))),
        )
        .join_as(
            JoinType::LeftJoin,
            f::Entity,
            fa.clone(),
            fc(f::Column::RuleId)
                .eq(ec(e::Column::RuleId))
                .and(fc(f::Column::PersonId).eq(ec(e::Column::PersonId)))
                .and(fc(f::Column::UnitId).eq(ec(e::Column::UnitId)))
                .and(fc(f::Column::Date).gte(pc(p::Column::StartDate)))
                .and(fc(f::Column::Date).lte(pc(p::Column::EndDate)))
                .and(fc(f::Column::Date).lte(as_of)),
        )
        .and_where(pc(p::Column::RuleId).is_in(rule_ids))
        .and_where(pc(p::Column::StartDate).lte(to))
        .and_where(pc(p::Column::EndDate).gte(from))
        .group_by_columns(grouped.clone());
    for column in grouped.iter().take(2).chain(grouped.iter().skip(5)) {
        select.order_by(column.clone(), Order::Asc);
    }
    let statement = conn.get_database_backend().build(&select);
    Ok(Counted::find_by_statement(statement).all(conn).await?)
}
