//! The ledger (整改台账) as a list of measures: filtered by the AIP-160 fields of a measure and
//! narrowed by tour, source and overdue.

use qinglian_api::common::v1::WarningLevel;
use qinglian_api::supervision::v1::{ProblemSource, RectificationState};
use qinglian_kit::auth::Reach;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::problems::with_source;
use super::records::{RectificationRecord, complete_rectification};
use super::{Ledger, RECTIFICATION};
use crate::entities::{rectification, rectification_problem};
use crate::error::SupervisionError;

/// How the ledger is narrowed beyond its filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerSelection {
    /// Only measures answering problems of this tour.
    pub tour_id: String,
    /// Only measures answering problems with a source of this kind (`ProblemSource` number).
    pub source: i32,
    /// Only measures open past their deadline.
    pub overdue_only: bool,
}

fn list_spec() -> ListSpec<rectification::Column> {
    use rectification::Column as C;
    let state = FieldType::Enum(|name| RectificationState::from_str_name(name).map(|s| s as i32));
    let level = FieldType::Enum(|name| WarningLevel::from_str_name(name).map(|l| l as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: RECTIFICATION,
        filter_fields: vec![
            field(
                "responsible_unit_id",
                C::ResponsibleUnitId,
                FieldType::String,
            ),
            field(
                "responsible_person_id",
                C::ResponsiblePersonId,
                FieldType::String,
            ),
            field("state", C::State, state),
            field("warning_level", C::WarningLevel, level),
            field("deadline", C::Deadline, FieldType::Date),
            field("lasting_mechanism", C::LastingMechanism, FieldType::Bool),
            field("recheck_due_date", C::RecheckDueDate, FieldType::Date),
            field("complete_date", C::CompleteDate, FieldType::Date),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("deadline", C::Deadline), ("create_time", C::CreateTime)],
        default_order: "deadline",
        id_field: ("id", C::Id),
    }
}

/// Measures answering a problem with the given source, as a subquery over measure ids.
fn answering(source: i32, reference: &str) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(rectification_problem::Column::RectificationId)
        .from(rectification_problem::Entity)
        .and_where(
            Expr::col(rectification_problem::Column::ProblemId)
                .in_subquery(with_source(source, reference)),
        )
        .to_owned()
}

impl Ledger {
    /// One page of the ledger of the units within `reach`, each measure with the problems it answers.
    pub async fn list_ledger(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
        selection: &LedgerSelection,
    ) -> Result<(Vec<RectificationRecord>, String), SupervisionError> {
        let conn = self.store.conn();
        let mut base = rectification::Entity::find()
            .filter(reach.condition(rectification::Column::ResponsibleUnitId));
        if !selection.tour_id.is_empty() {
            base = base.filter(
                rectification::Column::Id
                    .in_subquery(answering(ProblemSource::Tour as i32, &selection.tour_id)),
            );
        }
        if selection.source != ProblemSource::Unspecified as i32 {
            base =
                base.filter(rectification::Column::Id.in_subquery(answering(selection.source, "")));
        }
        if selection.overdue_only {
            base = base
                .filter(rectification::Column::State.ne(RectificationState::Verified as i32))
                .filter(rectification::Column::Deadline.lt(self.today()));
        }
        let page = page::list(conn, &list_spec(), base, request).await?;
        let mut records = Vec::with_capacity(page.items.len());
        for row in page.items {
            records.push(complete_rectification(conn, row, false).await?);
        }
        Ok((records, page.next_page_token))
    }
}
