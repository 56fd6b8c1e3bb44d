//! Listing and acknowledging escalations.

use qinglian_api::tasks::v1::{self as pb, WarningLevel};
use qinglian_kit::auth::{Caller, Role};
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{ESCALATION, Escalations};
use crate::assignments::unit_read_scope;
use crate::directory::hide_missing;
use crate::entities::{escalation, escalation_recipient, task};
use crate::error::TasksError;

fn list_spec() -> ListSpec<escalation::Column> {
    use escalation::Column as C;
    let level = FieldType::Enum(|name| WarningLevel::from_str_name(name).map(|l| l as i32));
    ListSpec {
        resource: ESCALATION,
        filter_fields: vec![
            FilterField {
                name: "task_id",
                column: C::TaskId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "level",
                column: C::Level,
                field_type: level,
            },
            FilterField {
                name: "acknowledged",
                column: C::Acknowledged,
                field_type: FieldType::Bool,
            },
            FilterField {
                name: "raise_date",
                column: C::RaiseDate,
                field_type: FieldType::Date,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![("create_time", C::CreateTime), ("raise_date", C::RaiseDate)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

/// Escalations addressed to `person_id`.
fn addressed_to(person_id: &str) -> sea_orm::sea_query::SimpleExpr {
    escalation::Column::Id.in_subquery(
        Query::select()
            .column(escalation_recipient::Column::EscalationId)
            .from(escalation_recipient::Entity)
            .and_where(Expr::col(escalation_recipient::Column::PersonId).eq(person_id.to_owned()))
            .to_owned(),
    )
}

/// The ids of the tasks matching `condition`.
fn within_tasks(condition: sea_orm::Condition) -> sea_orm::sea_query::SelectStatement {
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
        let mut base = escalation::Entity::find();
        if let Some(tasks) = unit_read_scope(caller) {
            base = base.filter(escalation::Column::TaskId.in_subquery(within_tasks(tasks)));
        }
        if matches!(caller.role, Role::Leader | Role::Clerk) {
            base = base.filter(addressed_to(&caller.subject));
        }
        if let Some(recipient) = recipient_id {
            base = base.filter(addressed_to(recipient));
        }
        Ok(page::list(self.store.conn(), &list_spec(), base, request).await?)
    }

    /// Marks an escalation as seen, by one of its recipients or an admin, within the caller's scope.
    pub async fn acknowledge(
        &self,
        caller: &Caller,
        context: MutationContext,
        id: &str,
    ) -> Result<escalation::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(escalation) => return Ok(escalation),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = escalation::Entity::find_by_id(id.to_owned())
            .one(mutation.txn())
            .await?;
        let addressed = stored
            .as_ref()
            .is_some_and(|e| e.recipient_ids.split(',').any(|r| r == caller.subject));
        if caller.role != Role::Admin && !addressed {
            return Err(caller
                .denied("acknowledge an escalation not addressed to them")
                .into());
        }
        let stored = stored
            .ok_or_else(|| TasksError::not_found("escalation", id))
            .map_err(|e| hide_missing(caller, e))?;
        if let Some(tasks) = unit_read_scope(caller) {
            let visible = task::Entity::find()
                .filter(task::Column::Id.eq(stored.task_id.clone()))
                .filter(tasks)
                .count(mutation.txn())
                .await?;
            if visible == 0 {
                return Err(caller.denied("act outside their unit scope").into());
            }
        }
        if stored.acknowledged {
            return Ok(stored);
        }
        let mut updated = stored.clone();
        updated.acknowledged = true;
        updated.acknowledged_by = caller.subject.clone();
        updated.acknowledge_time = Some(mutation.now());
        updated.version += 1;
        escalation::ActiveModel::from(updated.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                id,
                &stored,
                &updated,
                &pb::Escalation::from(&updated),
            ))
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }
}
