//! `qinglian check`: the gRPC health of each service.

use std::process::ExitCode;
use std::time::Duration;

use tonic::transport::Endpoint;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address of the task-assignment service.
    #[arg(
        long,
        default_value = "http://127.0.0.1:50051",
        env = "QINGLIAN_TASKS_ADDR"
    )]
    tasks: String,
    /// Address of the supervision-records service.
    #[arg(
        long,
        default_value = "http://127.0.0.1:50052",
        env = "QINGLIAN_SUPERVISION_ADDR"
    )]
    supervision: String,
    /// Address of the oversight-reporting service.
    #[arg(
        long,
        default_value = "http://127.0.0.1:50053",
        env = "QINGLIAN_OVERSIGHT_ADDR"
    )]
    oversight: String,
    /// Check only this service (repeatable: tasks, supervision, oversight); every one when absent.
    #[arg(long, value_parser = ["tasks", "supervision", "oversight"])]
    only: Vec<String>,
    /// How long to wait for each service.
    #[arg(long, default_value = "3s", value_parser = humantime::parse_duration)]
    timeout: Duration,
}

/// Prints one line per service and fails when any is not serving.
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut healthy = true;
    let services = [
        ("tasks", &args.tasks),
        ("supervision", &args.supervision),
        ("oversight", &args.oversight),
    ];
    let chosen = services
        .into_iter()
        .filter(|(name, _)| args.only.is_empty() || args.only.iter().any(|o| o == name));
    for (name, address) in chosen {
        match probe(address, args.timeout).await {
            Ok(()) => println!("{name} {address} SERVING"),
            Err(reason) => {
                healthy = false;
                println!("{name} {address} DOWN: {reason}");
            }
        }
    }
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn probe(address: &str, timeout: Duration) -> Result<(), String> {
    let channel = Endpoint::from_shared(address.to_owned())
        .map_err(|e| format!("bad address: {e}"))?
        .connect_timeout(timeout)
        .timeout(timeout)
        .connect()
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let status = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .map_err(|e| format!("health check failed: {}", e.message()))?
        .into_inner()
        .status;
    if status == ServingStatus::Serving as i32 {
        Ok(())
    } else {
        Err(format!(
            "status {}",
            ServingStatus::try_from(status).map_or("UNKNOWN", |s| s.as_str_name())
        ))
    }
}
