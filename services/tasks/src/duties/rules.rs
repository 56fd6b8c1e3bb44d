//! Duty rules: create, read, list and update, keeping every revision of schedule and subjects.

use std::collections::HashMap;

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Caller;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, StoreError, etag};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::revisions::{revision_row, schedule_of, selection_of};
use super::subjects;
use super::{DUTY_RULE, Duties};
use crate::directory::{find_unit, hide_missing, new_id, require_units, within_scope};
use crate::duties::{RuleFields, RulePatch, RuleRecord};
use crate::entities::{duty_rule, duty_rule_revision};
use crate::error::TasksError;

/// Filter and order fields of ListDutyRules.
fn list_spec() -> ListSpec<duty_rule::Column> {
    use duty_rule::Column as C;
    let kind = FieldType::Enum(|name| pb::DutyActivityKind::from_str_name(name).map(|k| k as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: DUTY_RULE,
        filter_fields: vec![
            field("unit_id", C::UnitId, FieldType::String),
            field("title", C::Title, FieldType::String),
            field("activity", C::Activity, FieldType::String),
            field("activity_kind", C::ActivityKind, kind),
            field("create_time", C::CreateTime, FieldType::Timestamp),
            field("update_time", C::UpdateTime, FieldType::Timestamp),
        ],
        order_fields: vec![
            ("title", C::Title),
            ("create_time", C::CreateTime),
            ("update_time", C::UpdateTime),
        ],
        default_order: "title",
        id_field: ("id", C::Id),
    }
}

impl Duties {
    /// Creates a rule of an existing unit within the caller's scope; its first revision governs from
    /// the schedule's start.
    pub async fn create_rule(
        &self,
        caller: &Caller,
        context: MutationContext,
        fields: RuleFields,
    ) -> Result<RuleRecord, TasksError> {
        require_units(self.store.conn(), caller, &[&fields.unit_id]).await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        if find_unit(mutation.txn(), &fields.unit_id).await?.is_none() {
            return Err(TasksError::invalid("duty_rule.unit_id", "does not exist"));
        }
        subjects::check_listed(
            mutation.txn(),
            "duty_rule.subjects",
            &fields.selection.subjects,
        )
        .await?;
        let id = new_id();
        let now = mutation.now();
        let first = revision_row(&id, 1, fields.schedule.start, &fields, now)?;
        let rule = duty_rule::Model {
            id: id.clone(),
            unit_id: fields.unit_id,
            title: fields.title,
            activity: fields.activity,
            activity_kind: fields.activity_kind,
            revision: 1,
            version: 1,
            create_time: now,
            update_time: now,
        };
        duty_rule::ActiveModel::from(rule.clone())
            .insert(mutation.txn())
            .await?;
        duty_rule_revision::ActiveModel::from(first.clone())
            .insert(mutation.txn())
            .await?;
        let record = RuleRecord {
            rule,
            revisions: vec![first],
        };
        mutation
            .record(Change::created(&id, &record, &pb::DutyRule::from(&record)))
            .await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// One rule of a unit within the caller's scope, with its revisions.
    pub async fn get_rule(&self, caller: &Caller, id: &str) -> Result<RuleRecord, TasksError> {
        let conn = self.store.conn();
        let record = find_rule(conn, id)
            .await?
            .ok_or_else(|| TasksError::not_found("duty rule", id))
            .map_err(|e| hide_missing(caller, e))?;
        require_units(conn, caller, &[&record.rule.unit_id]).await?;
        Ok(record)
    }

    /// One page of the rules of units within the caller's scope, each with its revisions.
    pub async fn list_rules(
        &self,
        caller: &Caller,
        request: &ListRequest<'_>,
    ) -> Result<Page<RuleRecord>, TasksError> {
        let conn = self.store.conn();
        let base =
            duty_rule::Entity::find().filter(within_scope(caller, duty_rule::Column::UnitId));
        let page = page::list(conn, &list_spec(), base, request).await?;
        let records = with_revisions(conn, page.items).await?;
        Ok(Page {
            items: records,
            next_page_token: page.next_page_token,
        })
    }

    /// Applies a patch. A changed schedule or subject selection becomes a new revision taking effect
    /// on the patch's date (default: today, or the latest revision's date when that is later); a date
    /// before today is refused, so periods that have begun are never judged differently.
    pub async fn update_rule(
        &self,
        caller: &Caller,
        context: MutationContext,
        patch: RulePatch,
    ) -> Result<RuleRecord, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let before = find_rule(mutation.txn(), &patch.id)
            .await?
            .ok_or_else(|| TasksError::not_found("duty rule", &patch.id))
            .map_err(|e| hide_missing(caller, e))?;
        require_units(mutation.txn(), caller, &[&before.rule.unit_id]).await?;
        etag::check(&patch.etag, before.rule.version)?;
        let latest = before.revisions.last().ok_or_else(|| {
            StoreError::Corrupt(format!("duty rule {} has no revision", patch.id))
        })?;
        let mut after = before.clone();
        let now = mutation.now();
        let rule = &mut after.rule;
        if let Some(title) = &patch.title {
            rule.title.clone_from(title);
        }
        if let Some(activity) = &patch.activity {
            rule.activity.clone_from(activity);
        }
        if let Some(kind) = patch.activity_kind {
            rule.activity_kind = kind;
        }
        let fields = RuleFields {
            unit_id: rule.unit_id.clone(),
            title: rule.title.clone(),
            activity: rule.activity.clone(),
            activity_kind: rule.activity_kind,
            schedule: patch
                .schedule
                .clone()
                .map_or_else(|| schedule_of(latest), Ok)?,
            selection: patch
                .selection
                .clone()
                .map_or_else(|| selection_of(latest), Ok)?,
        };
        if fields.schedule != schedule_of(latest)? || fields.selection != selection_of(latest)? {
            let today = self.clock.today();
            let effective = patch
                .effective_date
                .unwrap_or_else(|| today.max(latest.effective_date));
            if effective < today {
                return Err(TasksError::invalid(
                    "effective_date",
                    format!(
                        "must not be before today ({today}): periods that have begun keep their rules"
                    ),
                ));
            }
            if effective < latest.effective_date {
                return Err(TasksError::invalid(
                    "effective_date",
                    format!(
                        "must not be before {}, when revision {} takes effect",
                        latest.effective_date, latest.revision
                    ),
                ));
            }
            subjects::check_listed(
                mutation.txn(),
                "duty_rule.subjects",
                &fields.selection.subjects,
            )
            .await?;
            let next = revision_row(&rule.id, latest.revision + 1, effective, &fields, now)?;
            duty_rule_revision::ActiveModel::from(next.clone())
                .insert(mutation.txn())
                .await?;
            rule.revision = next.revision;
            after.revisions.push(next);
        }
        let rule = &mut after.rule;
        rule.version = before.rule.version + 1;
        rule.update_time = now;
        duty_rule::ActiveModel::from(rule.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::updated(
                &after.rule.id,
                &before,
                &after,
                &pb::DutyRule::from(&after),
            ))
            .await?;
        mutation.commit(&after).await?;
        Ok(after)
    }

    /// The rules of `unit_id` with their revisions; NOT_FOUND when the unit does not exist.
    pub(super) async fn rules_of_unit(&self, unit_id: &str) -> Result<Vec<RuleRecord>, TasksError> {
        let conn = self.store.conn();
        if find_unit(conn, unit_id).await?.is_none() {
            return Err(TasksError::not_found("unit", unit_id));
        }
        let rules = duty_rule::Entity::find()
            .filter(duty_rule::Column::UnitId.eq(unit_id))
            .order_by_asc(duty_rule::Column::Id)
            .all(conn)
            .await?;
        with_revisions(conn, rules).await
    }
}

/// A rule with its revisions, or None.
pub(super) async fn find_rule(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<RuleRecord>, TasksError> {
    let Some(rule) = duty_rule::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    Ok(with_revisions(conn, vec![rule]).await?.pop())
}

/// `rules` with their revisions, oldest first, read in one query.
async fn with_revisions(
    conn: &impl ConnectionTrait,
    rules: Vec<duty_rule::Model>,
) -> Result<Vec<RuleRecord>, TasksError> {
    let mut revisions: HashMap<String, Vec<duty_rule_revision::Model>> = HashMap::new();
    for row in duty_rule_revision::Entity::find()
        .filter(duty_rule_revision::Column::RuleId.is_in(rules.iter().map(|r| r.id.clone())))
        .order_by_asc(duty_rule_revision::Column::Revision)
        .all(conn)
        .await?
    {
        revisions.entry(row.rule_id.clone()).or_default().push(row);
    }
    Ok(rules
        .into_iter()
        .map(|rule| RuleRecord {
            revisions: revisions.remove(&rule.id).unwrap_or_default(),
            rule,
        })
        .collect())
}
