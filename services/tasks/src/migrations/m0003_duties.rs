//! Recurring and quota duties: rules with their revisions, evaluated periods with their expected
//! subjects, and the fulfilments recorded against them.
//!
//! Subjects and units are not foreign keys: a period that has ended keeps its expected subjects even
//! when the directory no longer has them.

use qinglian_store::migrate::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_duties"
    }
}

#[derive(DeriveIden)]
enum DutyRules {
    Table,
    Id,
    UnitId,
    Title,
    Activity,
    ActivityKind,
    Revision,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum DutyRuleRevisions {
    Table,
    RuleId,
    Revision,
    EffectiveDate,
    ScheduleKind,
    Frequency,
    Interval,
    StartDate,
    EndDate,
    OccurrenceCount,
    ExpectedCount,
    SubjectSelector,
    SubjectsJson,
    CreateTime,
}

#[derive(DeriveIden)]
enum DutyPeriods {
    Table,
    RuleId,
    StartDate,
    EndDate,
    Revision,
    ExpectedCount,
    EvaluateTime,
}

#[derive(DeriveIden)]
enum DutyExpectations {
    Table,
    RuleId,
    PeriodStart,
    PersonId,
    UnitId,
}

#[derive(DeriveIden)]
enum DutyFulfilments {
    Table,
    Id,
    RuleId,
    PersonId,
    UnitId,
    Date,
    Note,
    EvidenceJson,
    PeriodStart,
    PeriodEnd,
    RecordedBy,
    Version,
    CreateTime,
    UpdateTime,
}

/// A foreign key from `column` of `table` to the id of its rule.
fn to_rule(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(DutyRules::Table, DutyRules::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DutyRules::Table)
                    .col(string(DutyRules::Id).primary_key())
                    .col(string(DutyRules::UnitId))
                    .col(string(DutyRules::Title))
                    .col(string(DutyRules::Activity))
                    .col(integer(DutyRules::ActivityKind))
                    .col(integer(DutyRules::Revision))
                    .col(big_integer(DutyRules::Version))
                    .col(timestamp_with_time_zone(DutyRules::CreateTime))
                    .col(timestamp_with_time_zone(DutyRules::UpdateTime))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("duty_rules_unit", &["unit_id", "id"][..]),
            ("duty_rules_title", &["title", "id"][..]),
            ("duty_rules_create_time", &["create_time", "id"][..]),
        ] {
            manager
                .create_index(index(name, DutyRules::Table, columns))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(DutyRuleRevisions::Table)
                    .col(string(DutyRuleRevisions::RuleId))
                    .col(integer(DutyRuleRevisions::Revision))
                    .col(date(DutyRuleRevisions::EffectiveDate))
                    .col(string(DutyRuleRevisions::ScheduleKind))
                    .col(integer(DutyRuleRevisions::Frequency))
                    .col(integer(DutyRuleRevisions::Interval))
                    .col(date(DutyRuleRevisions::StartDate))
                    .col(date_null(DutyRuleRevisions::EndDate))
                    .col(integer_null(DutyRuleRevisions::OccurrenceCount))
                    .col(integer(DutyRuleRevisions::ExpectedCount))
                    .col(integer(DutyRuleRevisions::SubjectSelector))
                    .col(text(DutyRuleRevisions::SubjectsJson))
                    .col(timestamp_with_time_zone(DutyRuleRevisions::CreateTime))
                    .primary_key(
                        Index::create()
                            .col(DutyRuleRevisions::RuleId)
                            .col(DutyRuleRevisions::Revision),
                    )
                    .foreign_key(&mut to_rule(
                        DutyRuleRevisions::Table,
                        DutyRuleRevisions::RuleId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DutyPeriods::Table)
                    .col(string(DutyPeriods::RuleId))
                    .col(date(DutyPeriods::StartDate))
                    .col(date(DutyPeriods::EndDate))
                    .col(integer(DutyPeriods::Revision))
                    .col(integer(DutyPeriods::ExpectedCount))
                    .col(timestamp_with_time_zone(DutyPeriods::EvaluateTime))
                    .primary_key(
                        Index::create()
                            .col(DutyPeriods::RuleId)
                            .col(DutyPeriods::StartDate),
                    )
                    .foreign_key(&mut to_rule(DutyPeriods::Table, DutyPeriods::RuleId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DutyExpectations::Table)
                    .col(string(DutyExpectations::RuleId))
                    .col(date(DutyExpectations::PeriodStart))
                    .col(string(DutyExpectations::PersonId))
                    .col(string(DutyExpectations::UnitId))
                    .primary_key(
                        Index::create()
                            .col(DutyExpectations::RuleId)
                            .col(DutyExpectations::PeriodStart)
                            .col(DutyExpectations::PersonId)
                            .col(DutyExpectations::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                DutyExpectations::Table,
                                (DutyExpectations::RuleId, DutyExpectations::PeriodStart),
                            )
                            .to(
                                DutyPeriods::Table,
                                (DutyPeriods::RuleId, DutyPeriods::StartDate),
                            ),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(DutyFulfilments::Table)
                    .col(string(DutyFulfilments::Id).primary_key())
                    .col(string(DutyFulfilments::RuleId))
                    .col(string(DutyFulfilments::PersonId))
                    .col(string(DutyFulfilments::UnitId))
                    .col(date(DutyFulfilments::Date))
                    .col(text(DutyFulfilments::Note))
                    .col(text(DutyFulfilments::EvidenceJson))
                    .col(date(DutyFulfilments::PeriodStart))
                    .col(date(DutyFulfilments::PeriodEnd))
                    .col(string(DutyFulfilments::RecordedBy))
                    .col(big_integer(DutyFulfilments::Version))
                    .col(timestamp_with_time_zone(DutyFulfilments::CreateTime))
                    .col(timestamp_with_time_zone(DutyFulfilments::UpdateTime))
                    .foreign_key(&mut to_rule(
                        DutyFulfilments::Table,
                        DutyFulfilments::RuleId,
                    ))
                    .to_owned(),
            )
            .await?;
        // The compliance count joins on (rule, subject, date); lists order by date or creation.
        for (name, columns) in [
            (
                "duty_fulfilments_subject",
                &["rule_id", "person_id", "unit_id", "date"][..],
            ),
            ("duty_fulfilments_date", &["date", "id"][..]),
            ("duty_fulfilments_create_time", &["create_time", "id"][..]),
        ] {
            manager
                .create_index(index(name, DutyFulfilments::Table, columns))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DutyFulfilments::Table.into_iden(),
            DutyExpectations::Table.into_iden(),
            DutyPeriods::Table.into_iden(),
            DutyRuleRevisions::Table.into_iden(),
            DutyRules::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
