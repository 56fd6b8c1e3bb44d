//! The warnings raised for measures: listed (leaders and clerks see those addressed to them) and
//! acknowledged by a recipient or an admin.

use qinglian_api::supervision::v1 as pb;
use qinglian_api::tasks::v1::WarningLevel;
use qinglian_kit::auth::{Caller, Reach, Role};
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};

use super::Ledger;
use super::ladder::RECTIFICATION_ESCALATION;
use super::measures::measure_within;
use crate::entities::{
    rectification, rectification_escalation, rectification_escalation_recipient,
};
use crate::error::SupervisionError;

fn list_spec() -> ListSpec<rectification_escalation::Column> {
    use rectification_escalation::Column as C;
    let level = FieldType::Enum(|name| WarningLevel::from_str_name(name).map(|l| l as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: RECTIFICATION_ESCALATION,
        filter_fields: vec![
            field("rectification_id", C::RectificationId, FieldType::String),
            field("level", C::Level, level),
            field("acknowledged", C::Acknowledged, FieldType::Bool),
            field("raise_date", C::RaiseDate, FieldType::Date),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("create_time", C::CreateTime), ("raise_date", C::RaiseDate)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

/// Warnings addressed to `person_id`.
fn addressed_to(person_id: &str) -> SimpleExpr {
    rectification_escalation::Column::Id.in_subquery(
        Query::select()
            .column(rectification_escalation_recipient::Column::EscalationId)
            .from(rectification_escalation_recipient::Entity)
            .and_where(
                Expr::col(rectification_escalation_recipient::Column::PersonId)
                    .eq(person_id.to_owned()),
            )
            .to_owned(),
    )
}

/// Warnings about measures of units within `reach`.
fn within(reach: &Reach) -> sea_orm::Condition {
    match reach.units() {
        None => sea_orm::Condition::all(),
        Some(units) => sea_orm::Condition::all().add(
            rectification_escalation::Column::RectificationId.in_subquery(
                Query::select()
                    .column(rectification::Column::Id)
                    .from(rectification::Entity)
                    .and_where(
                        Expr::col(rectification::Column::ResponsibleUnitId)
                            .is_in(units.iter().cloned()),
                    )
                    .to_owned(),
            ),
        ),
    }
}

impl Ledger {
    /// One page of the warnings about measures of units within `reach`: leaders and clerks see those
    /// addressed to them.
    pub async fn list_escalations(
        &self,
        caller: &Caller,
        reach: &Reach,
        recipient_id: &str,
        request: &ListRequest<'_>,
    ) -> Result<Page<rectification_escalation::Model>, SupervisionError> {
        let mut base = rectification_escalation::Entity::find().filter(within(reach));
        if matches!(caller.role, Role::Leader | Role::Clerk) {
            base = base.filter(addressed_to(&caller.subject));
        }
        if !recipient_id.is_empty() {
            base = base.filter(addressed_to(recipient_id));
        }
        Ok(page::list(self.store.conn(), &list_spec(), base, request).await?)
    }

    /// Marks a warning about a measure of a unit within `reach` as seen, by one of its recipients or
    /// an admin; seen again changes nothing.
    pub async fn acknowledge_escalation(
        &self,
        caller: &Caller,
        reach: &Reach,
        context: MutationContext,
        id: &str,
    ) -> Result<rectification_escalation::Model, SupervisionError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(escalation) => return Ok(escalation),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = rectification_escalation::Entity::find_by_id(id.to_owned())
            .one(mutation.txn())
            .await?;
        let addressed = stored
            .as_ref()
            .is_some_and(|e| e.recipient_ids.split(',').any(|r| r == caller.subject));
        if caller.role != Role::Admin && !addressed {
            return Err(caller
                .denied("acknowledge a warning not addressed to them")
                .into());
        }
        let stored = stored
            .ok_or_else(|| SupervisionError::not_found("rectification escalation", id))
            .map_err(|missing| reach.hide_missing(missing))?;
        measure_within(mutation.txn(), reach, &stored.rectification_id).await?;
        if stored.acknowledged {
            mutation.commit(&stored).await?;
            return Ok(stored);
        }
        let mut updated = stored.clone();
        updated.acknowledged = true;
        updated.acknowledged_by = caller.subject.clone();
        updated.acknowledge_time = Some(mutation.now());
        updated.version += 1;
        rectification_escalation::ActiveModel::from(updated.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                id,
                &stored,
                &updated,
                &pb::RectificationEscalation::from(&updated),
            ))
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }
}
