//! Inspection tours (巡视 / 巡察): recorded once, listed, and referred to by the problems they found.

use chrono::NaiveDate;
use qinglian_api::supervision::v1 as pb;
use qinglian_kit::auth::Reach;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryFilter};

use super::{Ledger, References, TOUR};
use crate::entities::inspection_tour;
use crate::error::SupervisionError;

/// A validated tour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TourFields {
    /// `TourLevel` number.
    pub level: i32,
    /// The team's name.
    pub team_name: String,
    /// The unit inspected.
    pub inspected_unit_id: String,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: NaiveDate,
    /// The feedback day, when given.
    pub feedback_date: Option<NaiveDate>,
}

fn list_spec() -> ListSpec<inspection_tour::Column> {
    use inspection_tour::Column as C;
    let level = FieldType::Enum(|name| pb::TourLevel::from_str_name(name).map(|l| l as i32));
    ListSpec {
        resource: TOUR,
        filter_fields: vec![
            FilterField {
                name: "level",
                column: C::Level,
                field_type: level,
            },
            FilterField {
                name: "team_name",
                column: C::TeamName,
                field_type: FieldType::String,
            },
            FilterField {
                name: "inspected_unit_id",
                column: C::InspectedUnitId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "start_date",
                column: C::StartDate,
                field_type: FieldType::Date,
            },
            FilterField {
                name: "feedback_date",
                column: C::FeedbackDate,
                field_type: FieldType::Date,
            },
        ],
        order_fields: vec![("start_date", C::StartDate), ("create_time", C::CreateTime)],
        default_order: "start_date",
        id_field: ("id", C::Id),
    }
}

impl Ledger {
    /// Records a tour of a unit within `reach` after checking the inspected unit in the directory.
    pub async fn create_tour(
        &self,
        reach: &Reach,
        context: MutationContext,
        fields: TourFields,
    ) -> Result<inspection_tour::Model, SupervisionError> {
        reach.require([fields.inspected_unit_id.as_str()])?;
        References::default()
            .unit("tour.inspected_unit_id", &fields.inspected_unit_id)
            .check(&self.directory)
            .await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(tour) => return Ok(tour),
            Begun::Fresh(mutation) => mutation,
        };
        let tour = inspection_tour::Model {
            id: uuid::Uuid::now_v7().to_string(),
            level: fields.level,
            team_name: fields.team_name,
            inspected_unit_id: fields.inspected_unit_id,
            start_date: fields.start_date,
            end_date: fields.end_date,
            feedback_date: fields.feedback_date,
            version: 1,
            create_time: mutation.now(),
        };
        inspection_tour::ActiveModel::from(tour.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(
                &tour.id,
                &tour,
                &pb::InspectionTour::from(&tour),
            ))
            .await?;
        mutation.commit(&tour).await?;
        Ok(tour)
    }

    /// One tour of a unit within `reach`.
    pub async fn tour(
        &self,
        reach: &Reach,
        id: &str,
    ) -> Result<inspection_tour::Model, SupervisionError> {
        let found = inspection_tour::Entity::find_by_id(id.to_owned())
            .one(self.store.conn())
            .await?
            .ok_or_else(|| SupervisionError::not_found("inspection tour", id));
        reach.admit(found, |t| vec![t.inspected_unit_id.as_str()])
    }

    /// One page of the tours of units within `reach`.
    pub async fn list_tours(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
    ) -> Result<Page<inspection_tour::Model>, SupervisionError> {
        Ok(page::list(
            self.store.conn(),
            &list_spec(),
            inspection_tour::Entity::find()
                .filter(reach.condition(inspection_tour::Column::InspectedUnitId)),
            request,
        )
        .await?)
    }
}
