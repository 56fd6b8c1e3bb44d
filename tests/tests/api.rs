//! Integration tests over real gRPC on real sockets, each on SQLite and (when configured) PostgreSQL.

mod api {
    pub mod audit;
    pub mod auth;
    pub mod common;
    pub mod concurrency;
    pub mod duties;
    pub mod education;
    pub mod escalations;
    pub mod events;
    pub mod listing;
    pub mod people;
    pub mod regulations;
    pub mod server;
    pub mod talks;
    pub mod tasks;
    pub mod units;
}
