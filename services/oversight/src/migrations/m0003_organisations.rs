//! Opinions and normative documents carry the standing committee they belong to, so that a
//! committee's figures count only its own records. An opinion's committee is that of its activity. A
//! document's is inferred only when it cannot be wrong: the only committee the service has records of,
//! or the one the operator names in `QINGLIAN_OVERSIGHT_DOCUMENTS_ORGANISATION`; otherwise the
//! migration stops, changing nothing, and says what to run.

use qinglian_store::migrate::index;
use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// The variable naming the committee of the documents filed before documents carried one.
pub const DOCUMENTS_ORGANISATION_VARIABLE: &str = "QINGLIAN_OVERSIGHT_DOCUMENTS_ORGANISATION";

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_organisations"
    }
}

#[derive(DeriveIden)]
enum DeliberationOpinions {
    Table,
    OrganisationUnitId,
}

#[derive(DeriveIden)]
enum NormativeDocuments {
    Table,
    OrganisationUnitId,
}

/// One column of text values of `sql`.
async fn strings(conn: &impl ConnectionTrait, sql: &str) -> Result<Vec<String>, DbErr> {
    let backend = conn.get_database_backend();
    conn.query_all_raw(Statement::from_string(backend, sql))
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<String>(0))
        .collect()
}

/// The committee of the documents already filed: None when there are none, the only committee with
/// records or the one the operator named, else an error saying what to run.
async fn documents_committee(
    conn: &impl ConnectionTrait,
    named: Option<String>,
) -> Result<Option<String>, DbErr> {
    let filed = strings(
        conn,
        "SELECT CAST(COUNT(*) AS TEXT) FROM normative_documents",
    )
    .await?
    .first()
    .and_then(|n| n.parse::<u64>().ok())
    .unwrap_or(0);
    if filed == 0 {
        return Ok(None);
    }
    if let Some(named) = named.filter(|n| !n.trim().is_empty()) {
        return Ok(Some(named.trim().to_owned()));
    }
    let committees = strings(
        conn,
        "SELECT DISTINCT organisation_unit_id FROM oversight_activities \
         ORDER BY organisation_unit_id",
    )
    .await?;
    match committees.as_slice() {
        [only] => Ok(Some(only.clone())),
        _ => Err(DbErr::Migration(format!(
            "{} normative documents were filed before documents named their committee, and the \
             records name {} committees, so theirs cannot be inferred: run the migration again with \
             {DOCUMENTS_ORGANISATION_VARIABLE}=<committee unit id>, e.g. \
             `{DOCUMENTS_ORGANISATION_VARIABLE}=… qinglian migrate --service oversight`",
            filed,
            committees.len()
        ))),
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let conn = manager.get_connection();
        // Decided before anything changes, so a refusal leaves the schema as it was.
        let committee =
            documents_committee(conn, std::env::var(DOCUMENTS_ORGANISATION_VARIABLE).ok()).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(DeliberationOpinions::Table)
                    .add_column(string(DeliberationOpinions::OrganisationUnitId).default(""))
                    .to_owned(),
            )
            .await?;
        conn.execute_unprepared(
            "UPDATE deliberation_opinions SET organisation_unit_id = COALESCE((SELECT \
             a.organisation_unit_id FROM oversight_activities a WHERE a.id = \
             deliberation_opinions.activity_id), '')",
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(NormativeDocuments::Table)
                    .add_column(string(NormativeDocuments::OrganisationUnitId).default(""))
                    .to_owned(),
            )
            .await?;
        if let Some(committee) = committee {
            manager
                .exec_stmt(
                    Query::update()
                        .table(NormativeDocuments::Table)
                        .value(NormativeDocuments::OrganisationUnitId, committee)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(index(
                "deliberation_opinions_organisation",
                DeliberationOpinions::Table,
                &["organisation_unit_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "normative_documents_organisation",
                NormativeDocuments::Table,
                &["organisation_unit_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (
                "deliberation_opinions_organisation",
                DeliberationOpinions::Table.into_iden(),
            ),
            (
                "normative_documents_organisation",
                NormativeDocuments::Table.into_iden(),
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table.clone()).to_owned())
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(Alias::new("organisation_unit_id"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
