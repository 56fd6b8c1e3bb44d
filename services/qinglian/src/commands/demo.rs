//! `qinglian demo`: the suite's main job in one command. Starts every service in this process on a
//! fresh embedded database, records a sample year through the public gRPC APIs, generates that year's
//! work report, prints it, writes it to a file and lints it, then serves until SIGTERM or SIGINT (or,
//! with `--exit`, stops). The listen addresses follow the settings, so `QINGLIAN_<SERVICE>__SERVER__LISTEN`
//! moves them; the services always find each other at the addresses they were bound to.

mod deployment;

use qinglian_kit::settings::ConfigFiles;
use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{self as pb, ReportFormat};
use qinglian_kit::auth::{BearerToken, TokenKeys};
use qinglian_kit::clock::Clock;

use self::deployment::{Deployment, connect, start};
use crate::demo::{self, Session};

/// Arguments of `demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the generated report; default `<data-dir>/work-report-2023.txt`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Stop the services and exit once the report is written and linted (for tests and CI).
    #[arg(long)]
    exit: bool,
}

/// Runs the demo in `data_dir` (a new `demo-<time>` folder inside it when it is the default `./data`).
pub async fn run(data_dir: &Path, files: &ConfigFiles, args: Args) -> anyhow::Result<ExitCode> {
    let data_dir = fresh_folder(data_dir)?;
    say(format_args!(
        "qinglian demo: data in {}",
        data_dir.display()
    ))?;
    let out = args
        .out
        .unwrap_or_else(|| data_dir.join(format!("work-report-{}.txt", demo::YEAR)));
    let clock = Clock::fixed(demo::morning(&format!("{}-01-01", demo::YEAR))?);
    let (deployment, keys) = start(&data_dir, files, clock.clone()).await?;
    let serving = !args.exit;
    let clean = match present(&deployment, keys, clock.clone(), &out, serving).await {
        Ok(clean) => clean,
        Err(e) => {
            deployment.stop().await?;
            return Err(e);
        }
    };
    if !serving || !clean {
        deployment.stop().await?;
    } else {
        // Nothing is printed from here on: a closed output cannot leave the services running.
        deployment.serve(clock).await?;
    }
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The demo's folder: `dir` itself, or a new `demo-<YYYYMMDD-HHMMSS>` inside the default `./data`;
/// never one that already holds something.
fn fresh_folder(dir: &Path) -> anyhow::Result<PathBuf> {
    let dir = if dir == Path::new("./data") {
        dir.join(format!(
            "demo-{}",
            chrono::Local::now().format("%Y%m%d-%H%M%S")
        ))
    } else {
        dir.to_path_buf()
    };
    let used = std::fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_some());
    anyhow::ensure!(
        !used,
        "{} is not empty: the demo needs a fresh folder (name a new one with --data-dir)",
        dir.display()
    );
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// Prints one line; output closed early (`| head`) ends the demo with an error, services stopped.
fn say(line: impl Display) -> anyhow::Result<()> {
    writeln!(std::io::stdout(), "{line}").context("cannot write to standard output")
}

/// Loads the sample year, then generates, prints, writes and lints its report and says where the
/// services listen (and, when `serving`, that they go on); returns whether the lint found nothing.
async fn present(
    deployment: &Deployment,
    keys: TokenKeys,
    clock: Clock,
    out: &Path,
    serving: bool,
) -> anyhow::Result<bool> {
    let [tasks, supervision, oversight] = deployment.addresses;
    let session = Session::new(
        connect(tasks).await?,
        connect(supervision).await?,
        connect(oversight).await?,
        keys,
        clock,
    );
    say(format_args!(
        "recording the sample year {} through the gRPC APIs",
        demo::YEAR
    ))?;
    let org = demo::load(&session)
        .await
        .context("loading the sample year")?;
    let bearer = BearerToken::new(&deployment.admin_token).map_err(anyhow::Error::msg)?;
    let mut reports = ReportServiceClient::with_interceptor(connect(oversight).await?, bearer);
    let generated = reports
        .generate_annual_report(pb::GenerateAnnualReportRequest {
            organisation_unit_id: org.organ.clone(),
            year: demo::YEAR,
            format: ReportFormat::PlainText as i32,
            request_id: format!("demo-{}-report", demo::YEAR),
            ..Default::default()
        })
        .await
        .context("generating the report")?;
    let report = generated
        .into_inner()
        .report
        .context("the response has no report")?;
    say(format_args!("\n{}", report.text))?;
    if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    std::fs::write(out, &report.text).with_context(|| format!("cannot write {}", out.display()))?;
    say(format_args!("report written to {}", out.display()))?;
    let findings = reports
        .lint_report(pb::LintReportRequest {
            text: report.text.clone(),
            organisation_unit_id: org.organ.clone(),
            year: demo::YEAR,
            ..Default::default()
        })
        .await
        .context("linting the report")?
        .into_inner()
        .findings;
    if findings.is_empty() {
        say("lint: no findings")?;
    }
    for f in &findings {
        let kind = pb::FindingKind::try_from(f.kind).map_or("UNKNOWN", |k| k.as_str_name());
        say(format_args!(
            "lint: {}:{} {kind} «{}» → «{}»",
            f.line, f.column, f.text, f.suggestion
        ))?;
    }
    say(format_args!("task assignment service on {tasks}"))?;
    say(format_args!("supervision records service on {supervision}"))?;
    say(format_args!("oversight reporting service on {oversight}"))?;
    let [tasks_admin, supervision_admin, oversight_admin] = deployment.admin_addresses;
    say(format_args!(
        "metrics on http://{tasks_admin}/metrics, http://{supervision_admin}/metrics, \
         http://{oversight_admin}/metrics (and /healthz, /readyz)"
    ))?;
    say(format_args!("admin token:\n{}", deployment.admin_token))?;
    say("try:")?;
    say(format_args!(
        "  grpcurl -plaintext -H \"authorization: Bearer {}\" -d '{{\"organisation_unit_id\": \"{}\", \"year\": {}}}' {} qinglian.oversight.v1.ReportService/GenerateAnnualReport",
        deployment.admin_token,
        org.organ,
        demo::YEAR,
        oversight
    ))?;
    let clean = findings.is_empty();
    if serving && clean {
        say(format_args!(
            "serving until Ctrl-C; the demo clock runs on from {}",
            demo::REPORT_DAY
        ))?;
    }
    Ok(clean)
}
