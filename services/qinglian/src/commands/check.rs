//! `qinglian check`: the gRPC health of each service, local or remote, over TLS for `https://` addresses.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use qinglian_kit::tls::ClientTlsSettings;
use tonic::transport::{ClientTlsConfig, Endpoint};
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
    /// PEM certificate authority of the services' certificates; used for `https://` addresses.
    #[arg(long, env = "QINGLIAN_CHECK_CA_FILE")]
    ca_file: Option<PathBuf>,
    /// PEM client certificate, for services that require mutual TLS (needs --key-file).
    #[arg(long, env = "QINGLIAN_CHECK_CERT_FILE", requires = "key_file")]
    cert_file: Option<PathBuf>,
    /// PEM private key of --cert-file.
    #[arg(long, env = "QINGLIAN_CHECK_KEY_FILE", requires = "cert_file")]
    key_file: Option<PathBuf>,
    /// Name expected in the services' certificates, when it is not the host of the address.
    #[arg(long, env = "QINGLIAN_CHECK_DOMAIN")]
    domain: Option<String>,
}

impl Args {
    /// The TLS client settings, when a certificate authority was given.
    fn tls(&self) -> Option<ClientTlsSettings> {
        self.ca_file.as_ref().map(|ca_file| ClientTlsSettings {
            ca_file: ca_file.clone(),
            cert_file: self.cert_file.clone(),
            key_file: self.key_file.clone(),
            domain: self.domain.clone(),
        })
    }
}

/// Prints one line per service and fails when any is not serving.
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut healthy = true;
    let tls = args
        .tls()
        .map(|tls| tls.client_config("--ca-file"))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let services = [
        ("tasks", &args.tasks),
        ("supervision", &args.supervision),
        ("oversight", &args.oversight),
    ];
    let chosen = services
        .into_iter()
        .filter(|(name, _)| args.only.is_empty() || args.only.iter().any(|o| o == name));
    for (name, address) in chosen {
        match probe(address, tls.as_ref(), args.timeout).await {
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

async fn probe(
    address: &str,
    tls: Option<&ClientTlsConfig>,
    timeout: Duration,
) -> Result<(), String> {
    let mut endpoint =
        Endpoint::from_shared(address.to_owned()).map_err(|e| format!("bad address: {e}"))?;
    if address.starts_with("https://") {
        let tls = tls.ok_or("an https address needs --ca-file")?;
        endpoint = endpoint
            .tls_config(tls.clone())
            .map_err(|e| format!("bad TLS settings: {e}"))?;
    }
    let channel = endpoint
        .connect_timeout(timeout)
        .timeout(timeout)
        .connect()
        .await
        .map_err(|e| format!("cannot connect: {}", chain(&e)))?;
    let status = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .map_err(|e| {
            let reason =
                std::error::Error::source(&e).map_or_else(|| e.message().to_owned(), chain);
            format!("health check failed: {reason}")
        })?
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

/// An error with its causes, e.g. `transport error: invalid peer certificate: UnknownIssuer`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
