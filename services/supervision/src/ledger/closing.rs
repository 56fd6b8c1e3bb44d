//! Problems follow their measures: OPEN without one, RECTIFYING while any is open, CLOSED (with the
//! day of the last sign-off) once every measure answering them has passed; a recurrence found by a
//! re-check counts against them.

use qinglian_api::supervision::v1::{self as pb, ProblemState, RectificationState};
use qinglian_store::{Change, Mutation};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};

use super::records::{ProblemRecord, problem_record};
use crate::entities::{problem, rectification, rectification_problem};
use crate::error::SupervisionError;

/// Sets the state of each of `ids` from its measures, recording every problem that changed; returns
/// them all as they are now. `recurred` problems also count one more recurrence.
pub(super) async fn follow_measures(
    mutation: &mut Mutation,
    ids: &[String],
    recurred: bool,
) -> Result<Vec<ProblemRecord>, SupervisionError> {
    let mut after = Vec::with_capacity(ids.len());
    for id in ids {
        let before = problem_record(mutation.txn(), id).await?;
        let measures = rectification::Entity::find()
            .filter(
                rectification::Column::Id.in_subquery(
                    Query::select()
                        .column(rectification_problem::Column::RectificationId)
                        .from(rectification_problem::Entity)
                        .and_where(Expr::col(rectification_problem::Column::ProblemId).eq(id))
                        .to_owned(),
                ),
            )
            .all(mutation.txn())
            .await?;
        let verified = RectificationState::Verified as i32;
        let mut row = before.problem.clone();
        if measures.is_empty() {
            row.state = ProblemState::Open as i32;
            row.close_date = None;
        } else if measures.iter().all(|m| m.state == verified) {
            row.state = ProblemState::Closed as i32;
            row.close_date = measures.iter().filter_map(|m| m.complete_date).max();
        } else {
            row.state = ProblemState::Rectifying as i32;
            row.close_date = None;
        }
        if recurred {
            row.recurrence_count += 1;
        }
        if row == before.problem {
            after.push(before);
            continue;
        }
        row.version += 1;
        row.update_time = mutation.now();
        problem::ActiveModel::from(row.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        let record = ProblemRecord {
            problem: row,
            ..before.clone()
        };
        mutation
            .record(Change::updated(
                id,
                &before,
                &record,
                &pb::Problem::from(&record),
            ))
            .await?;
        after.push(record);
    }
    Ok(after)
}
