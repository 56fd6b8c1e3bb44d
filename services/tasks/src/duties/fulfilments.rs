//! Fulfilments: events recorded against the period of a duty that contains their date.

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::{Caller, Role};
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryFilter};

use super::rules::find_rule;
use super::{Duties, FULFILMENT, periods, subjects};
use crate::directory::{new_id, require_scope, within_scope};
use crate::duties::FulfilmentFields;
use crate::entities::duty_fulfilment;
use crate::error::TasksError;

/// Filter and order fields of ListFulfilments.
fn list_spec() -> ListSpec<duty_fulfilment::Column> {
    use duty_fulfilment::Column as C;
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: FULFILMENT,
        filter_fields: vec![
            field("rule_id", C::RuleId, FieldType::String),
            field("subject.person_id", C::PersonId, FieldType::String),
            field("subject.unit_id", C::UnitId, FieldType::String),
            field("date", C::Date, FieldType::Date),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("date", C::Date), ("create_time", C::CreateTime)],
        default_order: "date",
        id_field: ("id", C::Id),
    }
}

impl Duties {
    /// Records an event against the period of the rule containing its date.
    ///
    /// Leaders record only their own liaison links (the token's subject is their person id); callers
    /// with a unit scope record only for subjects whose unit (a link's branch, or a person's unit) lies
    /// within it. Both are checked before the rule is looked up. The period is evaluated in the same
    /// transaction (materialising or refreshing its expected subjects, see the module doc), and the
    /// subject must be expected in it.
    pub async fn record_fulfilment(
        &self,
        caller: &Caller,
        context: MutationContext,
        fields: FulfilmentFields,
    ) -> Result<duty_fulfilment::Model, TasksError> {
        let subject = &fields.subject;
        if caller.role == Role::Leader
            && (subject.person_id != caller.subject || subject.unit_id.is_empty())
        {
            return Err(caller
                .denied("record fulfilments other than their own liaison links")
                .into());
        }
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(fulfilment) => return Ok(fulfilment),
            Begun::Fresh(mutation) => mutation,
        };
        if caller.unit.is_some() {
            let home = subjects::home_unit(mutation.txn(), subject).await?;
            require_scope(caller, home.as_ref().map(|u| u.path.as_str()))?;
        }
        let rule = find_rule(mutation.txn(), &fields.rule_id)
            .await?
            .ok_or_else(|| TasksError::not_found("duty rule", &fields.rule_id))?;
        let today = self.clock.today();
        if fields.date > today {
            return Err(TasksError::invalid(
                "fulfilment.date",
                format!("must not be after today ({today})"),
            ));
        }
        let changes = periods::plan(mutation.txn(), &rule, fields.date, fields.date, today).await?;
        periods::apply(mutation.txn(), &rule.rule.id, changes, mutation.now()).await?;
        let candidates = periods::containing(mutation.txn(), &rule.rule.id, fields.date).await?;
        if candidates.is_empty() {
            return Err(TasksError::invalid(
                "fulfilment.date",
                "falls in no period of the rule",
            ));
        }
        let mut period = None;
        for candidate in &candidates {
            if periods::expects(mutation.txn(), &rule.rule.id, candidate.start_date, subject)
                .await?
            {
                period = Some(candidate);
                break;
            }
        }
        let Some(period) = period else {
            let spans: Vec<String> = candidates
                .iter()
                .map(|p| format!("{}..{}", p.start_date, p.end_date))
                .collect();
            return Err(TasksError::invalid(
                "fulfilment.subject",
                format!("is not a subject of the rule in {}", spans.join(", ")),
            ));
        };
        let id = new_id();
        let now = mutation.now();
        let recorded = duty_fulfilment::Model {
            id: id.clone(),
            rule_id: rule.rule.id.clone(),
            person_id: subject.person_id.clone(),
            unit_id: subject.unit_id.clone(),
            date: fields.date,
            note: fields.note,
            evidence_json: fields.evidence_json,
            period_start: period.start_date,
            period_end: period.end_date,
            recorded_by: caller.subject.clone(),
            version: 1,
            create_time: now,
            update_time: now,
        };
        duty_fulfilment::ActiveModel::from(recorded.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(
                &id,
                &recorded,
                &pb::Fulfilment::from(&recorded),
            ))
            .await?;
        mutation.commit(&recorded).await?;
        Ok(recorded)
    }

    /// One page of the fulfilments of units within the caller's scope.
    pub async fn list_fulfilments(
        &self,
        caller: &Caller,
        request: &ListRequest<'_>,
    ) -> Result<Page<duty_fulfilment::Model>, TasksError> {
        Ok(page::list(
            self.store.conn(),
            &list_spec(),
            duty_fulfilment::Entity::find()
                .filter(within_scope(caller, duty_fulfilment::Column::UnitId)),
            request,
        )
        .await?)
    }
}
