//! Education activities and their participants.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_education"
    }
}

#[derive(DeriveIden)]
enum EducationActivities {
    Table,
    Id,
    Kind,
    Title,
    Date,
    OrganisingUnitId,
    ParticipantIds,
    HeadCount,
    Description,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum EducationParticipants {
    Table,
    ActivityId,
    PersonId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EducationActivities::Table)
                    .col(string(EducationActivities::Id).primary_key())
                    .col(integer(EducationActivities::Kind))
                    .col(string(EducationActivities::Title))
                    .col(date(EducationActivities::Date))
                    .col(string(EducationActivities::OrganisingUnitId))
                    .col(text(EducationActivities::ParticipantIds))
                    .col(integer(EducationActivities::HeadCount))
                    .col(text(EducationActivities::Description))
                    .col(big_integer(EducationActivities::Version))
                    .col(timestamp_with_time_zone(EducationActivities::CreateTime))
                    .col(timestamp_with_time_zone(EducationActivities::UpdateTime))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("education_activities_date", &["date", "id"][..]),
            (
                "education_activities_unit_kind",
                &["organising_unit_id", "kind", "date"][..],
            ),
            (
                "education_activities_create_time",
                &["create_time", "id"][..],
            ),
        ] {
            manager
                .create_index(index(name, EducationActivities::Table, columns))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(EducationParticipants::Table)
                    .col(string(EducationParticipants::ActivityId))
                    .col(string(EducationParticipants::PersonId))
                    .primary_key(
                        Index::create()
                            .col(EducationParticipants::ActivityId)
                            .col(EducationParticipants::PersonId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                EducationParticipants::Table,
                                EducationParticipants::ActivityId,
                            )
                            .to(EducationActivities::Table, EducationActivities::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "education_participants_person",
                EducationParticipants::Table,
                &["person_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EducationParticipants::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(EducationActivities::Table).to_owned())
            .await
    }
}
