//! Oversight activities (人大监督): reports heard and deliberated, budgets and accounts reviewed, laws
//! inspected, research and inquiries, each by a standing committee on a day, with the laws it
//! inspected and the activity it was held on.

use chrono::NaiveDate;
use qinglian_api::oversight::v1::{self as pb, OversightKind, OversightSubject};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::Reach;
use qinglian_kit::clock::Clock;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec};
use qinglian_store::{Begun, Change, MutationContext, Store};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};

use crate::directory::require_unit;
use crate::entities::{activity_law, oversight_activity};
use crate::error::OversightError;

/// Protobuf name of an activity.
pub const ACTIVITY: &str = "qinglian.oversight.v1.OversightActivity";

/// A validated activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityFields {
    /// `OversightKind` number.
    pub kind: i32,
    /// `OversightSubject` number.
    pub subject: i32,
    /// What was reported, reviewed or inspected.
    pub title: String,
    /// The meeting.
    pub meeting: String,
    /// The day.
    pub date: NaiveDate,
    /// Laws inspected, for inspections.
    pub laws_inspected: Vec<String>,
    /// The activity it was held on, or empty.
    pub related_activity_id: String,
    /// The standing committee.
    pub organisation_unit_id: String,
}

/// An activity with its laws, as stored and replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRecord {
    /// The activity.
    pub activity: oversight_activity::Model,
    /// The laws it inspected, in order.
    pub laws: Vec<String>,
}

/// Oversight activities over the service's store, committees checked in the directory.
#[derive(Clone, Debug)]
pub struct Activities {
    store: Store,
    directory: DirectoryPeer,
    clock: Clock,
}

fn list_spec() -> ListSpec<oversight_activity::Column> {
    use oversight_activity::Column as C;
    let kind = FieldType::Enum(|name| OversightKind::from_str_name(name).map(|k| k as i32));
    let subject = FieldType::Enum(|name| OversightSubject::from_str_name(name).map(|s| s as i32));
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: ACTIVITY,
        filter_fields: vec![
            field("kind", C::Kind, kind),
            field("subject", C::Subject, subject),
            field("date", C::Date, FieldType::Date),
            field(
                "organisation_unit_id",
                C::OrganisationUnitId,
                FieldType::String,
            ),
            field(
                "related_activity_id",
                C::RelatedActivityId,
                FieldType::String,
            ),
            field("title", C::Title, FieldType::String),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("date", C::Date), ("create_time", C::CreateTime)],
        default_order: "date",
        id_field: ("id", C::Id),
    }
}

/// The laws of activity `id`, in order.
async fn laws(conn: &impl ConnectionTrait, id: &str) -> Result<Vec<String>, OversightError> {
    Ok(activity_law::Entity::find()
        .filter(activity_law::Column::ActivityId.eq(id.to_owned()))
        .order_by_asc(activity_law::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|law| law.law_title)
        .collect())
}

/// The activity `id` with its laws; NOT_FOUND when there is none.
pub async fn activity_record(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<ActivityRecord, OversightError> {
    let activity = oversight_activity::Entity::find_by_id(id.to_owned())
        .one(conn)
        .await?
        .ok_or_else(|| OversightError::not_found("oversight activity", id))?;
    Ok(ActivityRecord {
        laws: laws(conn, id).await?,
        activity,
    })
}

impl Activities {
    /// Activities in `store`, committees checked through `directory`, dates judged by `clock`.
    pub fn new(store: Store, directory: DirectoryPeer, clock: Clock) -> Self {
        Self {
            store,
            directory,
            clock,
        }
    }

    /// Today, for validating dates.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// Records an activity after checking its committee in the directory and the activity it was held
    /// on in this service.
    pub async fn record(
        &self,
        context: MutationContext,
        fields: ActivityFields,
    ) -> Result<ActivityRecord, OversightError> {
        require_unit(
            &self.directory,
            "activity.organisation_unit_id",
            &fields.organisation_unit_id,
        )
        .await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        if !fields.related_activity_id.is_empty()
            && oversight_activity::Entity::find_by_id(fields.related_activity_id.clone())
                .one(mutation.txn())
                .await?
                .is_none()
        {
            return Err(OversightError::invalid(
                "activity.related_activity_id",
                "does not exist",
            ));
        }
        let now = mutation.now();
        let row = oversight_activity::Model {
            id: uuid::Uuid::now_v7().to_string(),
            kind: fields.kind,
            subject: fields.subject,
            title: fields.title,
            meeting: fields.meeting,
            date: fields.date,
            related_activity_id: fields.related_activity_id,
            organisation_unit_id: fields.organisation_unit_id,
            version: 1,
            create_time: now,
            update_time: now,
        };
        oversight_activity::ActiveModel::from(row.clone())
            .insert(mutation.txn())
            .await?;
        for (position, law_title) in fields.laws_inspected.iter().enumerate() {
            activity_law::ActiveModel::from(activity_law::Model {
                activity_id: row.id.clone(),
                position: i32::try_from(position).unwrap_or(i32::MAX),
                law_title: law_title.clone(),
            })
            .insert(mutation.txn())
            .await?;
        }
        let record = ActivityRecord {
            activity: row,
            laws: fields.laws_inspected,
        };
        mutation
            .record(Change::created(
                &record.activity.id,
                &record,
                &pb::OversightActivity::from(&record),
            ))
            .await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// One activity of a committee within `reach`.
    pub async fn get(&self, reach: &Reach, id: &str) -> Result<ActivityRecord, OversightError> {
        let found = activity_record(self.store.conn(), id).await;
        reach.admit(found, |r| vec![r.activity.organisation_unit_id.as_str()])
    }

    /// One page of the activities of committees within `reach`, with their laws.
    pub async fn list(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
    ) -> Result<(Vec<ActivityRecord>, String), OversightError> {
        let conn = self.store.conn();
        let page = page::list(
            conn,
            &list_spec(),
            oversight_activity::Entity::find()
                .filter(reach.condition(oversight_activity::Column::OrganisationUnitId)),
            request,
        )
        .await?;
        let mut records = Vec::with_capacity(page.items.len());
        for activity in page.items {
            records.push(ActivityRecord {
                laws: laws(conn, &activity.id).await?,
                activity,
            });
        }
        Ok((records, page.next_page_token))
    }
}
