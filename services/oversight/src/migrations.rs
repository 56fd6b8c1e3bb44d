//! Migrations of the oversight-reporting service, applied at start and by `qinglian migrate`.

mod m0001_oversight;
mod m0002_reports;
mod m0003_organisations;

use sea_orm_migration::prelude::*;

pub use m0003_organisations::DOCUMENTS_ORGANISATION_VARIABLE;

/// The service's migrator; its history lives in its own table.
#[derive(Debug)]
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut migrations = qinglian_store::migrate::shared_migrations();
        migrations.push(Box::new(m0001_oversight::Migration));
        migrations.push(Box::new(m0002_reports::Migration));
        migrations.push(Box::new(m0003_organisations::Migration));
        migrations
    }

    fn migration_table_name() -> DynIden {
        "qinglian_oversight_migrations".into_iden()
    }
}
