//! A regulation revision may answer a rectification measure (a lasting mechanism, 长效机制).

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_regulation_answers"
    }
}

#[derive(DeriveIden)]
enum RegulationRevisions {
    Table,
    RectificationId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RegulationRevisions::Table)
                    .add_column(string(RegulationRevisions::RectificationId).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "regulation_revisions_rectification",
                RegulationRevisions::Table,
                &["rectification_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("regulation_revisions_rectification")
                    .table(RegulationRevisions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RegulationRevisions::Table)
                    .drop_column(RegulationRevisions::RectificationId)
                    .to_owned(),
            )
            .await
    }
}
