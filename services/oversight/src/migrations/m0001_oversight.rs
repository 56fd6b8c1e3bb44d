//! Oversight activities with the laws they inspected, deliberation opinions with their items, and
//! filed normative documents.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_oversight"
    }
}

#[derive(DeriveIden)]
enum OversightActivities {
    Table,
    Id,
    Kind,
    Subject,
    Title,
    Meeting,
    Date,
    RelatedActivityId,
    OrganisationUnitId,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum ActivityLaws {
    Table,
    ActivityId,
    Position,
    LawTitle,
}

#[derive(DeriveIden)]
enum DeliberationOpinions {
    Table,
    Id,
    ActivityId,
    AddresseeUnitId,
    OverallAssessment,
    State,
    SignedBy,
    SentDate,
    HandlingDeadline,
    HandlingReport,
    HandlingReportDate,
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
    VoteDate,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum OpinionItems {
    Table,
    OpinionId,
    Position,
    Problem,
    Recommendation,
    LedgerProblemId,
}

#[derive(DeriveIden)]
enum NormativeDocuments {
    Table,
    Id,
    Title,
    IssuingBody,
    DocumentNumber,
    FilingDate,
    State,
    ReviewOpinion,
    ReviewDate,
    Correction,
    CorrectionDate,
    Version,
    CreateTime,
    UpdateTime,
}

fn activities() -> TableCreateStatement {
    use OversightActivities as A;
    Table::create()
        .table(A::Table)
        .col(string(A::Id).primary_key())
        .col(integer(A::Kind))
        .col(integer(A::Subject))
        .col(string(A::Title))
        .col(string(A::Meeting))
        .col(date(A::Date))
        .col(string(A::RelatedActivityId))
        .col(string(A::OrganisationUnitId))
        .col(big_integer(A::Version))
        .col(timestamp_with_time_zone(A::CreateTime))
        .col(timestamp_with_time_zone(A::UpdateTime))
        .to_owned()
}

fn activity_laws() -> TableCreateStatement {
    use ActivityLaws as L;
    Table::create()
        .table(L::Table)
        .col(string(L::ActivityId))
        .col(integer(L::Position))
        .col(string(L::LawTitle))
        .primary_key(Index::create().col(L::ActivityId).col(L::Position))
        .foreign_key(
            ForeignKey::create()
                .from(L::Table, L::ActivityId)
                .to(OversightActivities::Table, OversightActivities::Id),
        )
        .to_owned()
}

fn opinions() -> TableCreateStatement {
    use DeliberationOpinions as O;
    Table::create()
        .table(O::Table)
        .col(string(O::Id).primary_key())
        .col(string(O::ActivityId))
        .col(string(O::AddresseeUnitId))
        .col(text(O::OverallAssessment))
        .col(integer(O::State))
        .col(string(O::SignedBy))
        .col(date_null(O::SentDate))
        .col(date_null(O::HandlingDeadline))
        .col(text(O::HandlingReport))
        .col(date_null(O::HandlingReportDate))
        .col(integer(O::Satisfied))
        .col(integer(O::BasicallySatisfied))
        .col(integer(O::Unsatisfied))
        .col(date_null(O::VoteDate))
        .col(big_integer(O::Version))
        .col(timestamp_with_time_zone(O::CreateTime))
        .col(timestamp_with_time_zone(O::UpdateTime))
        .foreign_key(
            ForeignKey::create()
                .from(O::Table, O::ActivityId)
                .to(OversightActivities::Table, OversightActivities::Id),
        )
        .to_owned()
}

fn opinion_items() -> TableCreateStatement {
    use OpinionItems as I;
    Table::create()
        .table(I::Table)
        .col(string(I::OpinionId))
        .col(integer(I::Position))
        .col(text(I::Problem))
        .col(text(I::Recommendation))
        .col(string(I::LedgerProblemId))
        .primary_key(Index::create().col(I::OpinionId).col(I::Position))
        .foreign_key(
            ForeignKey::create()
                .from(I::Table, I::OpinionId)
                .to(DeliberationOpinions::Table, DeliberationOpinions::Id),
        )
        .to_owned()
}

fn documents() -> TableCreateStatement {
    use NormativeDocuments as D;
    Table::create()
        .table(D::Table)
        .col(string(D::Id).primary_key())
        .col(string(D::Title))
        .col(string(D::IssuingBody))
        .col(string(D::DocumentNumber))
        .col(date(D::FilingDate))
        .col(integer(D::State))
        .col(text(D::ReviewOpinion))
        .col(date_null(D::ReviewDate))
        .col(text(D::Correction))
        .col(date_null(D::CorrectionDate))
        .col(big_integer(D::Version))
        .col(timestamp_with_time_zone(D::CreateTime))
        .col(timestamp_with_time_zone(D::UpdateTime))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            activities(),
            activity_laws(),
            opinions(),
            opinion_items(),
            documents(),
        ] {
            manager.create_table(table).await?;
        }
        let indexes: [(&str, &str, &[&'static str]); 9] = [
            (
                "oversight_activities_date",
                "oversight_activities",
                &["date", "id"],
            ),
            (
                "oversight_activities_create",
                "oversight_activities",
                &["create_time", "id"],
            ),
            (
                "oversight_activities_kind",
                "oversight_activities",
                &["kind", "date"],
            ),
            ("activity_laws_title", "activity_laws", &["law_title"]),
            (
                "deliberation_opinions_create",
                "deliberation_opinions",
                &["create_time", "id"],
            ),
            (
                "deliberation_opinions_sent",
                "deliberation_opinions",
                &["sent_date", "id"],
            ),
            (
                "deliberation_opinions_activity",
                "deliberation_opinions",
                &["activity_id"],
            ),
            (
                "normative_documents_filing",
                "normative_documents",
                &["filing_date", "id"],
            ),
            (
                "normative_documents_create",
                "normative_documents",
                &["create_time", "id"],
            ),
        ];
        for (name, table, columns) in indexes {
            manager
                .create_index(index(name, Alias::new(table), columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "normative_documents",
            "opinion_items",
            "deliberation_opinions",
            "activity_laws",
            "oversight_activities",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
