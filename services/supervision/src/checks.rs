//! Supervision checks (监督检查): created PLANNED with their target units and inspectors, completed once
//! their result is recorded, when findings may open problems in the rectification ledger.

pub mod inputs;
mod results;

use std::collections::HashMap;

use qinglian_api::supervision::v1 as pb;
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::Reach;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec};
use qinglian_store::{Begun, Change, MutationContext, Store};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::entities::{check, check_finding, check_inspector, check_target};
use crate::error::SupervisionError;
use crate::ledger::References;

pub use inputs::{CheckFields, CheckResultFields, FindingFields};

/// Protobuf name of a check.
pub const CHECK: &str = "qinglian.supervision.v1.Check";

/// A check with its findings, as stored and replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRecord {
    /// The check.
    pub check: check::Model,
    /// Its findings in recorded order; empty while planned.
    pub findings: Vec<check_finding::Model>,
}

impl CheckRecord {
    /// The units the check is about: its organiser and its targets.
    pub fn units(&self) -> Vec<&str> {
        units_of(&self.check)
    }
}

/// The units `check` is about: its organiser and its targets.
fn units_of(check: &check::Model) -> Vec<&str> {
    let targets = check.target_unit_ids.split(',').filter(|u| !u.is_empty());
    std::iter::once(check.organising_unit_id.as_str())
        .chain(targets)
        .collect()
}

/// Checks over the service's store, units and people checked against the directory.
#[derive(Clone, Debug)]
pub struct Checks {
    store: Store,
    directory: DirectoryPeer,
}

fn list_spec() -> ListSpec<check::Column> {
    use check::Column as C;
    let kind = FieldType::Enum(|name| pb::CheckKind::from_str_name(name).map(|k| k as i32));
    let state = FieldType::Enum(|name| pb::CheckState::from_str_name(name).map(|s| s as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: CHECK,
        filter_fields: vec![
            field("kind", C::Kind, kind),
            field("organising_unit_id", C::OrganisingUnitId, FieldType::String),
            field("state", C::State, state),
            field("start_date", C::StartDate, FieldType::Date),
            field("end_date", C::EndDate, FieldType::Date),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("start_date", C::StartDate), ("create_time", C::CreateTime)],
        default_order: "start_date",
        id_field: ("id", C::Id),
    }
}

/// The findings of the checks `ids`, grouped per check in recorded order.
async fn findings_of(
    conn: &impl ConnectionTrait,
    ids: Vec<String>,
) -> Result<Vec<check_finding::Model>, SupervisionError> {
    Ok(check_finding::Entity::find()
        .filter(check_finding::Column::CheckId.is_in(ids))
        .order_by_asc(check_finding::Column::CheckId)
        .order_by_asc(check_finding::Column::Position)
        .all(conn)
        .await?)
}

/// The ids of the checks with a target matching `condition`.
fn targeting(condition: sea_orm::sea_query::SimpleExpr) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(check_target::Column::CheckId)
        .from(check_target::Entity)
        .and_where(condition)
        .to_owned()
}

/// The check `id` with its findings; NOT_FOUND when there is none.
pub(crate) async fn record(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<CheckRecord, SupervisionError> {
    let check = check::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?
        .ok_or_else(|| SupervisionError::not_found("check", id))?;
    Ok(CheckRecord {
        findings: findings_of(conn, vec![check.id.clone()]).await?,
        check,
    })
}

impl Checks {
    /// Checks in `store`, units and people checked through `directory`.
    pub fn new(store: Store, directory: DirectoryPeer) -> Self {
        Self { store, directory }
    }

    /// Creates a planned check, organised by and targeting units within `reach`, after checking its
    /// units and inspectors in the directory.
    pub async fn create(
        &self,
        reach: &Reach,
        context: MutationContext,
        fields: CheckFields,
    ) -> Result<CheckRecord, SupervisionError> {
        let targets = fields.target_unit_ids.iter().map(String::as_str);
        reach.require(std::iter::once(fields.organising_unit_id.as_str()).chain(targets))?;
        let mut references = References::default();
        references.unit("check.organising_unit_id", &fields.organising_unit_id);
        for (i, unit_id) in fields.target_unit_ids.iter().enumerate() {
            references.unit(format!("check.target_unit_ids[{i}]"), unit_id);
        }
        for (i, person_id) in fields.inspector_ids.iter().enumerate() {
            references.person(format!("check.inspector_ids[{i}]"), person_id);
        }
        references.check(&self.directory).await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let now = mutation.now();
        let focuses: Vec<String> = fields.focuses.iter().map(i32::to_string).collect();
        let row = check::Model {
            id: uuid::Uuid::now_v7().to_string(),
            kind: fields.kind,
            title: fields.title,
            focuses: focuses.join(","),
            focus_note: fields.focus_note,
            organising_unit_id: fields.organising_unit_id,
            target_unit_ids: fields.target_unit_ids.join(","),
            start_date: fields.start_date,
            end_date: fields.end_date,
            inspector_ids: fields.inspector_ids.join(","),
            state: pb::CheckState::Planned as i32,
            conclusion: String::new(),
            version: 1,
            create_time: now,
            update_time: now,
        };
        check::ActiveModel::from(row.clone())
            .insert(mutation.txn())
            .await?;
        for unit_id in &fields.target_unit_ids {
            check_target::ActiveModel {
                check_id: Set(row.id.clone()),
                unit_id: Set(unit_id.clone()),
            }
            .insert(mutation.txn())
            .await?;
        }
        for person_id in &fields.inspector_ids {
            check_inspector::ActiveModel {
                check_id: Set(row.id.clone()),
                person_id: Set(person_id.clone()),
            }
            .insert(mutation.txn())
            .await?;
        }
        let record = CheckRecord {
            check: row,
            findings: Vec::new(),
        };
        mutation
            .record(Change::created(
                &record.check.id,
                &record,
                &pb::Check::from(&record),
            ))
            .await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// One check with its findings, organised by or targeting a unit within `reach`.
    pub async fn get(&self, reach: &Reach, id: &str) -> Result<CheckRecord, SupervisionError> {
        let found = record(self.store.conn(), id).await;
        reach.admit(found, CheckRecord::units)
    }

    /// One page of the checks organised by or targeting a unit within `reach`, with their findings,
    /// optionally only those targeting `target_unit`.
    pub async fn list(
        &self,
        reach: &Reach,
        target_unit: Option<&str>,
        request: &ListRequest<'_>,
    ) -> Result<(Vec<CheckRecord>, String), SupervisionError> {
        let conn = self.store.conn();
        let mut base = check::Entity::find();
        if let Some(unit_id) = target_unit {
            base = base.filter(check::Column::Id.in_subquery(targeting(
                Expr::col(check_target::Column::UnitId).eq(unit_id.to_owned()),
            )));
        }
        if let Some(units) = reach.units() {
            let within = || units.iter().cloned();
            base = base.filter(
                sea_orm::Condition::any()
                    .add(check::Column::OrganisingUnitId.is_in(within()))
                    .add(check::Column::Id.in_subquery(targeting(
                        Expr::col(check_target::Column::UnitId).is_in(within()),
                    ))),
            );
        }
        let page = page::list(conn, &list_spec(), base, request).await?;
        let ids = page.items.iter().map(|c| c.id.clone()).collect();
        let mut findings: HashMap<String, Vec<check_finding::Model>> = HashMap::new();
        for finding in findings_of(conn, ids).await? {
            findings
                .entry(finding.check_id.clone())
                .or_default()
                .push(finding);
        }
        let records = page
            .items
            .into_iter()
            .map(|check| CheckRecord {
                findings: findings.remove(&check.id).unwrap_or_default(),
                check,
            })
            .collect();
        Ok((records, page.next_page_token))
    }
}
