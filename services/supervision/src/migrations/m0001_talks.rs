//! Talks.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_talks"
    }
}

#[derive(DeriveIden)]
enum Talks {
    Table,
    Id,
    Kind,
    SubjectPersonId,
    SubjectUnitId,
    ConductedByIds,
    Date,
    Reason,
    Content,
    FollowUps,
    Version,
    CreateTime,
    UpdateTime,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Talks::Table)
                    .col(string(Talks::Id).primary_key())
                    .col(integer(Talks::Kind))
                    .col(string(Talks::SubjectPersonId))
                    .col(string(Talks::SubjectUnitId))
                    .col(text(Talks::ConductedByIds))
                    .col(date(Talks::Date))
                    .col(text(Talks::Reason))
                    .col(text(Talks::Content))
                    .col(text(Talks::FollowUps))
                    .col(big_integer(Talks::Version))
                    .col(timestamp_with_time_zone(Talks::CreateTime))
                    .col(timestamp_with_time_zone(Talks::UpdateTime))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("talks_date", &["date", "id"][..]),
            ("talks_subject", &["subject_person_id"][..]),
            ("talks_unit_kind", &["subject_unit_id", "kind", "date"][..]),
            ("talks_create_time", &["create_time", "id"][..]),
        ] {
            manager
                .create_index(index(name, Talks::Table, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Talks::Table).to_owned())
            .await
    }
}
