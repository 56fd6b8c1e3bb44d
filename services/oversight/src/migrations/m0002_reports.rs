//! Generated annual reports, every version kept with its figures.

use qinglian_store::migrate::{index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_reports"
    }
}

#[derive(DeriveIden)]
enum AnnualReports {
    Table,
    Id,
    OrganisationUnitId,
    OrganisationName,
    Year,
    Version,
    Format,
    TemplateName,
    Text,
    Figures,
    MissingSections,
    CreateTime,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AnnualReports as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(string(R::Id).primary_key())
                    .col(string(R::OrganisationUnitId))
                    .col(string(R::OrganisationName))
                    .col(integer(R::Year))
                    .col(integer(R::Version))
                    .col(integer(R::Format))
                    .col(string(R::TemplateName))
                    .col(text(R::Text))
                    .col(text(R::Figures))
                    .col(text(R::MissingSections))
                    .col(timestamp_with_time_zone(R::CreateTime))
                    .to_owned(),
            )
            .await?;
        // One version number per organisation and year, whatever the replicas do.
        manager
            .create_index(unique_index(
                "annual_reports_version",
                R::Table,
                &["organisation_unit_id", "year", "version"],
            ))
            .await?;
        manager
            .create_index(index(
                "annual_reports_create",
                R::Table,
                &["create_time", "id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AnnualReports::Table).to_owned())
            .await
    }
}
