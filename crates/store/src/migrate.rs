//! The migration runner and the migration of the tables every service shares.
//!
//! Each service lists `shared_migrations()` first in its own `MigratorTrait` and names its own migration
//! table, so services sharing one PostgreSQL database never see each other's history.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// The migrations of the shared tables, to be listed first by every service's migrator.
pub fn shared_migrations() -> Vec<Box<dyn MigrationTrait>> {
    vec![Box::new(SharedTables), Box::new(GaplessEvents)]
}

/// Applies every pending migration of `M`; run at service start and by `qinglian migrate`.
///
/// Any number of processes may call this at once on one database: the migrations run in one
/// transaction that first takes the database's lock for `M` (a PostgreSQL advisory lock keyed by the
/// migration table, SQLite's write lock), so one process migrates while the others wait, and then find
/// nothing pending. A migration that fails leaves the database as it was. Returns the names of the
/// migrations this call applied.
pub async fn run<M: MigratorTrait>(
    conn: &sea_orm::DatabaseConnection,
) -> Result<Vec<String>, DbErr> {
    use sea_orm::{ConnectionTrait, DbBackend, SqliteTransactionMode, Statement};
    use sea_orm::{TransactionOptions, TransactionTrait};

    let transaction = conn
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    if conn.get_database_backend() == DbBackend::Postgres {
        let key = format!("qinglian migrations {}", M::migration_table_name());
        transaction
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock(hashtext($1))",
                [key.into()],
            ))
            .await?;
    }
    M::install(&transaction).await?;
    let applied: Vec<String> = M::get_pending_migrations(&transaction)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    M::up(&transaction, None).await?;
    transaction.commit().await?;
    Ok(applied)
}

/// Names of the migrations of `M` not yet applied, for `qinglian migrate --dry-run`.
pub async fn pending<M: MigratorTrait>(
    conn: &sea_orm::DatabaseConnection,
) -> Result<Vec<String>, DbErr> {
    Ok(M::get_pending_migrations(conn)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect())
}

/// An index named `name` over `columns` of `table`, for the migrations of every service.
pub fn index(name: &str, table: impl IntoIden, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.to_owned()
}

/// A unique index named `name` over `columns` of `table`.
pub fn unique_index(
    name: &str,
    table: impl IntoIden,
    columns: &[&'static str],
) -> IndexCreateStatement {
    let mut index = index(name, table, columns);
    index.unique();
    index
}

/// Audit log, audit head, outbox and idempotency records.
struct SharedTables;

impl MigrationName for SharedTables {
    fn name(&self) -> &str {
        "m0000_shared_tables"
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Sequence,
    Id,
    Actor,
    ActorRole,
    Method,
    Action,
    ResourceType,
    ResourceId,
    BeforeJson,
    AfterJson,
    Time,
    RequestId,
    PreviousHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastSequence,
    LastHash,
    Writes,
    LastEvent,
}

#[derive(DeriveIden)]
enum OutboxEvents {
    Table,
    Sequence,
    Id,
    EventType,
    ResourceType,
    ResourceId,
    Time,
    TypeUrl,
    Payload,
}

#[derive(DeriveIden)]
enum IdempotencyRecords {
    Table,
    RequestId,
    Method,
    Fingerprint,
    Response,
    CreateTime,
}

#[async_trait::async_trait]
impl MigrationTrait for SharedTables {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_integer(AuditEvents::Sequence).primary_key())
                    .col(string(AuditEvents::Id))
                    .col(string(AuditEvents::Actor))
                    .col(string(AuditEvents::ActorRole))
                    .col(string(AuditEvents::Method))
                    .col(integer(AuditEvents::Action))
                    .col(string(AuditEvents::ResourceType))
                    .col(string(AuditEvents::ResourceId))
                    .col(text(AuditEvents::BeforeJson))
                    .col(text(AuditEvents::AfterJson))
                    .col(timestamp_with_time_zone(AuditEvents::Time))
                    .col(string(AuditEvents::RequestId))
                    .col(string(AuditEvents::PreviousHash))
                    .col(string(AuditEvents::Hash))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_events_resource")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::ResourceId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(integer(AuditHead::Id).primary_key())
                    .col(big_integer(AuditHead::LastSequence))
                    .col(string(AuditHead::LastHash))
                    .col(big_integer(AuditHead::Writes))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditHead::Table)
                    .columns([
                        AuditHead::Id,
                        AuditHead::LastSequence,
                        AuditHead::LastHash,
                        AuditHead::Writes,
                    ])
                    .values_panic([
                        1.into(),
                        0i64.into(),
                        crate::audit::GENESIS_HASH.into(),
                        0i64.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutboxEvents::Table)
                    .col(big_pk_auto(OutboxEvents::Sequence))
                    .col(string(OutboxEvents::Id))
                    .col(string(OutboxEvents::EventType))
                    .col(string(OutboxEvents::ResourceType))
                    .col(string(OutboxEvents::ResourceId))
                    .col(timestamp_with_time_zone(OutboxEvents::Time))
                    .col(string(OutboxEvents::TypeUrl))
                    .col(blob(OutboxEvents::Payload))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyRecords::Table)
                    .col(string(IdempotencyRecords::RequestId).primary_key())
                    .col(string(IdempotencyRecords::Method))
                    .col(string(IdempotencyRecords::Fingerprint))
                    .col(blob(IdempotencyRecords::Response))
                    .col(timestamp_with_time_zone(IdempotencyRecords::CreateTime))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idempotency_records_create_time")
                    .table(IdempotencyRecords::Table)
                    .col(IdempotencyRecords::CreateTime)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            AuditHead::Table.into_iden(),
            OutboxEvents::Table.into_iden(),
            IdempotencyRecords::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Outbox sequences taken from the head row, in the batch's transaction, so that they are gapless:
/// the head remembers the newest event, starting from the newest already in the outbox.
/// On PostgreSQL the sequence column stops being an identity column, so that a process of an earlier
/// version (which inserts without a sequence) fails instead of taking a number twice: stop every
/// replica of a service to upgrade past this migration.
struct GaplessEvents;

impl MigrationName for GaplessEvents {
    fn name(&self) -> &str {
        "m0001_gapless_events"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for GaplessEvents {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditHead::Table)
                    .add_column(big_integer(AuditHead::LastEvent).default(0))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == sea_orm::DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE outbox_events ALTER COLUMN sequence DROP IDENTITY IF EXISTS",
                )
                .await?;
        }
        let newest = Query::select()
            .expr(Func::max(Expr::col(OutboxEvents::Sequence)))
            .from(OutboxEvents::Table)
            .to_owned();
        manager
            .exec_stmt(
                Query::update()
                    .table(AuditHead::Table)
                    .value(
                        AuditHead::LastEvent,
                        Func::coalesce([
                            Expr::SubQuery(None, Box::new(newest.into())),
                            0i64.into(),
                        ]),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditHead::Table)
                    .drop_column(AuditHead::LastEvent)
                    .to_owned(),
            )
            .await
    }
}
