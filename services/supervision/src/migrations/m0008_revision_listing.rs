//! Regulation revisions listed across regulations: each gets an id of its own
//! (`<regulation id>:<version>`) and the issuing unit of its regulation, filled for the revisions
//! already recorded.

use qinglian_store::migrate::index;
use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_revision_listing"
    }
}

#[derive(DeriveIden)]
enum RegulationRevisions {
    Table,
    Id,
    IssuingUnitId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [RegulationRevisions::Id, RegulationRevisions::IssuingUnitId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RegulationRevisions::Table)
                        .add_column(string(column).default(""))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE regulation_revisions SET id = regulation_id || ':' || CAST(version AS TEXT), \
                 issuing_unit_id = COALESCE((SELECT r.issuing_unit_id FROM regulations r WHERE \
                 r.id = regulation_revisions.regulation_id), '')",
            )
            .await?;
        manager
            .create_index(index(
                "regulation_revisions_listing",
                RegulationRevisions::Table,
                &["effective_date", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "regulation_revisions_unit",
                RegulationRevisions::Table,
                &["issuing_unit_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["regulation_revisions_listing", "regulation_revisions_unit"] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(RegulationRevisions::Table)
                        .to_owned(),
                )
                .await?;
        }
        for column in [RegulationRevisions::Id, RegulationRevisions::IssuingUnitId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RegulationRevisions::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
