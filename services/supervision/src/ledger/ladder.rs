//! Measure deadlines on the shared escalation ladder (督办, 三色预警): GREEN to the owner, YELLOW also to
//! those with leadership accountability (领导责任) on the measure's problems, RED once overdue also to
//! those with first accountability (第一责任人). Each (measure, level) is raised once.

use chrono::NaiveDate;
use qinglian_api::supervision::v1::{self as pb, RectificationState};
use qinglian_api::tasks::v1::{Accountability, WarningLevel};
use qinglian_kit::auth::Caller;
use qinglian_kit::ladder::{self, Candidate, Ladder, Level, SweepOutcome, Thresholds};
use qinglian_store::{Change, Mutation, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::Ledger;
use crate::entities::{
    problem_responsibility, rectification, rectification_escalation,
    rectification_escalation_recipient, rectification_problem,
};
use crate::error::SupervisionError;

/// Protobuf name of a measure's warning.
pub const RECTIFICATION_ESCALATION: &str = "qinglian.supervision.v1.RectificationEscalation";

/// The ladder over the open measures of one sweep.
struct MeasureLadder {
    thresholds: Thresholds,
}

/// The owner, then the people answerable for the measure's problems at `level`, each once.
async fn recipients(
    conn: &impl ConnectionTrait,
    measure: &rectification::Model,
    level: Level,
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
            .filter(problem_responsibility::Column::PersonId.ne(""))
            .order_by_asc(problem_responsibility::Column::ProblemId)
            .order_by_asc(problem_responsibility::Column::Position)
            .all(conn)
            .await?;
        people.extend(lines.into_iter().map(|line| line.person_id));
    }
    let mut unique: Vec<String> = Vec::with_capacity(people.len());
    for person in people {
        if !unique.contains(&person) {
            unique.push(person);
        }
    }
    Ok(unique)
}

impl Ladder for MeasureLadder {
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
        let already = rectification_escalation::Entity::find()
            .filter(rectification_escalation::Column::RectificationId.eq(candidate_id))
            .filter(rectification_escalation::Column::Level.eq(level as i32))
            .count(txn)
            .await?;
        if measure.state == RectificationState::Verified as i32
            || measure.warning_level >= level as i32
            || already > 0
        {
            return Ok(false);
        }
        let people = recipients(txn, &measure, level).await?;
        let raised = rectification_escalation::Model {
            id: uuid::Uuid::now_v7().to_string(),
            rectification_id: measure.id.clone(),
            level: level as i32,
            recipient_ids: people.join(","),
            raise_date: today,
            deadline: measure.deadline,
            days_left: i32::try_from((measure.deadline - today).num_days()).unwrap_or(i32::MIN),
            acknowledged: false,
            acknowledged_by: String::new(),
            acknowledge_time: None,
            version: 1,
            create_time: mutation.now(),
        };
        rectification_escalation::ActiveModel::from(raised.clone())
            .insert(txn)
            .await?;
        for person_id in &people {
            rectification_escalation_recipient::ActiveModel {
                escalation_id: Set(raised.id.clone()),
                person_id: Set(person_id.clone()),
            }
            .insert(txn)
            .await?;
        }
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
            .exec(txn)
            .await?;
        mutation
            .record(Change::created(
                &raised.id,
                &raised,
                &pb::RectificationEscalation::from(&raised),
            ))
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
        let ladder = MeasureLadder {
            thresholds: Thresholds {
                green_days: i64::from(self.settings.green_days),
                yellow_days: i64::from(self.settings.yellow_days),
            },
        };
        ladder::sweep(&self.store, &ladder, &context, self.today(), &self.raised).await
    }
}
