//! Regulations and their revisions.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_regulations"
    }
}

#[derive(DeriveIden)]
enum Regulations {
    Table,
    Id,
    Title,
    IssuingUnitId,
    CurrentVersion,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum RegulationRevisions {
    Table,
    RegulationId,
    Version,
    ChangeSummary,
    EffectiveDate,
    CreateTime,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Regulations::Table)
                    .col(string(Regulations::Id).primary_key())
                    .col(string(Regulations::Title))
                    .col(string(Regulations::IssuingUnitId))
                    .col(integer(Regulations::CurrentVersion))
                    .col(big_integer(Regulations::Version))
                    .col(timestamp_with_time_zone(Regulations::CreateTime))
                    .col(timestamp_with_time_zone(Regulations::UpdateTime))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "regulations_title",
                Regulations::Table,
                &["title", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "regulations_unit",
                Regulations::Table,
                &["issuing_unit_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RegulationRevisions::Table)
                    .col(string(RegulationRevisions::RegulationId))
                    .col(integer(RegulationRevisions::Version))
                    .col(text(RegulationRevisions::ChangeSummary))
                    .col(date(RegulationRevisions::EffectiveDate))
                    .col(timestamp_with_time_zone(RegulationRevisions::CreateTime))
                    .primary_key(
                        Index::create()
                            .col(RegulationRevisions::RegulationId)
                            .col(RegulationRevisions::Version),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RegulationRevisions::Table,
                                RegulationRevisions::RegulationId,
                            )
                            .to(Regulations::Table, Regulations::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RegulationRevisions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Regulations::Table).to_owned())
            .await
    }
}
