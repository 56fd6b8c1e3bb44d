//! `qinglian check`: the gRPC health of each service, local or remote, over TLS for `https://` addresses;
//! a service's address, unless given, is where its settings (the same files and variables it reads)
//! say it listens.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use qinglian_kit::settings::ConfigFiles;
use qinglian_kit::tls::ClientTlsSettings;

use super::suite::server_of;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address of the task-assignment service; by default where its settings (`server.listen`,
    /// `https://` with `server.tls`) say it listens, on this host.
    #[arg(long)]
    tasks: Option<String>,
    /// Address of the supervision-records service; by default from its settings, as for --tasks.
    #[arg(long)]
    supervision: Option<String>,
    /// Address of the oversight-reporting service; by default from its settings, as for --tasks.
    #[arg(long)]
    oversight: Option<String>,
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

    /// The services to check with their addresses: given, or read from their settings.
    fn addresses(
        &self,
        data_dir: &Path,
        files: &ConfigFiles,
    ) -> anyhow::Result<Vec<(&'static str, String)>> {
        let given = [
            ("tasks", &self.tasks),
            ("supervision", &self.supervision),
            ("oversight", &self.oversight),
        ];
        let chosen: Vec<_> = given
            .into_iter()
            .filter(|(name, _)| self.only.is_empty() || self.only.iter().any(|o| o == name))
            .collect();
        chosen
            .into_iter()
            .map(|(name, address)| {
                let address = match address {
                    Some(address) => address.clone(),
                    None => server_of(name, data_dir, files)?.local_url(),
                };
                Ok((name, address))
            })
            .collect()
    }
}

/// Prints one line per service and fails when any is not serving.
pub async fn run(data_dir: &Path, files: &ConfigFiles, args: Args) -> anyhow::Result<ExitCode> {
    let mut healthy = true;
    let tls = args.tls();
    for (name, address) in args.addresses(data_dir, files)? {
        match probe(&address, tls.as_ref(), args.timeout).await {
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
    tls: Option<&ClientTlsSettings>,
    timeout: Duration,
) -> Result<(), String> {
    let tls = match address.starts_with("https://") {
        true => Some((tls.ok_or("an https address needs --ca-file")?, "--ca-file")),
        false => None,
    };
    let channel = qinglian_kit::client::endpoint(address, tls, timeout, Some(timeout))?
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
