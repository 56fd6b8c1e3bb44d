//! The directory: units, people, portfolios and liaison links.

use qinglian_store::migrate::{index, unique_index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub(crate) struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_directory"
    }
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    Kind,
    Name,
    ShortName,
    ParentId,
    Code,
    Path,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Name,
    UnitId,
    Position,
    PartyMember,
    LeadingCadre,
    LeadershipTeamMember,
    Version,
    CreateTime,
    UpdateTime,
}

#[derive(DeriveIden)]
enum Portfolios {
    Table,
    PersonId,
    Version,
    UpdateTime,
}

#[derive(DeriveIden)]
enum PortfolioUnits {
    Table,
    PersonId,
    UnitId,
    Position,
}

#[derive(DeriveIden)]
enum LiaisonLinks {
    Table,
    Id,
    LeaderId,
    BranchId,
    Version,
    CreateTime,
    UpdateTime,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .col(string(Units::Id).primary_key())
                    .col(integer(Units::Kind))
                    .col(string(Units::Name))
                    .col(string(Units::ShortName))
                    .col(string_null(Units::ParentId))
                    .col(string_null(Units::Code))
                    .col(string(Units::Path))
                    .col(big_integer(Units::Version))
                    .col(timestamp_with_time_zone(Units::CreateTime))
                    .col(timestamp_with_time_zone(Units::UpdateTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Units::Table, Units::ParentId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index("units_code", Units::Table, &["code"]))
            .await?;
        manager
            .create_index(index("units_name", Units::Table, &["name", "id"]))
            .await?;
        manager
            .create_index(index("units_parent", Units::Table, &["parent_id"]))
            .await?;
        manager
            .create_index(index("units_path", Units::Table, &["path"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(string(People::Id).primary_key())
                    .col(string(People::Name))
                    .col(string(People::UnitId))
                    .col(string(People::Position))
                    .col(boolean(People::PartyMember))
                    .col(boolean(People::LeadingCadre))
                    .col(boolean(People::LeadershipTeamMember))
                    .col(big_integer(People::Version))
                    .col(timestamp_with_time_zone(People::CreateTime))
                    .col(timestamp_with_time_zone(People::UpdateTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(People::Table, People::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("people_name", People::Table, &["name", "id"]))
            .await?;
        manager
            .create_index(index("people_unit", People::Table, &["unit_id", "id"]))
            .await?;
        manager
            .create_index(index(
                "people_create_time",
                People::Table,
                &["create_time", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Portfolios::Table)
                    .col(string(Portfolios::PersonId).primary_key())
                    .col(big_integer(Portfolios::Version))
                    .col(timestamp_with_time_zone(Portfolios::UpdateTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Portfolios::Table, Portfolios::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PortfolioUnits::Table)
                    .col(string(PortfolioUnits::PersonId))
                    .col(string(PortfolioUnits::UnitId))
                    .col(integer(PortfolioUnits::Position))
                    .primary_key(
                        Index::create()
                            .col(PortfolioUnits::PersonId)
                            .col(PortfolioUnits::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PortfolioUnits::Table, PortfolioUnits::PersonId)
                            .to(People::Table, People::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PortfolioUnits::Table, PortfolioUnits::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "portfolio_units_unit",
                PortfolioUnits::Table,
                &["unit_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LiaisonLinks::Table)
                    .col(string(LiaisonLinks::Id).primary_key())
                    .col(string(LiaisonLinks::LeaderId))
                    .col(string(LiaisonLinks::BranchId))
                    .col(big_integer(LiaisonLinks::Version))
                    .col(timestamp_with_time_zone(LiaisonLinks::CreateTime))
                    .col(timestamp_with_time_zone(LiaisonLinks::UpdateTime))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LiaisonLinks::Table, LiaisonLinks::LeaderId)
                            .to(People::Table, People::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LiaisonLinks::Table, LiaisonLinks::BranchId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "liaison_links_pair",
                LiaisonLinks::Table,
                &["leader_id", "branch_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "liaison_links_branch",
                LiaisonLinks::Table,
                &["branch_id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LiaisonLinks::Table.into_iden(),
            PortfolioUnits::Table.into_iden(),
            Portfolios::Table.into_iden(),
            People::Table.into_iden(),
            Units::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
