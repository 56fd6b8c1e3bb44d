//! Escalations and extension requests move into the deadline tables every service shares the shape
//! of, keeping every row; each level may then be raised again against a deadline an approved
//! extension moved, and subjects extended before now warn again from their new date.

use qinglian_domain::deadlines::migration::{self, FormerTables};
use sea_orm_migration::prelude::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_deadlines"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        migration::adopt(
            manager,
            FormerTables {
                subject_table: "tasks",
                subject_due_column: "due_date",
                escalations: "escalations",
                recipients: "escalation_recipients",
                extensions: "extensions",
                subject_column: "task_id",
                due_column: "due_date",
                requested_column: "requested_due_date",
            },
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        migration::drop_tables(manager).await
    }
}
