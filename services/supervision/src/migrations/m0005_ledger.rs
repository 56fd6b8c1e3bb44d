//! Inspection tours and the rectification ledger: problems with their sources and responsibility
//! lists, measures answering them, progress, verifications, extensions and re-checks.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_ledger"
    }
}

#[derive(DeriveIden)]
enum InspectionTours {
    Table,
    Id,
    Level,
    TeamName,
    InspectedUnitId,
    StartDate,
    EndDate,
    FeedbackDate,
    Version,
    CreateTime,
}

#[derive(DeriveIden)]
enum Problems {
    Table,
    Id,
    UnitId,
    Description,
    Category,
    Severity,
    FoundDate,
    State,
    RecurrenceCount,
    CloseDate,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum ProblemSources {
    Table,
    ProblemId,
    Source,
    Reference,
    LinkTime,
}

#[derive(DeriveIden)]
enum ProblemResponsibilities {
    Table,
    ProblemId,
    Position,
    UnitId,
    PersonId,
    Accountability,
}

#[derive(DeriveIden)]
enum Rectifications {
    Table,
    Id,
    Measure,
    ResponsibleUnitId,
    ResponsiblePersonId,
    Deadline,
    OriginalDeadline,
    LastingMechanism,
    State,
    Percent,
    WarningLevel,
    CompleteDate,
    RecheckDueDate,
    RecurrenceCount,
    Extended,
    VerificationRequestedBy,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum RectificationProblems {
    Table,
    RectificationId,
    ProblemId,
}

#[derive(DeriveIden)]
enum RectificationProgress {
    Table,
    Id,
    RectificationId,
    Text,
    Percent,
    Evidence,
    Reporter,
    ReportTime,
}

#[derive(DeriveIden)]
enum Verifications {
    Table,
    Id,
    RectificationId,
    RequestedBy,
    Verifier,
    Verdict,
    Evidence,
    Reason,
    VerifyTime,
}

#[derive(DeriveIden)]
enum Rechecks {
    Table,
    Id,
    RectificationId,
    RecheckDate,
    Recurred,
    Finding,
    CheckedBy,
    CreateTime,
}

#[derive(DeriveIden)]
enum RectificationExtensions {
    Table,
    Id,
    RectificationId,
    RequestedDeadline,
    Reason,
    State,
    RequestedBy,
    DecidedBy,
    DecisionReason,
    CreateTime,
    DecideTime,
}

fn tours() -> TableCreateStatement {
    Table::create()
        .table(InspectionTours::Table)
        .col(string(InspectionTours::Id).primary_key())
        .col(integer(InspectionTours::Level))
        .col(string(InspectionTours::TeamName))
        .col(string(InspectionTours::InspectedUnitId))
        .col(date(InspectionTours::StartDate))
        .col(date(InspectionTours::EndDate))
        .col(date_null(InspectionTours::FeedbackDate))
        .col(big_integer(InspectionTours::Version))
        .col(timestamp_with_time_zone(InspectionTours::CreateTime))
        .to_owned()
}

fn problems() -> TableCreateStatement {
    Table::create()
        .table(Problems::Table)
        .col(string(Problems::Id).primary_key())
        .col(string(Problems::UnitId))
        .col(text(Problems::Description))
        .col(string(Problems::Category))
        .col(integer(Problems::Severity))
        .col(date(Problems::FoundDate))
        .col(integer(Problems::State))
        .col(integer(Problems::RecurrenceCount))
        .col(date_null(Problems::CloseDate))
        .col(big_integer(Problems::Version))
        .col(timestamp_with_time_zone(Problems::CreateTime))
        .col(timestamp_with_time_zone(Problems::UpdateTime))
        .to_owned()
}

fn problem_sources() -> TableCreateStatement {
    Table::create()
        .table(ProblemSources::Table)
        .col(string(ProblemSources::ProblemId))
        .col(integer(ProblemSources::Source))
        .col(string(ProblemSources::Reference))
        .col(timestamp_with_time_zone(ProblemSources::LinkTime))
        .primary_key(
            Index::create()
                .col(ProblemSources::ProblemId)
                .col(ProblemSources::Source)
                .col(ProblemSources::Reference),
        )
        .foreign_key(
            ForeignKey::create()
                .from(ProblemSources::Table, ProblemSources::ProblemId)
                .to(Problems::Table, Problems::Id),
        )
        .to_owned()
}

fn problem_responsibilities() -> TableCreateStatement {
    Table::create()
        .table(ProblemResponsibilities::Table)
        .col(string(ProblemResponsibilities::ProblemId))
        .col(integer(ProblemResponsibilities::Position))
        .col(string(ProblemResponsibilities::UnitId))
        .col(string(ProblemResponsibilities::PersonId))
        .col(integer(ProblemResponsibilities::Accountability))
        .primary_key(
            Index::create()
                .col(ProblemResponsibilities::ProblemId)
                .col(ProblemResponsibilities::Position),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    ProblemResponsibilities::Table,
                    ProblemResponsibilities::ProblemId,
                )
                .to(Problems::Table, Problems::Id),
        )
        .to_owned()
}

fn rectifications() -> TableCreateStatement {
    use Rectifications as R;
    Table::create()
        .table(R::Table)
        .col(string(R::Id).primary_key())
        .col(text(R::Measure))
        .col(string(R::ResponsibleUnitId))
        .col(string(R::ResponsiblePersonId))
        .col(date(R::Deadline))
        .col(date(R::OriginalDeadline))
        .col(boolean(R::LastingMechanism))
        .col(integer(R::State))
        .col(integer(R::Percent))
        .col(integer(R::WarningLevel))
        .col(date_null(R::CompleteDate))
        .col(date_null(R::RecheckDueDate))
        .col(integer(R::RecurrenceCount))
        .col(boolean(R::Extended))
        .col(string(R::VerificationRequestedBy))
        .col(big_integer(R::Version))
        .col(timestamp_with_time_zone(R::CreateTime))
        .col(timestamp_with_time_zone(R::UpdateTime))
        .to_owned()
}

fn rectification_problems() -> TableCreateStatement {
    Table::create()
        .table(RectificationProblems::Table)
        .col(string(RectificationProblems::RectificationId))
        .col(string(RectificationProblems::ProblemId))
        .primary_key(
            Index::create()
                .col(RectificationProblems::RectificationId)
                .col(RectificationProblems::ProblemId),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    RectificationProblems::Table,
                    RectificationProblems::RectificationId,
                )
                .to(Rectifications::Table, Rectifications::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(
                    RectificationProblems::Table,
                    RectificationProblems::ProblemId,
                )
                .to(Problems::Table, Problems::Id),
        )
        .to_owned()
}

fn rectification_progress() -> TableCreateStatement {
    use RectificationProgress as P;
    Table::create()
        .table(P::Table)
        .col(string(P::Id).primary_key())
        .col(string(P::RectificationId))
        .col(text(P::Text))
        .col(integer(P::Percent))
        .col(text(P::Evidence))
        .col(string(P::Reporter))
        .col(timestamp_with_time_zone(P::ReportTime))
        .foreign_key(
            ForeignKey::create()
                .from(P::Table, P::RectificationId)
                .to(Rectifications::Table, Rectifications::Id),
        )
        .to_owned()
}

fn verifications() -> TableCreateStatement {
    use Verifications as V;
    Table::create()
        .table(V::Table)
        .col(string(V::Id).primary_key())
        .col(string(V::RectificationId))
        .col(string(V::RequestedBy))
        .col(string(V::Verifier))
        .col(integer(V::Verdict))
        .col(text(V::Evidence))
        .col(text(V::Reason))
        .col(timestamp_with_time_zone(V::VerifyTime))
        .foreign_key(
            ForeignKey::create()
                .from(V::Table, V::RectificationId)
                .to(Rectifications::Table, Rectifications::Id),
        )
        .to_owned()
}

fn rechecks() -> TableCreateStatement {
    use Rechecks as C;
    Table::create()
        .table(C::Table)
        .col(string(C::Id).primary_key())
        .col(string(C::RectificationId))
        .col(date(C::RecheckDate))
        .col(boolean(C::Recurred))
        .col(text(C::Finding))
        .col(string(C::CheckedBy))
        .col(timestamp_with_time_zone(C::CreateTime))
        .foreign_key(
            ForeignKey::create()
                .from(C::Table, C::RectificationId)
                .to(Rectifications::Table, Rectifications::Id),
        )
        .to_owned()
}

fn extensions() -> TableCreateStatement {
    use RectificationExtensions as E;
    Table::create()
        .table(E::Table)
        .col(string(E::Id).primary_key())
        .col(string(E::RectificationId))
        .col(date(E::RequestedDeadline))
        .col(text(E::Reason))
        .col(integer(E::State))
        .col(string(E::RequestedBy))
        .col(string(E::DecidedBy))
        .col(text(E::DecisionReason))
        .col(timestamp_with_time_zone(E::CreateTime))
        .col(timestamp_with_time_zone_null(E::DecideTime))
        .foreign_key(
            ForeignKey::create()
                .from(E::Table, E::RectificationId)
                .to(Rectifications::Table, Rectifications::Id),
        )
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            tours(),
            problems(),
            problem_sources(),
            problem_responsibilities(),
            rectifications(),
            rectification_problems(),
            rectification_progress(),
            verifications(),
            rechecks(),
            extensions(),
        ] {
            manager.create_table(table).await?;
        }
        let indexes: [(&str, &str, &[&'static str]); 13] = [
            (
                "inspection_tours_start",
                "inspection_tours",
                &["start_date", "id"],
            ),
            (
                "inspection_tours_create",
                "inspection_tours",
                &["create_time", "id"],
            ),
            ("problems_create", "problems", &["create_time", "id"]),
            ("problems_unit", "problems", &["unit_id"]),
            ("problems_found", "problems", &["found_date"]),
            (
                "problem_sources_reference",
                "problem_sources",
                &["source", "reference"],
            ),
            (
                "rectifications_deadline",
                "rectifications",
                &["deadline", "id"],
            ),
            (
                "rectifications_create",
                "rectifications",
                &["create_time", "id"],
            ),
            (
                "rectifications_unit",
                "rectifications",
                &["responsible_unit_id"],
            ),
            (
                "rectifications_state",
                "rectifications",
                &["state", "deadline"],
            ),
            (
                "rectification_problems_problem",
                "rectification_problems",
                &["problem_id"],
            ),
            (
                "rectification_progress_measure",
                "rectification_progress",
                &["rectification_id", "report_time"],
            ),
            (
                "rectification_extensions_measure",
                "rectification_extensions",
                &["rectification_id"],
            ),
        ];
        for (name, table, columns) in indexes {
            manager
                .create_index(index(name, Alias::new(table), columns))
                .await?;
        }
        for (name, table) in [
            ("verifications_measure", "verifications"),
            ("rechecks_measure", "rechecks"),
        ] {
            manager
                .create_index(index(name, Alias::new(table), &["rectification_id"]))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "rectification_extensions",
            "rechecks",
            "verifications",
            "rectification_progress",
            "rectification_problems",
            "rectifications",
            "problem_responsibilities",
            "problem_sources",
            "problems",
            "inspection_tours",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
