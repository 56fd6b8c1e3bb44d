//! Warnings raised for measures by the escalation ladder, and to whom.

use qinglian_store::migrate::{index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_ledger_escalations"
    }
}

#[derive(DeriveIden)]
enum RectificationEscalations {
    Table,
    Id,
    RectificationId,
    Level,
    RecipientIds,
    RaiseDate,
    Deadline,
    DaysLeft,
    Acknowledged,
    AcknowledgedBy,
    AcknowledgeTime,
    Version,
    CreateTime,
}

#[derive(DeriveIden)]
enum RectificationEscalationRecipients {
    Table,
    EscalationId,
    PersonId,
}

#[derive(DeriveIden)]
enum Rectifications {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use RectificationEscalationRecipients as R;
        use RectificationEscalations as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(string(E::Id).primary_key())
                    .col(string(E::RectificationId))
                    .col(integer(E::Level))
                    .col(text(E::RecipientIds))
                    .col(date(E::RaiseDate))
                    .col(date(E::Deadline))
                    .col(integer(E::DaysLeft))
                    .col(boolean(E::Acknowledged))
                    .col(string(E::AcknowledgedBy))
                    .col(timestamp_with_time_zone_null(E::AcknowledgeTime))
                    .col(big_integer(E::Version))
                    .col(timestamp_with_time_zone(E::CreateTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::RectificationId)
                            .to(Rectifications::Table, Rectifications::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The guarantee behind "each (measure, level) exactly once", whatever the replicas do.
        manager
            .create_index(unique_index(
                "rectification_escalations_level",
                E::Table,
                &["rectification_id", "level"],
            ))
            .await?;
        manager
            .create_index(index(
                "rectification_escalations_create",
                E::Table,
                &["create_time", "id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(string(R::EscalationId))
                    .col(string(R::PersonId))
                    .primary_key(Index::create().col(R::EscalationId).col(R::PersonId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::EscalationId)
                            .to(E::Table, E::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "rectification_escalation_recipients_person",
                R::Table,
                &["person_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(RectificationEscalationRecipients::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(RectificationEscalations::Table)
                    .to_owned(),
            )
            .await
    }
}
