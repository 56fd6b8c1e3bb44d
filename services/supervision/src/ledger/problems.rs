//! Problems (问题清单): opened from a tour, a check, an audit, the People's Congress or a
//! self-examination, with a responsibility list; the same problem found again gets a further source.

use qinglian_api::supervision::v1::{self as pb, ProblemSource, ProblemState};
use qinglian_kit::auth::Reach;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec};
use qinglian_store::{Begun, Change, Mutation, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::records::{ProblemRecord, complete_problem, problem_record};
use super::{Ledger, PROBLEM, References};
use crate::entities::{inspection_tour, problem, problem_responsibility, problem_source};
use crate::error::SupervisionError;

/// A problem to open, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemFields {
    /// `ProblemSource` number.
    pub source: i32,
    /// Which tour, check, report or opinion.
    pub reference: String,
    /// The unit where it lies.
    pub unit_id: String,
    /// What is wrong.
    pub description: String,
    /// The office's category.
    pub category: String,
    /// `ProblemSeverity` number.
    pub severity: i32,
    /// The day it was found.
    pub found_date: chrono::NaiveDate,
    /// Who answers for it.
    pub responsibilities: Vec<ResponsibilityFields>,
}

/// One line of a responsibility list: a unit or a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponsibilityFields {
    /// The unit, or empty.
    pub unit_id: String,
    /// The person, or empty.
    pub person_id: String,
    /// `qinglian.common.v1.Accountability` number.
    pub accountability: i32,
}

/// Refuses a tour reference that is not a recorded tour.
async fn require_tour(
    conn: &impl ConnectionTrait,
    source: i32,
    reference: &str,
    field: &str,
) -> Result<(), SupervisionError> {
    if source == ProblemSource::Tour as i32
        && inspection_tour::Entity::find_by_id(reference.to_owned())
            .one(conn)
            .await?
            .is_none()
    {
        return Err(SupervisionError::invalid(field, "is not a recorded tour"));
    }
    Ok(())
}

/// Opens a problem inside `mutation` and records the change. The caller has checked the directory.
pub async fn open(
    mutation: &mut Mutation,
    new: ProblemFields,
) -> Result<ProblemRecord, SupervisionError> {
    let txn = mutation.txn();
    require_tour(
        txn,
        new.source,
        &new.reference,
        "problem.sources[0].reference",
    )
    .await?;
    let now = mutation.now();
    let row = problem::Model {
        id: uuid::Uuid::now_v7().to_string(),
        unit_id: new.unit_id,
        description: new.description,
        category: new.category,
        severity: new.severity,
        found_date: new.found_date,
        state: ProblemState::Open as i32,
        recurrence_count: 0,
        close_date: None,
        version: 1,
        create_time: now,
        update_time: now,
    };
    problem::ActiveModel::from(row.clone()).insert(txn).await?;
    let source = problem_source::Model {
        problem_id: row.id.clone(),
        source: new.source,
        reference: new.reference,
        link_time: now,
    };
    problem_source::ActiveModel::from(source.clone())
        .insert(txn)
        .await?;
    let mut responsibilities = Vec::with_capacity(new.responsibilities.len());
    for (position, line) in new.responsibilities.into_iter().enumerate() {
        let line = problem_responsibility::Model {
            problem_id: row.id.clone(),
            position: i32::try_from(position).unwrap_or(i32::MAX),
            unit_id: line.unit_id,
            person_id: line.person_id,
            accountability: line.accountability,
        };
        problem_responsibility::ActiveModel::from(line.clone())
            .insert(txn)
            .await?;
        responsibilities.push(line);
    }
    let record = ProblemRecord {
        problem: row,
        sources: vec![source],
        responsibilities,
        rectification_ids: Vec::new(),
    };
    mutation
        .record(Change::created(
            &record.problem.id,
            &record,
            &pb::Problem::from(&record),
        ))
        .await?;
    Ok(record)
}

fn list_spec() -> ListSpec<problem::Column> {
    use problem::Column as C;
    let state = FieldType::Enum(|name| ProblemState::from_str_name(name).map(|s| s as i32));
    let severity =
        FieldType::Enum(|name| pb::ProblemSeverity::from_str_name(name).map(|s| s as i32));
    ListSpec {
        resource: PROBLEM,
        filter_fields: vec![
            FilterField {
                name: "unit_id",
                column: C::UnitId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "state",
                column: C::State,
                field_type: state,
            },
            FilterField {
                name: "severity",
                column: C::Severity,
                field_type: severity,
            },
            FilterField {
                name: "found_date",
                column: C::FoundDate,
                field_type: FieldType::Date,
            },
            FilterField {
                name: "category",
                column: C::Category,
                field_type: FieldType::String,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![("create_time", C::CreateTime)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

/// Problems with a source of kind `source` (any kind when unspecified) and reference `reference` (any
/// when empty), as a subquery over problem ids.
pub(super) fn with_source(source: i32, reference: &str) -> sea_orm::sea_query::SelectStatement {
    let mut query = Query::select();
    query
        .column(problem_source::Column::ProblemId)
        .from(problem_source::Entity);
    if source != ProblemSource::Unspecified as i32 {
        query.and_where(Expr::col(problem_source::Column::Source).eq(source));
    }
    if !reference.is_empty() {
        query.and_where(Expr::col(problem_source::Column::Reference).eq(reference.to_owned()));
    }
    query.to_owned()
}

impl Ledger {
    /// Records a problem of a unit within `reach` after checking its unit and responsibility list in
    /// the directory.
    pub async fn create_problem(
        &self,
        reach: &Reach,
        context: MutationContext,
        new: ProblemFields,
    ) -> Result<ProblemRecord, SupervisionError> {
        reach.require([new.unit_id.as_str()])?;
        let mut references = References::default();
        references.unit("problem.unit_id", &new.unit_id);
        for (i, line) in new.responsibilities.iter().enumerate() {
            if !line.unit_id.is_empty() {
                references.unit(
                    format!("problem.responsibilities[{i}].unit_id"),
                    &line.unit_id,
                );
            }
            if !line.person_id.is_empty() {
                references.person(
                    format!("problem.responsibilities[{i}].person_id"),
                    &line.person_id,
                );
            }
        }
        references.check(&self.directory).await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let record = open(&mut mutation, new).await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// Adds a further source to a problem of a unit within `reach`; a source it already has changes
    /// nothing.
    pub async fn link_source(
        &self,
        reach: &Reach,
        context: MutationContext,
        problem_id: &str,
        source: i32,
        reference: String,
    ) -> Result<ProblemRecord, SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let found = problem_record(mutation.txn(), problem_id).await;
        let before = reach.admit(found, ProblemRecord::units)?;
        if before
            .sources
            .iter()
            .any(|s| s.source == source && s.reference == reference)
        {
            mutation.commit(&before).await?;
            return Ok(before);
        }
        require_tour(mutation.txn(), source, &reference, "reference").await?;
        let now = mutation.now();
        problem_source::ActiveModel::from(problem_source::Model {
            problem_id: problem_id.to_owned(),
            source,
            reference,
            link_time: now,
        })
        .insert(mutation.txn())
        .await?;
        let mut row = before.problem.clone();
        row.version += 1;
        row.update_time = now;
        problem::ActiveModel::from(row)
            .reset_all()
            .update(mutation.txn())
            .await?;
        let after = problem_record(mutation.txn(), problem_id).await?;
        mutation
            .record(Change::updated(
                problem_id,
                &before,
                &after,
                &pb::Problem::from(&after),
            ))
            .await?;
        mutation.commit(&after).await?;
        Ok(after)
    }

    /// One problem of a unit within `reach`.
    pub async fn problem(
        &self,
        reach: &Reach,
        id: &str,
    ) -> Result<ProblemRecord, SupervisionError> {
        let found = problem_record(self.store.conn(), id).await;
        reach.admit(found, ProblemRecord::units)
    }

    /// One page of the problems of units within `reach`, narrowed to those of `tour_id` and with a source of kind `source` (any
    /// kind when unspecified) and reference `reference` (any when empty).
    pub async fn list_problems(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
        tour_id: &str,
        source: i32,
        reference: &str,
    ) -> Result<(Vec<ProblemRecord>, String), SupervisionError> {
        let conn = self.store.conn();
        let mut base = problem::Entity::find().filter(reach.condition(problem::Column::UnitId));
        if !tour_id.is_empty() {
            base = base.filter(
                problem::Column::Id.in_subquery(with_source(ProblemSource::Tour as i32, tour_id)),
            );
        }
        if source != ProblemSource::Unspecified as i32 || !reference.is_empty() {
            base = base.filter(problem::Column::Id.in_subquery(with_source(source, reference)));
        }
        let page = page::list(conn, &list_spec(), base, request).await?;
        let mut records = Vec::with_capacity(page.items.len());
        for row in page.items {
            records.push(complete_problem(conn, row).await?);
        }
        Ok((records, page.next_page_token))
    }
}
