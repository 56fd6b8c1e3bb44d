//! Plans, tasks, cooperating units, progress reports and extension requests; unit heads.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_tasks"
    }
}

#[derive(DeriveIden)]
enum Units {
    Table,
    HeadId,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    Year,
    Title,
    IssuingUnitId,
    Kind,
    State,
    Version,
    CreateTime,
    UpdateTime,
    PublishTime,
    ArchiveTime,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    PlanId,
    ParentTaskId,
    Code,
    Title,
    Description,
    Category,
    LeadUnitId,
    ResponsibleLeaderId,
    HandlerId,
    DueDate,
    OriginalDueDate,
    Accountabilities,
    State,
    ProgressPercent,
    ReturnReason,
    CancelReason,
    Extended,
    LateEntry,
    CompletedDate,
    WarningLevel,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum TaskCooperatingUnits {
    Table,
    TaskId,
    UnitId,
    Position,
}

#[derive(DeriveIden)]
enum ProgressReports {
    Table,
    Id,
    TaskId,
    Text,
    Percent,
    EvidenceJson,
    Reporter,
    ReportTime,
    LateEntry,
    LateReasons,
}

#[derive(DeriveIden)]
enum Extensions {
    Table,
    Id,
    TaskId,
    RequestedDueDate,
    Reason,
    State,
    RequestedBy,
    DecidedBy,
    DecisionReason,
    CreateTime,
    DecideTime,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Units::Table)
                    .add_column(string_null(Units::HeadId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(string(Plans::Id).primary_key())
                    .col(integer(Plans::Year))
                    .col(string(Plans::Title))
                    .col(string(Plans::IssuingUnitId))
                    .col(integer(Plans::Kind))
                    .col(integer(Plans::State))
                    .col(big_integer(Plans::Version))
                    .col(timestamp_with_time_zone(Plans::CreateTime))
                    .col(timestamp_with_time_zone(Plans::UpdateTime))
                    .col(timestamp_with_time_zone_null(Plans::PublishTime))
                    .col(timestamp_with_time_zone_null(Plans::ArchiveTime))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "plans_create_time",
                Plans::Table,
                &["create_time", "id"],
            ))
            .await?;
        manager
            .create_index(index("plans_year", Plans::Table, &["year", "id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(string(Tasks::Id).primary_key())
                    .col(string(Tasks::PlanId))
                    .col(string_null(Tasks::ParentTaskId))
                    .col(string(Tasks::Code))
                    .col(string(Tasks::Title))
                    .col(text(Tasks::Description))
                    .col(string(Tasks::Category))
                    .col(string(Tasks::LeadUnitId))
                    .col(string_null(Tasks::ResponsibleLeaderId))
                    .col(string_null(Tasks::HandlerId))
                    .col(date(Tasks::DueDate))
                    .col(date(Tasks::OriginalDueDate))
                    .col(string(Tasks::Accountabilities))
                    .col(integer(Tasks::State))
                    .col(integer(Tasks::ProgressPercent))
                    .col(text(Tasks::ReturnReason))
                    .col(text(Tasks::CancelReason))
                    .col(boolean(Tasks::Extended))
                    .col(boolean(Tasks::LateEntry))
                    .col(date_null(Tasks::CompletedDate))
                    .col(integer(Tasks::WarningLevel))
                    .col(big_integer(Tasks::Version))
                    .col(timestamp_with_time_zone(Tasks::CreateTime))
                    .col(timestamp_with_time_zone(Tasks::UpdateTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Tasks::Table, Tasks::PlanId)
                            .to(Plans::Table, Plans::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("tasks_plan_due", &["plan_id", "due_date", "id"][..]),
            ("tasks_due", &["due_date", "id"][..]),
            ("tasks_lead_unit", &["lead_unit_id", "state"][..]),
            ("tasks_leader", &["responsible_leader_id"][..]),
            ("tasks_handler", &["handler_id"][..]),
            ("tasks_parent", &["parent_task_id"][..]),
            ("tasks_plan_code", &["plan_id", "code"][..]),
            ("tasks_create_time", &["create_time", "id"][..]),
        ] {
            manager
                .create_index(index(name, Tasks::Table, columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(TaskCooperatingUnits::Table)
                    .col(string(TaskCooperatingUnits::TaskId))
                    .col(string(TaskCooperatingUnits::UnitId))
                    .col(integer(TaskCooperatingUnits::Position))
                    .primary_key(
                        Index::create()
                            .col(TaskCooperatingUnits::TaskId)
                            .col(TaskCooperatingUnits::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TaskCooperatingUnits::Table, TaskCooperatingUnits::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "task_cooperating_units_unit",
                TaskCooperatingUnits::Table,
                &["unit_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProgressReports::Table)
                    .col(string(ProgressReports::Id).primary_key())
                    .col(string(ProgressReports::TaskId))
                    .col(text(ProgressReports::Text))
                    .col(integer(ProgressReports::Percent))
                    .col(text(ProgressReports::EvidenceJson))
                    .col(string(ProgressReports::Reporter))
                    .col(timestamp_with_time_zone(ProgressReports::ReportTime))
                    .col(boolean(ProgressReports::LateEntry))
                    .col(text(ProgressReports::LateReasons))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProgressReports::Table, ProgressReports::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "progress_reports_task",
                ProgressReports::Table,
                &["task_id", "report_time", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Extensions::Table)
                    .col(string(Extensions::Id).primary_key())
                    .col(string(Extensions::TaskId))
                    .col(date(Extensions::RequestedDueDate))
                    .col(text(Extensions::Reason))
                    .col(integer(Extensions::State))
                    .col(string(Extensions::RequestedBy))
                    .col(string(Extensions::DecidedBy))
                    .col(text(Extensions::DecisionReason))
                    .col(timestamp_with_time_zone(Extensions::CreateTime))
                    .col(timestamp_with_time_zone_null(Extensions::DecideTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Extensions::Table, Extensions::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "extensions_task",
                Extensions::Table,
                &["task_id", "create_time", "id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Extensions::Table.into_iden(),
            ProgressReports::Table.into_iden(),
            TaskCooperatingUnits::Table.into_iden(),
            Tasks::Table.into_iden(),
            Plans::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Units::Table)
                    .drop_column(Units::HeadId)
                    .to_owned(),
            )
            .await
    }
}
