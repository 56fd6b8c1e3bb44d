//! Escalations, their recipients, and the ladder's thresholds.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_escalations"
    }
}

#[derive(DeriveIden)]
enum Escalations {
    Table,
    Id,
    TaskId,
    Level,
    RecipientIds,
    RaiseDate,
    DueDate,
    DaysLeft,
    Acknowledged,
    AcknowledgedBy,
    AcknowledgeTime,
    Version,
    CreateTime,
}

#[derive(DeriveIden)]
enum EscalationRecipients {
    Table,
    EscalationId,
    PersonId,
}

#[derive(DeriveIden)]
enum EscalationPolicies {
    Table,
    PlanId,
    GreenDays,
    YellowDays,
    UpdateTime,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Escalations::Table)
                    .col(string(Escalations::Id).primary_key())
                    .col(string(Escalations::TaskId))
                    .col(integer(Escalations::Level))
                    .col(text(Escalations::RecipientIds))
                    .col(date(Escalations::RaiseDate))
                    .col(date(Escalations::DueDate))
                    .col(integer(Escalations::DaysLeft))
                    .col(boolean(Escalations::Acknowledged))
                    .col(string(Escalations::AcknowledgedBy))
                    .col(timestamp_with_time_zone_null(Escalations::AcknowledgeTime))
                    .col(big_integer(Escalations::Version))
                    .col(timestamp_with_time_zone(Escalations::CreateTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Escalations::Table, Escalations::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The guarantee behind "each (task, level) exactly once", whatever the replicas do.
        manager
            .create_index(
                Index::create()
                    .name("escalations_task_level")
                    .table(Escalations::Table)
                    .col(Escalations::TaskId)
                    .col(Escalations::Level)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("escalations_create_time")
                    .table(Escalations::Table)
                    .col(Escalations::CreateTime)
                    .col(Escalations::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EscalationRecipients::Table)
                    .col(string(EscalationRecipients::EscalationId))
                    .col(string(EscalationRecipients::PersonId))
                    .primary_key(
                        Index::create()
                            .col(EscalationRecipients::EscalationId)
                            .col(EscalationRecipients::PersonId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                EscalationRecipients::Table,
                                EscalationRecipients::EscalationId,
                            )
                            .to(Escalations::Table, Escalations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("escalation_recipients_person")
                    .table(EscalationRecipients::Table)
                    .col(EscalationRecipients::PersonId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EscalationPolicies::Table)
                    .col(string(EscalationPolicies::PlanId).primary_key())
                    .col(integer(EscalationPolicies::GreenDays))
                    .col(integer(EscalationPolicies::YellowDays))
                    .col(timestamp_with_time_zone(EscalationPolicies::UpdateTime))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EscalationRecipients::Table.into_iden(),
            Escalations::Table.into_iden(),
            EscalationPolicies::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
