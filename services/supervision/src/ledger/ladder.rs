//! Measure deadlines on the shared escalation ladder (督办, 三色预警): GREEN to the owner, YELLOW also to
//! those with leadership accountability (领导责任) on the measure's problems, RED once overdue also to
//! those with first accountability (第一责任人). Accountability held by a unit reaches that unit's head,
//! read from the directory once per sweep before any mutation. Each level is raised once per deadline.

use std::collections::HashMap;

use chrono::NaiveDate;
use qinglian_api::common::v1::{Accountability, WarningLevel};
use qinglian_api::supervision::v1::{self as pb, RectificationState};
use qinglian_domain::deadlines::{
    self, Candidate, Ladder, Level, SweepOutcome, Thresholds, warnings,
};
use qinglian_kit::auth::Caller;
use qinglian_kit::peers::PeerError;
use qinglian_store::{Mutation, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{Ledger, RectificationDeadline};
use crate::entities::{problem_responsibility, rectification, rectification_problem};
use crate::error::SupervisionError;

/// The ladder over the open measures of one sweep.
struct RectificationLadder {
    thresholds: Thresholds,
    /// The head of each unit that holds an accountability itself, as the directory answered.
    heads: HashMap<String, String>,
}

/// The owner, then the people answerable for the measure's problems at `level` (a unit answering
/// through its head), each once.
async fn recipients(
    conn: &impl ConnectionTrait,
    measure: &rectification::Model,
    level: Level,
    heads: &HashMap<String, String>,
) -> Result<Vec<String>, SupervisionError> {
    let mut accountable = vec![Accountability::Leadership as i32];
    if level == Level::Red {
        accountable.push(Accountability::First as i32);
    }
    let mut people = vec![measure.responsible_person_id.clone()];
    if level >= Level::Yellow {
        let lines = problem_responsibility::Entity::find()
            .filter(
                problem_responsibility::Column::ProblemId.in_subquery(
                    Query::select()
                        .column(rectification_problem::Column::ProblemId)
                        .from(rectification_problem::Entity)
                        .and_where(
                            Expr::col(rectification_problem::Column::RectificationId)
                                .eq(measure.id.clone()),
                        )
                        .to_owned(),
                ),
            )
            .filter(problem_responsibility::Column::Accountability.is_in(accountable))
            .order_by_asc(problem_responsibility::Column::ProblemId)
            .order_by_asc(problem_responsibility::Column::Position)
            .all(conn)
            .await?;
        people.extend(lines.into_iter().filter_map(|line| {
            if line.person_id.is_empty() {
                heads.get(&line.unit_id).cloned()
            } else {
                Some(line.person_id)
            }
        }));
    }
    Ok(warnings::distinct(people))
}

impl Ladder for RectificationLadder {
    type Error = SupervisionError;

    fn widest_green_days(&self) -> i64 {
        self.thresholds.green_days
    }

    async fn candidates(
        &self,
        conn: &DatabaseConnection,
        after: &str,
        horizon: NaiveDate,
        limit: u64,
    ) -> Result<Vec<Candidate>, SupervisionError> {
        let rows: Vec<(String, NaiveDate, i32)> = rectification::Entity::find()
            .select_only()
            .columns([
                rectification::Column::Id,
                rectification::Column::Deadline,
                rectification::Column::WarningLevel,
            ])
            .filter(rectification::Column::Id.gt(after))
            .filter(rectification::Column::State.ne(RectificationState::Verified as i32))
            .filter(rectification::Column::Deadline.lte(horizon))
            .filter(rectification::Column::WarningLevel.lt(WarningLevel::Red as i32))
            .order_by_asc(rectification::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, deadline, current)| Candidate {
                id,
                due_date: deadline,
                current: Level::try_from(current).unwrap_or(Level::None),
                thresholds: self.thresholds,
            })
            .collect())
    }

    async fn raise(
        &self,
        mutation: &mut Mutation,
        candidate_id: &str,
        level: Level,
        today: NaiveDate,
    ) -> Result<bool, SupervisionError> {
        let txn = mutation.txn();
        let Some(measure) = rectification::Entity::find_by_id(candidate_id.to_owned())
            .one(txn)
            .await?
        else {
            return Ok(false);
        };
        if measure.state == RectificationState::Verified as i32
            || measure.warning_level >= level as i32
            || warnings::raised(txn, candidate_id, measure.deadline, level).await?
        {
            return Ok(false);
        }
        let people = recipients(txn, &measure, level, &self.heads).await?;
        warnings::raise::<RectificationDeadline>(
            mutation,
            candidate_id,
            measure.deadline,
            level,
            today,
            &people,
        )
        .await?;
        rectification::Entity::update_many()
            .col_expr(
                rectification::Column::WarningLevel,
                Expr::value(level as i32),
            )
            .col_expr(
                rectification::Column::Version,
                Expr::col(rectification::Column::Version).add(1),
            )
            .filter(rectification::Column::Id.eq(measure.id.clone()))
            .exec(mutation.txn())
            .await?;
        Ok(true)
    }
}

impl Ledger {
    /// Sweeps every open measure as of the service clock's today.
    pub async fn sweep(&self, caller: &Caller) -> Result<SweepOutcome, SupervisionError> {
        let context = MutationContext::new(
            caller.actor(),
            "/qinglian.supervision.v1.RectificationService/RunLedgerSweep",
            "",
            &pb::RunLedgerSweepRequest {},
        )?;
        let ladder = RectificationLadder {
            thresholds: Thresholds {
                green_days: i64::from(self.settings.green_days),
                yellow_days: i64::from(self.settings.yellow_days),
            },
            heads: self.accountable_unit_heads().await?,
        };
        deadlines::sweep(&self.store, &ladder, &context, self.today(), &self.raised).await
    }
}

impl Ledger {
    /// The heads of the units that hold an accountability themselves (no person named) on a problem
    /// an open measure answers, from the directory in batches. A unit the directory no longer knows
    /// has no head to warn. When the directory cannot answer the sweep fails and is retried at its
    /// next run: its warnings wait rather than go out without the heads they are due to reach.
    async fn accountable_unit_heads(&self) -> Result<HashMap<String, String>, SupervisionError> {
        /// Units asked for per directory call, well inside its batch limit.
        const BATCH: usize = 500;
        let open_problems = Query::select()
            .column(rectification_problem::Column::ProblemId)
            .from(rectification_problem::Entity)
            .inner_join(
                rectification::Entity,
                Expr::col((rectification::Entity, rectification::Column::Id)).equals((
                    rectification_problem::Entity,
                    rectification_problem::Column::RectificationId,
                )),
            )
            .and_where(
                Expr::col((rectification::Entity, rectification::Column::State))
                    .ne(RectificationState::Verified as i32),
            )
            .to_owned();
        let unit_ids: Vec<String> = problem_responsibility::Entity::find()
            .select_only()
            .column(problem_responsibility::Column::UnitId)
            .distinct()
            .filter(problem_responsibility::Column::PersonId.eq(""))
            .filter(problem_responsibility::Column::UnitId.ne(""))
            .filter(problem_responsibility::Column::ProblemId.in_subquery(open_problems))
            .into_tuple()
            .all(self.store.conn())
            .await?;
        let mut heads = HashMap::new();
        for batch in unit_ids.chunks(BATCH) {
            let units = match self.directory.units(batch).await {
                Ok(units) => units,
                Err(PeerError::Missing { ids }) => {
                    let known: Vec<String> = batch
                        .iter()
                        .filter(|id| !ids.contains(id))
                        .cloned()
                        .collect();
                    if known.is_empty() {
                        continue;
                    }
                    match self.directory.units(&known).await {
                        Ok(units) => units,
                        // Removed between the two calls.
                        Err(PeerError::Missing { .. }) => Vec::new(),
                        Err(other) => return Err(other.into()),
                    }
                }
                Err(other) => return Err(other.into()),
            };
            heads.extend(
                units
                    .into_iter()
                    .filter(|unit| !unit.head_id.is_empty())
                    .map(|unit| (unit.id, unit.head_id)),
            );
        }
        Ok(heads)
    }
}
