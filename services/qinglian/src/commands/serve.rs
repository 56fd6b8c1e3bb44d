//! `qinglian serve`: every service in one process, each on its own port, talking to each other over
//! gRPC as separate deployments do, and stopping together on SIGTERM or SIGINT.

use qinglian_kit::settings::ConfigFiles;
use std::path::Path;
use std::process::ExitCode;

use qinglian_kit::clock::Clock;

use super::suite::{self, Suite, SuiteSettings};

/// Builds every service, prints the first admin token when the signing key was just created, and
/// serves until a shutdown signal.
pub async fn run(data_dir: &Path, files: &ConfigFiles) -> anyhow::Result<ExitCode> {
    let settings = SuiteSettings::load(data_dir, files)?;
    let telemetry = qinglian_kit::telemetry::init(&settings.tasks.log, "qinglian")
        .map_err(anyhow::Error::msg)?;
    let listeners = suite::bind_all(&settings).await?;
    let suite = Suite::build(&settings, listeners, Clock::system()).await?;
    if let Some(token) = suite.first_admin_token() {
        println!(
            "created signing key {}\nadmin token (shown once; issue more with `qinglian token issue`):\n{token}",
            settings.tasks.auth.key_file.display()
        );
    }
    let [tasks, supervision, oversight] = suite.addresses()?;
    println!("task assignment service on {tasks}");
    println!("supervision records service on {supervision}");
    println!("oversight reporting service on {oversight}");
    let [tasks, supervision, oversight] = suite.admin_addresses()?;
    println!(
        "metrics on http://{tasks}/metrics, http://{supervision}/metrics, http://{oversight}/metrics (and /healthz, /readyz)"
    );
    let shutdown = qinglian_kit::shutdown::on_signal();
    let stopped = suite::until_stopped(suite.spawn(&shutdown)).await;
    telemetry.shutdown().await;
    stopped?;
    Ok(ExitCode::SUCCESS)
}
