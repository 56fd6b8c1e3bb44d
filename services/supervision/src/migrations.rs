//! Migrations of the supervision-records service, applied at start and by `qinglian migrate`.

mod m0001_talks;
mod m0002_education;
mod m0003_regulations;
mod m0004_checks;
mod m0005_ledger;
mod m0006_regulation_answers;
mod m0007_ledger_escalations;
mod m0008_revision_listing;
mod m0009_deadlines;

use sea_orm_migration::prelude::*;

/// The service's migrator; its history lives in its own table.
#[derive(Debug)]
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut migrations = qinglian_store::migrate::shared_migrations();
        migrations.push(Box::new(m0001_talks::Migration));
        migrations.push(Box::new(m0002_education::Migration));
        migrations.push(Box::new(m0003_regulations::Migration));
        migrations.push(Box::new(m0004_checks::Migration));
        migrations.push(Box::new(m0005_ledger::Migration));
        migrations.push(Box::new(m0006_regulation_answers::Migration));
        migrations.push(Box::new(m0007_ledger_escalations::Migration));
        migrations.push(Box::new(m0008_revision_listing::Migration));
        migrations.push(Box::new(m0009_deadlines::Migration));
        migrations
    }

    fn migration_table_name() -> DynIden {
        "qinglian_supervision_migrations".into_iden()
    }
}
