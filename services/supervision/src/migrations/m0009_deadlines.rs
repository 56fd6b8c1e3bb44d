//! Measures' warnings and extension requests move into the deadline tables every service shares the
//! shape of, keeping every row; each level may then be raised again against a deadline an approved
//! extension moved, and subjects extended before now warn again from their new date.

use qinglian_domain::deadlines::migration::{self, FormerTables};
use sea_orm_migration::prelude::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_deadlines"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        migration::adopt(
            manager,
            FormerTables {
                subject_table: "rectifications",
                subject_due_column: "deadline",
                escalations: "rectification_escalations",
                recipients: "rectification_escalation_recipients",
                extensions: "rectification_extensions",
                subject_column: "rectification_id",
                due_column: "deadline",
                requested_column: "requested_deadline",
            },
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        migration::drop_tables(manager).await
    }
}
