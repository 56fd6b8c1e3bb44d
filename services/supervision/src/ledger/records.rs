//! Problems and measures as read and replayed: each row with the rows that belong to it.

use qinglian_store::StoreError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use crate::entities::{
    problem, problem_responsibility, problem_source, recheck, rectification, rectification_problem,
    verification,
};
use crate::error::SupervisionError;

/// A problem with its sources, responsibility list and measures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemRecord {
    /// The problem.
    pub problem: problem::Model,
    /// Its sources, first linked first.
    pub sources: Vec<problem_source::Model>,
    /// Its responsibility list, in order.
    pub responsibilities: Vec<problem_responsibility::Model>,
    /// The measures answering it.
    pub rectification_ids: Vec<String>,
}

/// A measure with the problems it answers, its verifications and re-checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationRecord {
    /// The measure.
    pub rectification: rectification::Model,
    /// The problems it answers.
    pub problem_ids: Vec<String>,
    /// Its verifications, oldest first.
    pub verifications: Vec<verification::Model>,
    /// Its re-checks, oldest first.
    pub rechecks: Vec<recheck::Model>,
}

impl ProblemRecord {
    /// The unit the problem is of, which a caller must reach to read or change it.
    pub fn units(&self) -> Vec<&str> {
        vec![self.problem.unit_id.as_str()]
    }
}

impl RectificationRecord {
    /// The unit responsible for the measure, which a caller must reach to read or change it.
    pub fn units(&self) -> Vec<&str> {
        vec![self.rectification.responsible_unit_id.as_str()]
    }
}

/// The problem `id` with everything that belongs to it; NOT_FOUND when there is none.
pub async fn problem_record(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<ProblemRecord, SupervisionError> {
    let problem = problem::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?
        .ok_or_else(|| SupervisionError::not_found("problem", id))?;
    complete_problem(conn, problem).await
}

/// `problem` with its sources, responsibilities and measures.
pub async fn complete_problem(
    conn: &impl ConnectionTrait,
    problem: problem::Model,
) -> Result<ProblemRecord, SupervisionError> {
    let sources = problem_source::Entity::find()
        .filter(problem_source::Column::ProblemId.eq(problem.id.clone()))
        .order_by_asc(problem_source::Column::LinkTime)
        .order_by_asc(problem_source::Column::Source)
        .order_by_asc(problem_source::Column::Reference)
        .all(conn)
        .await?;
    let responsibilities = problem_responsibility::Entity::find()
        .filter(problem_responsibility::Column::ProblemId.eq(problem.id.clone()))
        .order_by_asc(problem_responsibility::Column::Position)
        .all(conn)
        .await?;
    let rectification_ids = rectification_problem::Entity::find()
        .filter(rectification_problem::Column::ProblemId.eq(problem.id.clone()))
        .order_by_asc(rectification_problem::Column::RectificationId)
        .all(conn)
        .await?
        .into_iter()
        .map(|link| link.rectification_id)
        .collect();
    Ok(ProblemRecord {
        problem,
        sources,
        responsibilities,
        rectification_ids,
    })
}

/// The measure `id` with everything that belongs to it; NOT_FOUND when there is none.
pub async fn rectification_record(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<RectificationRecord, SupervisionError> {
    let rectification = rectification::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?
        .ok_or_else(|| SupervisionError::not_found("rectification", id))?;
    complete_rectification(conn, rectification, true).await
}

/// `rectification` with its problems and, when `history`, its verifications and re-checks.
pub async fn complete_rectification(
    conn: &impl ConnectionTrait,
    rectification: rectification::Model,
    history: bool,
) -> Result<RectificationRecord, SupervisionError> {
    let id = rectification.id.clone();
    let problem_ids = problem_ids(conn, &id).await?;
    let (verifications, rechecks) = if history {
        (
            verification::Entity::find()
                .filter(verification::Column::RectificationId.eq(id.clone()))
                .order_by_asc(verification::Column::VerifyTime)
                .order_by_asc(verification::Column::Id)
                .all(conn)
                .await?,
            recheck::Entity::find()
                .filter(recheck::Column::RectificationId.eq(id.clone()))
                .order_by_asc(recheck::Column::CreateTime)
                .order_by_asc(recheck::Column::Id)
                .all(conn)
                .await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(RectificationRecord {
        rectification,
        problem_ids,
        verifications,
        rechecks,
    })
}

/// The problems measure `id` answers.
pub async fn problem_ids(conn: &impl ConnectionTrait, id: &str) -> Result<Vec<String>, StoreError> {
    Ok(rectification_problem::Entity::find()
        .filter(rectification_problem::Column::RectificationId.eq(id.to_owned()))
        .order_by_asc(rectification_problem::Column::ProblemId)
        .all(conn)
        .await
        .map_err(StoreError::Database)?
        .into_iter()
        .map(|link| link.problem_id)
        .collect())
}
