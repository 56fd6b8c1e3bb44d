//! Regulations (制度) and their revision history: created with version 1, revised one version at a
//! time, effective dates never going backwards.

mod revisions;

pub use revisions::revision_id;

use chrono::NaiveDate;
use qinglian_api::supervision::v1 as pb;
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::Reach;
use qinglian_kit::peers::PeerError;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec};
use qinglian_store::{Begun, Change, MutationContext, Store, etag, time};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::entities::{rectification, regulation, regulation_revision};
use crate::error::SupervisionError;

/// Protobuf name of a regulation.
pub const REGULATION: &str = "qinglian.supervision.v1.Regulation";

/// A regulation with its revisions, as stored and replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegulationRecord {
    /// The regulation.
    pub regulation: regulation::Model,
    /// Its versions, oldest first.
    pub revisions: Vec<regulation_revision::Model>,
}

impl From<&RegulationRecord> for pb::Regulation {
    fn from(record: &RegulationRecord) -> Self {
        let r = &record.regulation;
        Self {
            id: r.id.clone(),
            title: r.title.clone(),
            issuing_unit_id: r.issuing_unit_id.clone(),
            current_version: r.current_version,
            revisions: record
                .revisions
                .iter()
                .map(pb::RegulationRevision::from)
                .collect(),
            create_time: Some(time::to_proto(r.create_time)),
            update_time: Some(time::to_proto(r.update_time)),
            etag: etag::etag(r.version),
        }
    }
}

/// Regulations over the service's store.
#[derive(Clone, Debug)]
pub struct Regulations {
    store: Store,
    directory: DirectoryPeer,
}

fn list_spec() -> ListSpec<regulation::Column> {
    use regulation::Column as C;
    ListSpec {
        resource: REGULATION,
        filter_fields: vec![
            FilterField {
                name: "title",
                column: C::Title,
                field_type: FieldType::String,
            },
            FilterField {
                name: "issuing_unit_id",
                column: C::IssuingUnitId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "current_version",
                column: C::CurrentVersion,
                field_type: FieldType::Integer,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
            FilterField {
                name: "update_time",
                column: C::UpdateTime,
                field_type: FieldType::Timestamp,
            },
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

/// Refuses a measure that is not in the ledger; empty means none.
async fn require_measure(
    conn: &impl ConnectionTrait,
    reach: &Reach,
    rectification_id: &str,
) -> Result<(), SupervisionError> {
    if rectification_id.is_empty() {
        return Ok(());
    }
    let found = rectification::Entity::find_by_id(rectification_id.to_owned())
        .one(conn)
        .await?
        .ok_or_else(|| {
            SupervisionError::invalid("rectification_id", "is not a rectification in the ledger")
        });
    match found {
        Ok(measure) => Ok(reach.require([measure.responsible_unit_id.as_str()])?),
        Err(_) if reach.is_scoped() => Err(reach.denied().into()),
        Err(missing) => Err(missing),
    }
}

async fn revisions(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Vec<regulation_revision::Model>, SupervisionError> {
    Ok(regulation_revision::Entity::find()
        .filter(regulation_revision::Column::RegulationId.eq(id))
        .order_by_asc(regulation_revision::Column::Version)
        .all(conn)
        .await?)
}

/// What one version of a rule says: the change it makes, the day it takes effect, and the measure
/// it answers (empty when none: a lasting mechanism, 长效机制, names its rectification).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The change summary.
    pub summary: String,
    /// The day the version takes effect.
    pub effective: NaiveDate,
    /// The rectification the version answers, or empty.
    pub answers: String,
}

impl Regulations {
    /// Regulations in `store`, issuing units checked through `directory`.
    pub fn new(store: Store, directory: DirectoryPeer) -> Self {
        Self { store, directory }
    }

    /// Creates a regulation issued by a unit within `reach`, with its first version; the measure it
    /// answers, if any, must be within `reach` too.
    pub async fn create(
        &self,
        reach: &Reach,
        context: MutationContext,
        title: String,
        issuing_unit_id: String,
        version: Version,
    ) -> Result<RegulationRecord, SupervisionError> {
        let Version {
            summary,
            effective,
            answers,
        } = version;
        reach.require([issuing_unit_id.as_str()])?;
        match self
            .directory
            .units(std::slice::from_ref(&issuing_unit_id))
            .await
        {
            Ok(_) => {}
            Err(PeerError::Missing { .. }) => {
                return Err(SupervisionError::invalid(
                    "regulation.issuing_unit_id",
                    "does not exist",
                ));
            }
            Err(other) => return Err(other.into()),
        }
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        require_measure(mutation.txn(), reach, &answers).await?;
        let now = mutation.now();
        let row = regulation::Model {
            id: uuid::Uuid::now_v7().to_string(),
            title,
            issuing_unit_id,
            current_version: 1,
            version: 1,
            create_time: now,
            update_time: now,
        };
        let first = regulation_revision::Model {
            id: revision_id(&row.id, 1),
            issuing_unit_id: row.issuing_unit_id.clone(),
            regulation_id: row.id.clone(),
            version: 1,
            change_summary: summary,
            effective_date: effective,
            create_time: now,
            rectification_id: answers,
        };
        regulation::ActiveModel::from(row.clone())
            .insert(mutation.txn())
            .await?;
        regulation_revision::ActiveModel::from(first.clone())
            .insert(mutation.txn())
            .await?;
        let record = RegulationRecord {
            regulation: row,
            revisions: vec![first],
        };
        mutation
            .record(Change::created(
                &record.regulation.id,
                &record,
                &pb::Regulation::from(&record),
            ))
            .await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// Adds the next version of a regulation issued within `reach`.
    pub async fn revise(
        &self,
        reach: &Reach,
        context: MutationContext,
        id: &str,
        version: Version,
        given_etag: &str,
    ) -> Result<RegulationRecord, SupervisionError> {
        let Version {
            summary,
            effective,
            answers,
        } = version;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let txn = mutation.txn();
        let found = regulation::Entity::find_by_id(id.to_owned())
            .one(txn)
            .await?
            .ok_or_else(|| SupervisionError::not_found("regulation", id));
        let stored = reach.admit(found, |r| vec![r.issuing_unit_id.as_str()])?;
        etag::check(given_etag, stored.version)?;
        require_measure(txn, reach, &answers).await?;
        let before = RegulationRecord {
            regulation: stored.clone(),
            revisions: revisions(txn, id).await?,
        };
        if let Some(latest) = before.revisions.last()
            && effective < latest.effective_date
        {
            return Err(SupervisionError::invalid(
                "effective_date",
                format!(
                    "must not be before the current version's {}",
                    latest.effective_date
                ),
            ));
        }
        let now = mutation.now();
        let mut updated = stored.clone();
        updated.current_version += 1;
        updated.version += 1;
        updated.update_time = now;
        regulation::ActiveModel::from(updated.clone())
            .reset_all()
            .update(txn)
            .await?;
        regulation_revision::ActiveModel {
            id: Set(revision_id(id, updated.current_version)),
            issuing_unit_id: Set(updated.issuing_unit_id.clone()),
            regulation_id: Set(id.to_owned()),
            version: Set(updated.current_version),
            change_summary: Set(summary),
            effective_date: Set(effective),
            create_time: Set(now),
            rectification_id: Set(answers),
        }
        .insert(txn)
        .await?;
        let after = RegulationRecord {
            regulation: updated,
            revisions: revisions(txn, id).await?,
        };
        mutation
            .record(Change::updated(
                id,
                &before,
                &after,
                &pb::Regulation::from(&after),
            ))
            .await?;
        mutation.commit(&after).await?;
        Ok(after)
    }

    /// One regulation issued within `reach`, with its history.
    pub async fn get(&self, reach: &Reach, id: &str) -> Result<RegulationRecord, SupervisionError> {
        let conn = self.store.conn();
        let found = regulation::Entity::find_by_id(id.to_owned())
            .one(conn)
            .await?
            .ok_or_else(|| SupervisionError::not_found("regulation", id));
        let regulation = reach.admit(found, |r| vec![r.issuing_unit_id.as_str()])?;
        Ok(RegulationRecord {
            revisions: revisions(conn, id).await?,
            regulation,
        })
    }

    /// One page of the regulations issued within `reach`, with their histories.
    pub async fn list(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
    ) -> Result<(Vec<RegulationRecord>, String), SupervisionError> {
        let conn = self.store.conn();
        let base =
            regulation::Entity::find().filter(reach.condition(regulation::Column::IssuingUnitId));
        let page = page::list(conn, &list_spec(), base, request).await?;
        let mut records = Vec::with_capacity(page.items.len());
        for regulation in page.items {
            records.push(RegulationRecord {
                revisions: revisions(conn, &regulation.id).await?,
                regulation,
            });
        }
        Ok((records, page.next_page_token))
    }
}
