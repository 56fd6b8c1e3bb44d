//! Migrations of the task-assignment service, applied at start and by `qinglian migrate`.

mod m0001_directory;
mod m0002_tasks;
mod m0003_duties;
mod m0004_escalations;
mod m0005_deadlines;

use sea_orm_migration::prelude::*;

/// The service's migrator; its history lives in its own table.
#[derive(Debug)]
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut migrations = qinglian_store::migrate::shared_migrations();
        migrations.push(Box::new(m0001_directory::Migration));
        migrations.push(Box::new(m0002_tasks::Migration));
        migrations.push(Box::new(m0003_duties::Migration));
        migrations.push(Box::new(m0004_escalations::Migration));
        migrations.push(Box::new(m0005_deadlines::Migration));
        migrations
    }

    fn migration_table_name() -> DynIden {
        "qinglian_tasks_migrations".into_iden()
    }
}
