//! The deadline tables in a service's database, and the move of a service's former tables into them.
//! Each service calls these from a migration of its own, naming its subject table.

use qinglian_store::migrate::{index, unique_index};
use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveIden)]
enum DeadlineEscalations {
    Table,
    Id,
    SubjectId,
    Level,
    RecipientIds,
    RaiseDate,
    DueDate,
    DaysLeft,
    Acknowledged,
    AcknowledgedBy,
    AcknowledgeTime,
    Superseded,
    Version,
    CreateTime,
}

#[derive(DeriveIden)]
enum DeadlineEscalationRecipients {
    Table,
    EscalationId,
    PersonId,
}

#[derive(DeriveIden)]
enum DeadlineExtensions {
    Table,
    Id,
    SubjectId,
    RequestedDueDate,
    Reason,
    State,
    RequestedBy,
    DecidedBy,
    DecisionReason,
    CreateTime,
    DecideTime,
}

/// Creates the deadline tables, their subject ids referring to the `id` of `subject_table`.
async fn create_tables(manager: &SchemaManager<'_>, subject_table: &str) -> Result<(), DbErr> {
    use DeadlineEscalationRecipients as R;
    use DeadlineEscalations as E;
    use DeadlineExtensions as X;
    let subject = || (Alias::new(subject_table), Alias::new("id"));
    manager
        .create_table(
            Table::create()
                .table(E::Table)
                .col(string(E::Id).primary_key())
                .col(string(E::SubjectId))
                .col(integer(E::Level))
                .col(text(E::RecipientIds))
                .col(date(E::RaiseDate))
                .col(date(E::DueDate))
                .col(integer(E::DaysLeft))
                .col(boolean(E::Acknowledged))
                .col(string(E::AcknowledgedBy))
                .col(timestamp_with_time_zone_null(E::AcknowledgeTime))
                .col(boolean(E::Superseded).default(false))
                .col(big_integer(E::Version))
                .col(timestamp_with_time_zone(E::CreateTime))
                .foreign_key(
                    ForeignKey::create()
                        .from(E::Table, E::SubjectId)
                        .to(subject().0, subject().1),
                )
                .to_owned(),
        )
        .await?;
    // The guarantee behind "each level once per deadline", whatever the replicas do. Superseded
    // warnings count too: a deadline only ever moves later, so none is raised against a date again.
    manager
        .create_index(unique_index(
            "deadline_escalations_level",
            E::Table,
            &["subject_id", "due_date", "level"],
        ))
        .await?;
    manager
        .create_index(index(
            "deadline_escalations_create",
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
            "deadline_escalation_recipients_person",
            R::Table,
            &["person_id"],
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(X::Table)
                .col(string(X::Id).primary_key())
                .col(string(X::SubjectId))
                .col(date(X::RequestedDueDate))
                .col(text(X::Reason))
                .col(integer(X::State))
                .col(string(X::RequestedBy))
                .col(string(X::DecidedBy))
                .col(text(X::DecisionReason))
                .col(timestamp_with_time_zone(X::CreateTime))
                .col(timestamp_with_time_zone_null(X::DecideTime))
                .foreign_key(
                    ForeignKey::create()
                        .from(X::Table, X::SubjectId)
                        .to(subject().0, subject().1),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "deadline_extensions_subject",
            X::Table,
            &["subject_id", "create_time", "id"],
        ))
        .await
}

/// A service's deadline tables before they became one shape, and its subjects.
#[derive(Clone, Copy, Debug)]
pub struct FormerTables {
    /// The subjects' table, e.g. `tasks`, with `id`, `version` and `warning_level` columns.
    pub subject_table: &'static str,
    /// The subjects' current deadline column, e.g. `due_date`.
    pub subject_due_column: &'static str,
    /// The warnings, e.g. `escalations`.
    pub escalations: &'static str,
    /// Their recipients (`escalation_id`, `person_id`).
    pub recipients: &'static str,
    /// The extension requests.
    pub extensions: &'static str,
    /// The subject's id column in the warnings and the requests, e.g. `task_id`.
    pub subject_column: &'static str,
    /// The deadline column of the warnings, e.g. `due_date`.
    pub due_column: &'static str,
    /// The requested deadline column of the requests, e.g. `requested_due_date`.
    pub requested_column: &'static str,
}

/// Creates the deadline tables for the subjects of `former`, copies every row of the former tables
/// into them and drops those. A warning raised against a deadline an extension has since moved is
/// superseded, and the warning level of its subject recomputed from the warnings still in force (the
/// former tables kept the old date's warnings in force, so an extended subject could not warn again).
pub async fn adopt(manager: &SchemaManager<'_>, former: FormerTables) -> Result<(), DbErr> {
    create_tables(manager, former.subject_table).await?;
    let FormerTables {
        subject_table,
        subject_due_column,
        escalations,
        recipients,
        extensions,
        subject_column,
        due_column,
        requested_column,
    } = former;
    let conn = manager.get_connection();
    conn.execute_unprepared(&format!(
        "INSERT INTO deadline_escalations (id, subject_id, level, recipient_ids, raise_date, \
         due_date, days_left, acknowledged, acknowledged_by, acknowledge_time, superseded, version, \
         create_time) SELECT id, {subject_column}, level, recipient_ids, raise_date, {due_column}, \
         days_left, acknowledged, acknowledged_by, acknowledge_time, FALSE, version, create_time \
         FROM {escalations}"
    ))
    .await?;
    conn.execute_unprepared(&format!(
        "INSERT INTO deadline_escalation_recipients (escalation_id, person_id) \
         SELECT escalation_id, person_id FROM {recipients}"
    ))
    .await?;
    conn.execute_unprepared(&format!(
        "INSERT INTO deadline_extensions (id, subject_id, requested_due_date, reason, state, \
         requested_by, decided_by, decision_reason, create_time, decide_time) SELECT id, \
         {subject_column}, {requested_column}, reason, state, requested_by, decided_by, \
         decision_reason, create_time, decide_time FROM {extensions}"
    ))
    .await?;
    conn.execute_unprepared(&format!(
        "UPDATE deadline_escalations SET superseded = TRUE, version = version + 1 WHERE due_date <> \
         (SELECT s.{subject_due_column} FROM {subject_table} s WHERE s.id = \
         deadline_escalations.subject_id)"
    ))
    .await?;
    let in_force = format!(
        "COALESCE((SELECT MAX(e.level) FROM deadline_escalations e WHERE e.subject_id = \
         {subject_table}.id AND e.superseded = FALSE), 0)"
    );
    conn.execute_unprepared(&format!(
        "UPDATE {subject_table} SET warning_level = {in_force}, version = version + 1 \
         WHERE warning_level <> {in_force}"
    ))
    .await?;
    for table in [recipients, escalations, extensions] {
        manager
            .drop_table(Table::drop().table(Alias::new(table)).to_owned())
            .await?;
    }
    Ok(())
}

/// Drops the deadline tables (a migration's `down`; the former tables are not recreated).
pub async fn drop_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    for table in [
        DeadlineEscalationRecipients::Table.into_iden(),
        DeadlineEscalations::Table.into_iden(),
        DeadlineExtensions::Table.into_iden(),
    ] {
        manager
            .drop_table(Table::drop().table(table).to_owned())
            .await?;
    }
    Ok(())
}
