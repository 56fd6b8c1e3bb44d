//! Warning-education and integrity-education activities (警示教育, 廉政党课, 政治生日 …) and who attended.

mod inputs;

pub use inputs::EducationFields;
use qinglian_api::supervision::v1 as pb;
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::Reach;
use qinglian_kit::clock::Clock;
use qinglian_kit::peers::PeerError;
use qinglian_kit::status::FieldViolation;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, Store};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{education_activity, education_participant};
use crate::error::SupervisionError;

/// Protobuf name of an education activity.
pub const EDUCATION_ACTIVITY: &str = "qinglian.supervision.v1.EducationActivity";

/// Education activities over the service's store, checked against the directory.
#[derive(Clone, Debug)]
pub struct Education {
    store: Store,
    directory: DirectoryPeer,
    clock: Clock,
}

fn list_spec() -> ListSpec<education_activity::Column> {
    use education_activity::Column as C;
    let kind = FieldType::Enum(|name| pb::EducationKind::from_str_name(name).map(|k| k as i32));
    ListSpec {
        resource: EDUCATION_ACTIVITY,
        filter_fields: vec![
            FilterField {
                name: "kind",
                column: C::Kind,
                field_type: kind,
            },
            FilterField {
                name: "organising_unit_id",
                column: C::OrganisingUnitId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "date",
                column: C::Date,
                field_type: FieldType::Date,
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
        order_fields: vec![("date", C::Date), ("create_time", C::CreateTime)],
        default_order: "date",
        id_field: ("id", C::Id),
    }
}

impl Education {
    /// Activities in `store`, units and people checked through `directory`, dates by `clock`.
    pub fn new(store: Store, directory: DirectoryPeer, clock: Clock) -> Self {
        Self {
            store,
            directory,
            clock,
        }
    }

    /// Today, for validating dates.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Records an activity organised by a unit within `reach`, after checking its unit and
    /// participants in the directory.
    pub async fn record(
        &self,
        reach: &Reach,
        context: MutationContext,
        fields: EducationFields,
    ) -> Result<education_activity::Model, SupervisionError> {
        reach.require([fields.organising_unit_id.as_str()])?;
        let mut violations = Vec::new();
        match self
            .directory
            .units(std::slice::from_ref(&fields.organising_unit_id))
            .await
        {
            Ok(_) => {}
            Err(PeerError::Missing { .. }) => violations.push(FieldViolation::new(
                "education_activity.organising_unit_id",
                "does not exist",
            )),
            Err(other) => return Err(other.into()),
        }
        if !fields.participant_ids.is_empty() {
            match self.directory.people(&fields.participant_ids).await {
                Ok(_) => {}
                Err(PeerError::Missing { ids }) => {
                    for (i, id) in fields.participant_ids.iter().enumerate() {
                        if ids.contains(id) {
                            violations.push(FieldViolation::new(
                                format!("education_activity.participant_ids[{i}]"),
                                "does not exist",
                            ));
                        }
                    }
                }
                Err(other) => return Err(other.into()),
            }
        }
        if !violations.is_empty() {
            return Err(SupervisionError::InvalidArgument(violations));
        }
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(activity) => return Ok(activity),
            Begun::Fresh(mutation) => mutation,
        };
        let now = mutation.now();
        let created = education_activity::Model {
            id: uuid::Uuid::now_v7().to_string(),
            kind: fields.kind,
            title: fields.title,
            date: fields.date,
            organising_unit_id: fields.organising_unit_id,
            participant_ids: fields.participant_ids.join(","),
            head_count: fields.head_count,
            description: fields.description,
            version: 1,
            create_time: now,
            update_time: now,
        };
        education_activity::ActiveModel::from(created.clone())
            .insert(mutation.txn())
            .await?;
        for person_id in &fields.participant_ids {
            education_participant::ActiveModel {
                activity_id: Set(created.id.clone()),
                person_id: Set(person_id.clone()),
            }
            .insert(mutation.txn())
            .await?;
        }
        mutation
            .record(Change::created(
                &created.id,
                &created,
                &pb::EducationActivity::from(&created),
            ))
            .await?;
        mutation.commit(&created).await?;
        Ok(created)
    }

    /// One activity organised by a unit within `reach`.
    pub async fn get(
        &self,
        reach: &Reach,
        id: &str,
    ) -> Result<education_activity::Model, SupervisionError> {
        let found = education_activity::Entity::find_by_id(id.to_owned())
            .one(self.store.conn())
            .await?
            .ok_or_else(|| SupervisionError::not_found("education activity", id));
        reach.admit(found, |a| vec![a.organising_unit_id.as_str()])
    }

    /// One page of the activities organised by units within `reach`, optionally only those
    /// `participant` attended.
    pub async fn list(
        &self,
        reach: &Reach,
        participant: Option<&str>,
        request: &ListRequest<'_>,
    ) -> Result<Page<education_activity::Model>, SupervisionError> {
        let mut base = education_activity::Entity::find()
            .filter(reach.condition(education_activity::Column::OrganisingUnitId));
        if let Some(person_id) = participant {
            base = base.filter(
                education_activity::Column::Id.in_subquery(
                    Query::select()
                        .column(education_participant::Column::ActivityId)
                        .from(education_participant::Entity)
                        .and_where(
                            Expr::col(education_participant::Column::PersonId)
                                .eq(person_id.to_owned()),
                        )
                        .to_owned(),
                ),
            );
        }
        Ok(page::list(self.store.conn(), &list_spec(), base, request).await?)
    }
}
