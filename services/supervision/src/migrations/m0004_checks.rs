//! Supervision checks, their target units, their inspectors and their findings.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_checks"
    }
}

#[derive(DeriveIden)]
enum Checks {
    Table,
    Id,
    Kind,
    Title,
    Focuses,
    FocusNote,
    OrganisingUnitId,
    TargetUnitIds,
    StartDate,
    EndDate,
    InspectorIds,
    State,
    Conclusion,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(Clone, Copy, DeriveIden)]
enum CheckTargets {
    Table,
    CheckId,
    UnitId,
}

#[derive(Clone, Copy, DeriveIden)]
enum CheckInspectors {
    Table,
    CheckId,
    PersonId,
}

#[derive(DeriveIden)]
enum CheckFindings {
    Table,
    CheckId,
    Position,
    Description,
    UnitId,
    OpenProblem,
    Category,
    Severity,
    ProblemId,
}

/// A table of (check, member) pairs, keyed by both, looked up by the member.
async fn member_table(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Clone + 'static,
    check_id: impl IntoIden + Clone + 'static,
    member: impl IntoIden + Clone + 'static,
    index_name: &str,
    member_column: &'static str,
) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(table.clone())
                .col(string(check_id.clone()))
                .col(string(member.clone()))
                .primary_key(Index::create().col(check_id.clone()).col(member))
                .foreign_key(
                    ForeignKey::create()
                        .from(table.clone(), check_id)
                        .to(Checks::Table, Checks::Id),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(index_name, table, &[member_column]))
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Checks::Table)
                    .col(string(Checks::Id).primary_key())
                    .col(integer(Checks::Kind))
                    .col(string(Checks::Title))
                    .col(string(Checks::Focuses))
                    .col(string(Checks::FocusNote))
                    .col(string(Checks::OrganisingUnitId))
                    .col(text(Checks::TargetUnitIds))
                    .col(date(Checks::StartDate))
                    .col(date(Checks::EndDate))
                    .col(text(Checks::InspectorIds))
                    .col(integer(Checks::State))
                    .col(text(Checks::Conclusion))
                    .col(big_integer(Checks::Version))
                    .col(timestamp_with_time_zone(Checks::CreateTime))
                    .col(timestamp_with_time_zone(Checks::UpdateTime))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("checks_start_date", &["start_date", "id"][..]),
            ("checks_create_time", &["create_time", "id"][..]),
            (
                "checks_unit_kind",
                &["organising_unit_id", "kind", "start_date"][..],
            ),
        ] {
            manager
                .create_index(index(name, Checks::Table, columns))
                .await?;
        }
        member_table(
            manager,
            CheckTargets::Table,
            CheckTargets::CheckId,
            CheckTargets::UnitId,
            "check_targets_unit",
            "unit_id",
        )
        .await?;
        member_table(
            manager,
            CheckInspectors::Table,
            CheckInspectors::CheckId,
            CheckInspectors::PersonId,
            "check_inspectors_person",
            "person_id",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(CheckFindings::Table)
                    .col(string(CheckFindings::CheckId))
                    .col(integer(CheckFindings::Position))
                    .col(text(CheckFindings::Description))
                    .col(string(CheckFindings::UnitId))
                    .col(boolean(CheckFindings::OpenProblem))
                    .col(string(CheckFindings::Category))
                    .col(integer(CheckFindings::Severity))
                    .col(string(CheckFindings::ProblemId))
                    .primary_key(
                        Index::create()
                            .col(CheckFindings::CheckId)
                            .col(CheckFindings::Position),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckFindings::Table, CheckFindings::CheckId)
                            .to(Checks::Table, Checks::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CheckFindings::Table.into_iden(),
            CheckInspectors::Table.into_iden(),
            CheckTargets::Table.into_iden(),
            Checks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
