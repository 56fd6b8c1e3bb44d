//! Listing and acknowledging escalations: the shared deadline warnings, limited to the tasks a
//! scoped caller reaches.

use qinglian_domain::deadlines::records::escalation;
use qinglian_domain::deadlines::warnings;
use qinglian_kit::auth::Caller;
use qinglian_store::page::{ListRequest, Page};
use qinglian_store::{Begun, MutationContext};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{Escalations, TaskDeadline};
use crate::assignments::unit_read_scope;
use crate::directory::hide_missing;
use crate::entities::task;
use crate::error::TasksError;

/// The ids of the tasks matching `condition`.
fn within_tasks(condition: sea_orm::Condition) -> SelectStatement {
    Query::select()
        .column(task::Column::Id)
        .from(task::Entity)
        .cond_where(condition)
        .to_owned()
}

impl Escalations {
    /// One page of escalations: leaders and clerks see those addressed to them, and a scoped caller
    /// those of tasks led or helped within its scope.
    pub async fn list(
        &self,
        caller: &Caller,
        recipient_id: Option<&str>,
        request: &ListRequest<'_>,
    ) -> Result<Page<escalation::Model>, TasksError> {
        let within = unit_read_scope(caller).map(within_tasks);
        Ok(warnings::list::<TaskDeadline>(
            self.store.conn(),
            caller,
            within,
            recipient_id.unwrap_or_default(),
            request,
        )
        .await?)
    }

    /// Marks an escalation as seen, by one of its recipients or an admin, within the caller's scope.
    pub async fn acknowledge(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
    ) -> Result<escalation::Model, TasksError> {
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(escalation) => return Ok(escalation),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = warnings::addressed::<TasksError>(mutation.txn(), caller, id)
            .await?
            .ok_or_else(|| TasksError::not_found("escalation", id))
            .map_err(|e| hide_missing(caller, e))?;
        if let Some(tasks) = unit_read_scope(caller) {
            let visible = task::Entity::find()
                .filter(task::Column::Id.eq(stored.subject_id.clone()))
                .filter(tasks)
                .count(mutation.txn())
                .await?;
            if visible == 0 {
                return Err(caller.denied("act outside their unit scope").into());
            }
        }
        Ok(warnings::acknowledge::<TaskDeadline>(mutation, caller, stored).await?)
    }
}
