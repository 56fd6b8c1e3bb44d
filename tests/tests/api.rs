//! Integration tests over real gRPC on real sockets, each on SQLite and (when configured) PostgreSQL.

mod api {
    pub mod audit;
    pub mod auth;
    pub mod checks;
    pub mod common;
    pub mod concurrency;
    pub mod deadline_migration;
    pub mod deadlines;
    pub mod deploy;
    pub mod docs;
    pub mod documents;
    pub mod drafts;
    pub mod duties;
    pub mod education;
    pub mod escalations;
    pub mod events;
    pub mod gets;
    pub mod integrator_deadlines;
    pub mod listing;
    pub mod metrics;
    pub mod opinions;
    pub mod oversight;
    pub mod people;
    pub mod provenance;
    pub mod rectifications;
    pub mod regulations;
    pub mod reports;
    pub mod scope;
    pub mod seeded;
    pub mod server;
    pub mod supervision_statistics;
    pub mod talks;
    pub mod tasks;
    pub mod tls;
    pub mod units;
}
