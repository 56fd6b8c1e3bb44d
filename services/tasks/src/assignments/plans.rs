//! Plans: drafted, published (their draft tasks become assigned), archived at year end.

use qinglian_api::tasks::v1::{self as pb, PlanState, TaskState};
use qinglian_kit::auth::Caller;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, etag};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::access::plan_read_scope;
use super::{Assignments, PLAN, find_plan};
use crate::assignments::PlanFields;
use crate::entities::{plan, task, unit};
use crate::error::TasksError;

/// Filter and order fields of ListPlans.
fn list_spec() -> ListSpec<plan::Column> {
    use plan::Column as C;
    let kind = FieldType::Enum(|name| pb::PlanKind::from_str_name(name).map(|k| k as i32));
    let state = FieldType::Enum(|name| pb::PlanState::from_str_name(name).map(|s| s as i32));
    ListSpec {
        resource: PLAN,
        filter_fields: vec![
            FilterField {
                name: "year",
                column: C::Year,
                field_type: FieldType::Integer,
            },
            FilterField {
                name: "kind",
                column: C::Kind,
                field_type: kind,
            },
            FilterField {
                name: "state",
                column: C::State,
                field_type: state,
            },
            FilterField {
                name: "issuing_unit_id",
                column: C::IssuingUnitId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "title",
                column: C::Title,
                field_type: FieldType::String,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![
            ("create_time", C::CreateTime),
            ("year", C::Year),
            ("title", C::Title),
        ],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

impl Assignments {
    /// Creates a draft plan. Admin only (checked by the adapter).
    pub async fn create_plan(
        &self,
        context: MutationContext,
        fields: PlanFields,
    ) -> Result<plan::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(plan) => return Ok(plan),
            Begun::Fresh(mutation) => mutation,
        };
        if unit::Entity::find_by_id(fields.issuing_unit_id.clone())
            .one(mutation.txn())
            .await?
            .is_none()
        {
            return Err(TasksError::invalid(
                "plan.issuing_unit_id",
                "does not exist",
            ));
        }
        let now = mutation.now();
        let created = plan::Model {
            id: uuid::Uuid::now_v7().to_string(),
            year: fields.year,
            title: fields.title,
            issuing_unit_id: fields.issuing_unit_id,
            kind: fields.kind,
            state: PlanState::Draft as i32,
            version: 1,
            create_time: now,
            update_time: now,
            publish_time: None,
            archive_time: None,
        };
        plan::ActiveModel::from(created.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(
                &created.id,
                &created,
                &pb::Plan::from(&created),
            ))
            .await?;
        mutation.commit(&created).await?;
        Ok(created)
    }

    /// One plan the caller may read.
    pub async fn get_plan(&self, caller: &Caller, id: &str) -> Result<plan::Model, TasksError> {
        self.require_plan_readable(caller, id).await?;
        find_plan(self.store.conn(), id)
            .await?
            .ok_or_else(|| TasksError::not_found("plan", id))
    }

    /// One page of the plans the caller may read.
    pub async fn list_plans(
        &self,
        caller: &Caller,
        request: &ListRequest<'_>,
    ) -> Result<Page<plan::Model>, TasksError> {
        let mut base = plan::Entity::find();
        if let Some(scope) = plan_read_scope(caller) {
            base = base.filter(scope);
        }
        Ok(page::list(self.store.conn(), &list_spec(), base, request).await?)
    }

    /// draft → published; every draft task of the plan becomes assigned. Admin only (checked by the
    /// adapter).
    pub async fn publish_plan(
        &self,
        context: MutationContext,
        id: &str,
        given_etag: &str,
    ) -> Result<plan::Model, TasksError> {
        self.move_plan(
            context,
            id,
            given_etag,
            PlanState::Draft,
            PlanState::Published,
        )
        .await
    }

    /// published → archived. Admin only (checked by the adapter).
    pub async fn archive_plan(
        &self,
        context: MutationContext,
        id: &str,
        given_etag: &str,
    ) -> Result<plan::Model, TasksError> {
        self.move_plan(
            context,
            id,
            given_etag,
            PlanState::Published,
            PlanState::Archived,
        )
        .await
    }

    async fn move_plan(
        &self,
        context: MutationContext,
        id: &str,
        given_etag: &str,
        from: PlanState,
        to: PlanState,
    ) -> Result<plan::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(plan) => return Ok(plan),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = find_plan(mutation.txn(), id)
            .await?
            .ok_or_else(|| TasksError::not_found("plan", id))?;
        etag::check(given_etag, stored.version)?;
        if stored.state != from as i32 {
            let current = PlanState::try_from(stored.state)
                .map_or("PLAN_STATE_UNSPECIFIED", |s| s.as_str_name());
            return Err(TasksError::precondition(
                "ILLEGAL_TRANSITION",
                format!(
                    "plan is {current}; only a {} plan can become {}",
                    from.as_str_name(),
                    to.as_str_name()
                ),
            ));
        }
        if to == PlanState::Archived {
            require_no_open_tasks(mutation.txn(), id).await?;
        }
        let now = mutation.now();
        let mut updated = stored.clone();
        updated.state = to as i32;
        updated.version += 1;
        updated.update_time = now;
        match to {
            PlanState::Published => updated.publish_time = Some(now),
            PlanState::Archived => updated.archive_time = Some(now),
            PlanState::Draft | PlanState::Unspecified => {}
        }
        plan::ActiveModel::from(updated.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        if to == PlanState::Published {
            // The plan's drafts are issued with it; each task's version moves so stale etags fail.
            task::Entity::update_many()
                .col_expr(task::Column::State, Expr::value(TaskState::Assigned as i32))
                .col_expr(
                    task::Column::Version,
                    Expr::col(task::Column::Version).add(1),
                )
                .col_expr(task::Column::UpdateTime, Expr::value(now))
                .filter(task::Column::PlanId.eq(id))
                .filter(task::Column::State.eq(TaskState::Draft as i32))
                .exec(mutation.txn())
                .await?;
        }
        mutation
            .record(Change::updated(
                id,
                &stored,
                &updated,
                &pb::Plan::from(&updated),
            ))
            .await?;
        mutation.commit(&updated).await?;
        Ok(updated)
    }
}

/// Refuses to archive the plan `id` while any of its tasks is open, naming them (the first 20).
async fn require_no_open_tasks(conn: &impl ConnectionTrait, id: &str) -> Result<(), TasksError> {
    const NAMED: u64 = 20;
    let open = || {
        task::Entity::find()
            .filter(task::Column::PlanId.eq(id))
            .filter(
                task::Column::State
                    .is_not_in([TaskState::Completed as i32, TaskState::Cancelled as i32]),
            )
    };
    let count = open().count(conn).await?;
    if count == 0 {
        return Ok(());
    }
    let named: Vec<String> = open()
        .select_only()
        .column(task::Column::Id)
        .order_by_asc(task::Column::Id)
        .limit(NAMED)
        .into_tuple()
        .all(conn)
        .await?;
    let more = if count > NAMED {
        format!(" and {} more", count - NAMED)
    } else {
        String::new()
    };
    Err(TasksError::precondition(
        "PLAN_HAS_OPEN_TASKS",
        format!(
            "plan {id} has {count} open task(s), complete or cancel them before archiving: {}{more}",
            named.join(", ")
        ),
    ))
}
