//! `qinglian serve`: every service in one process, each on its own port, talking to each other over
//! gRPC as separate deployments do, and stopping together on SIGTERM or SIGINT.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use qinglian_kit::settings::EnvSource;

/// Builds every service, prints the first admin token when the signing key was just created, and
/// serves until a shutdown signal.
pub async fn run(data_dir: &Path, config: Option<&Path>) -> anyhow::Result<ExitCode> {
    let tasks_settings = qinglian_tasks::settings::load(data_dir, config, &EnvSource::Process)
        .map_err(anyhow::Error::msg)?;
    let supervision_settings =
        qinglian_supervision::settings::load(data_dir, config, &EnvSource::Process)
            .map_err(anyhow::Error::msg)?;
    let oversight_settings =
        qinglian_oversight::settings::load(data_dir, config, &EnvSource::Process)
            .map_err(anyhow::Error::msg)?;
    let telemetry = qinglian_kit::telemetry::init(&tasks_settings.log, "qinglian")
        .map_err(anyhow::Error::msg)?;
    // The task service creates the signing key on first start; the others then read it.
    let tasks = qinglian_tasks::Application::build(&tasks_settings)
        .await
        .context("task assignment service")?;
    let supervision = qinglian_supervision::Application::build(&supervision_settings)
        .await
        .context("supervision records service")?;
    let oversight = qinglian_oversight::Application::build(&oversight_settings)
        .await
        .context("oversight reporting service")?;
    if let Some(token) = tasks.first_admin_token() {
        println!(
            "created signing key {}\nadmin token (shown once; issue more with `qinglian token issue`):\n{token}",
            tasks_settings.auth.key_file.display()
        );
    }
    println!("task assignment service on {}", tasks.local_addr()?);
    println!(
        "supervision records service on {}",
        supervision.local_addr()?
    );
    println!("oversight reporting service on {}", oversight.local_addr()?);
    println!(
        "metrics on http://{}/metrics, http://{}/metrics, http://{}/metrics (and /healthz, /readyz)",
        tasks.admin_addr()?,
        supervision.admin_addr()?,
        oversight.admin_addr()?
    );
    let shutdown = qinglian_kit::shutdown::on_signal();
    let (tasks_result, supervision_result, oversight_result) = tokio::join!(
        tasks.run_until_stopped(shutdown.clone()),
        supervision.run_until_stopped(shutdown.clone()),
        oversight.run_until_stopped(shutdown)
    );
    telemetry.shutdown().await;
    tasks_result?;
    supervision_result?;
    oversight_result?;
    Ok(ExitCode::SUCCESS)
}
