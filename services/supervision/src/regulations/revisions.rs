//! The revisions of every regulation, listed across regulations: what the yearly figures of rules
//! created and revised count, so that their filters list exactly the revisions counted.

use qinglian_api::supervision::v1 as pb;
use qinglian_kit::auth::Reach;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec};
use qinglian_store::time;
use sea_orm::{EntityTrait, QueryFilter};

use super::Regulations;
use crate::entities::regulation_revision;
use crate::error::SupervisionError;

/// Protobuf name of a regulation revision.
pub(crate) const REVISION: &str = "qinglian.supervision.v1.RegulationRevision";

/// The id of version `version` of regulation `regulation_id`.
pub fn revision_id(regulation_id: &str, version: i32) -> String {
    format!("{regulation_id}:{version}")
}

impl From<&regulation_revision::Model> for pb::RegulationRevision {
    fn from(v: &regulation_revision::Model) -> Self {
        Self {
            version: v.version,
            change_summary: v.change_summary.clone(),
            effective_date: v.effective_date.format("%Y-%m-%d").to_string(),
            create_time: Some(time::to_proto(v.create_time)),
            rectification_id: v.rectification_id.clone(),
            regulation_id: v.regulation_id.clone(),
            issuing_unit_id: v.issuing_unit_id.clone(),
        }
    }
}

/// What ListRegulationRevisions filters and orders by.
fn list_spec() -> ListSpec<regulation_revision::Column> {
    use regulation_revision::Column as C;
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: REVISION,
        filter_fields: vec![
            field("regulation_id", C::RegulationId, FieldType::String),
            field("issuing_unit_id", C::IssuingUnitId, FieldType::String),
            field("version", C::Version, FieldType::Integer),
            field("effective_date", C::EffectiveDate, FieldType::Date),
            field("rectification_id", C::RectificationId, FieldType::String),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![
            ("effective_date", C::EffectiveDate),
            ("create_time", C::CreateTime),
        ],
        default_order: "effective_date",
        id_field: ("id", C::Id),
    }
}

impl Regulations {
    /// One page of the revisions of every regulation issued within `reach`, and the token for the
    /// next.
    pub async fn list_revisions(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
    ) -> Result<(Vec<regulation_revision::Model>, String), SupervisionError> {
        let page = page::list(
            self.store.conn(),
            &list_spec(),
            regulation_revision::Entity::find()
                .filter(reach.condition(regulation_revision::Column::IssuingUnitId)),
            request,
        )
        .await?;
        Ok((page.items, page.next_page_token))
    }
}
