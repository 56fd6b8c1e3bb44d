//! The annual report (年度工作报告): gathered from the three services' records, rendered from a
//! template in the structure of the reference report, stored as the next version with every figure and
//! its provenance, and compared between versions.

pub mod archive;
pub mod checking;
pub mod gather;
pub mod peers;
pub mod render;

use std::path::PathBuf;

use qinglian_api::oversight::v1::{self as pb, ReportFormat};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext, Store};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::conversions::reports::report_message;
use crate::entities::annual_report;
use crate::error::OversightError;
use crate::statistics::OversightStatistics;
use archive::{diff, figures_from_json, figures_to_json};
use peers::{SupervisionPeer, TasksPeer};

/// Protobuf name of a report.
pub const REPORT: &str = "qinglian.oversight.v1.AnnualReport";

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOrder {
    /// The organisation.
    pub organisation_unit_id: String,
    /// The year.
    pub year: i32,
    /// `ReportFormat` number.
    pub format: i32,
    /// The template.
    pub template_name: String,
    /// Write what can be written when a peer is down.
    pub allow_partial: bool,
}

/// Reports over the service's store and its peers.
#[derive(Clone, Debug)]
pub struct Reports {
    store: Store,
    directory: DirectoryPeer,
    tasks: TasksPeer,
    supervision: SupervisionPeer,
    statistics: OversightStatistics,
    template_dir: Option<PathBuf>,
}

fn list_spec() -> ListSpec<annual_report::Column> {
    use annual_report::Column as C;
    let field = |name, column, field_type| FilterField {
        name,
        column,
        field_type,
    };
    ListSpec {
        resource: REPORT,
        filter_fields: vec![
            field(
                "organisation_unit_id",
                C::OrganisationUnitId,
                FieldType::String,
            ),
            field("year", C::Year, FieldType::Integer),
            field("version", C::Version, FieldType::Integer),
            field("create_time", C::CreateTime, FieldType::Timestamp),
        ],
        order_fields: vec![("create_time", C::CreateTime), ("year", C::Year)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

impl Reports {
    /// Reports in `store`, gathered through the peers and this service's `statistics`, rendered from
    /// the embedded templates or those in `template_dir`.
    pub fn new(
        store: Store,
        directory: DirectoryPeer,
        tasks: TasksPeer,
        supervision: SupervisionPeer,
        statistics: OversightStatistics,
        template_dir: Option<PathBuf>,
    ) -> Self {
        Self {
            store,
            directory,
            tasks,
            supervision,
            statistics,
            template_dir,
        }
    }

    /// Generates and stores the next version of a report. The peers are asked before the write
    /// begins, so a slow peer never holds up the service's other writes.
    pub async fn generate(
        &self,
        context: MutationContext,
        order: ReportOrder,
    ) -> Result<annual_report::Model, OversightError> {
        let source = render::template_source(&order.template_name, self.template_dir.as_deref())?;
        let gathered = self
            .gather(&order.organisation_unit_id, order.year, order.allow_partial)
            .await?;
        let markdown = order.format == ReportFormat::Markdown as i32;
        let text = render::render(&source, &gathered, order.year, markdown)?;
        let figures = render::all_figures(&gathered);
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(report) => return Ok(report),
            Begun::Fresh(mutation) => mutation,
        };
        let latest: Option<i32> = annual_report::Entity::find()
            .select_only()
            .column(annual_report::Column::Version)
            .filter(
                annual_report::Column::OrganisationUnitId.eq(order.organisation_unit_id.clone()),
            )
            .filter(annual_report::Column::Year.eq(order.year))
            .order_by_desc(annual_report::Column::Version)
            .into_tuple()
            .one(mutation.txn())
            .await?;
        let row = annual_report::Model {
            id: uuid::Uuid::now_v7().to_string(),
            organisation_unit_id: order.organisation_unit_id,
            organisation_name: gathered.organisation_name.clone(),
            year: order.year,
            version: latest.unwrap_or(0) + 1,
            format: order.format,
            template_name: order.template_name,
            text,
            figures: figures_to_json(&figures),
            missing_sections: serde_json::to_string(&gathered.missing)
                .unwrap_or_else(|_| "[]".to_owned()),
            create_time: mutation.now(),
        };
        annual_report::ActiveModel::from(row.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(&row.id, &row, &report_message(&row, false)))
            .await?;
        mutation.commit(&row).await?;
        Ok(row)
    }

    /// PERMISSION_DENIED unless the organisation `unit_id` is within the caller's unit scope.
    pub async fn require_scope(
        &self,
        caller: &qinglian_kit::auth::Caller,
        unit_id: &str,
    ) -> Result<(), OversightError> {
        crate::directory::require_scope(&self.directory, caller, unit_id).await
    }

    /// One stored report, of an organisation within the caller's scope.
    pub async fn get(
        &self,
        caller: &qinglian_kit::auth::Caller,
        id: &str,
    ) -> Result<annual_report::Model, OversightError> {
        let report = annual_report::Entity::find_by_id(id.to_owned())
            .one(self.store.conn())
            .await?
            .ok_or_else(|| OversightError::not_found("annual report", id))?;
        self.require_scope(caller, &report.organisation_unit_id)
            .await?;
        Ok(report)
    }

    /// One page of stored reports, of every organisation or, for a caller scoped to a unit, of that
    /// unit and the units below it.
    pub async fn list(
        &self,
        caller: &qinglian_kit::auth::Caller,
        request: &ListRequest<'_>,
    ) -> Result<Page<annual_report::Model>, OversightError> {
        let reach = self.directory.reach(caller).await?;
        let select = annual_report::Entity::find()
            .filter(reach.condition(annual_report::Column::OrganisationUnitId));
        Ok(page::list(self.store.conn(), &list_spec(), select, request).await?)
    }

    /// The figures that differ between two stored reports.
    pub async fn diff(
        &self,
        caller: &qinglian_kit::auth::Caller,
        base_id: &str,
        head_id: &str,
    ) -> Result<Vec<pb::FigureChange>, OversightError> {
        let base = self.get(caller, base_id).await?;
        let head = self.get(caller, head_id).await?;
        Ok(diff(
            &figures_from_json(&base.figures),
            &figures_from_json(&head.figures),
        ))
    }
}
