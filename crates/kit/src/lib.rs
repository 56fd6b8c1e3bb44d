//! The runtime kit every Qinglian service is built from: settings, telemetry, authentication, the
//! mapping of errors to gRPC statuses, the server bootstrap (health, reflection, tracing, graceful
//! drain), the audit and event services every service serves over its own store, and the metrics and
//! health each serves over HTTP. The domain the services share lives in `qinglian-domain`.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod admin;
pub mod audit_service;
pub mod auth;
pub mod call;
pub mod client;
pub mod clock;
pub mod entry;
pub mod event_service;
pub mod metrics;
pub mod peers;
pub mod server;
pub mod service_error;
pub mod settings;
pub mod shutdown;
pub mod startup;
pub mod status;
pub mod telemetry;
pub mod tls;
