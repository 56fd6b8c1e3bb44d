//! The warnings raised for measures: the shared deadline warnings, limited to the measures of units
//! within the caller's reach.

use qinglian_domain::deadlines::records::escalation;
use qinglian_domain::deadlines::warnings;
use qinglian_kit::auth::{Caller, Reach};
use qinglian_store::page::{ListRequest, Page};
use qinglian_store::{Begun, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};

use super::rectifications::rectification_within;
use super::{Ledger, RectificationDeadline};
use crate::entities::rectification;
use crate::error::SupervisionError;

/// The ids of the measures of units within `reach`; `None` when it reaches every unit.
fn measures_within(reach: &Reach) -> Option<SelectStatement> {
    reach.units().map(|units| {
        Query::select()
            .column(rectification::Column::Id)
            .from(rectification::Entity)
            .and_where(
                Expr::col(rectification::Column::ResponsibleUnitId).is_in(units.iter().cloned()),
            )
            .to_owned()
    })
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
    ) -> Result<Page<escalation::Model>, SupervisionError> {
        Ok(warnings::list::<RectificationDeadline>(
            self.store.conn(),
            caller,
            measures_within(reach),
            recipient_id,
            request,
        )
        .await?)
    }

    /// Marks a warning about a measure of a unit within `reach` as seen, by one of its recipients or
    /// an admin; seen again changes nothing.
    pub async fn acknowledge_escalation(
        &self,
        caller: &Caller,
        reach: &Reach,
        context: MutationContext,
        id: &str,
    ) -> Result<escalation::Model, SupervisionError> {
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(escalation) => return Ok(escalation),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = warnings::addressed::<SupervisionError>(mutation.txn(), caller, id)
            .await?
            .ok_or_else(|| SupervisionError::not_found("rectification escalation", id))
            .map_err(|missing| reach.hide_missing(missing))?;
        rectification_within(mutation.txn(), reach, &stored.subject_id).await?;
        Ok(warnings::acknowledge::<RectificationDeadline>(mutation, caller, stored).await?)
    }
}
