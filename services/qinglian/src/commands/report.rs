//! `qinglian report generate|lint`: the annual report from a running deployment, and the lint of a
//! draft, here or against a deployment's records.

use qinglian_kit::settings::ConfigFiles;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::oversight::v1::{GenerateAnnualReportRequest, LintReportRequest, ReportFormat};
use qinglian_kit::auth::{Role, TokenKeys, load_or_create_key};
use qinglian_kit::client;
use qinglian_kit::settings::EnvSource;
use qinglian_oversight::conversions::findings::finding_of;
use qinglian_oversight::drafts;
use qinglian_oversight::lint::{self, Finding, LintContext};

/// How long report calls may take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Where the oversight-reporting service is and how to call it.
#[derive(Debug, clap::Args)]
pub struct Connection {
    /// Address of the oversight-reporting service; by default where its settings say it listens,
    /// on this host.
    #[arg(long)]
    oversight: Option<String>,
    /// Bearer token; when absent a short-lived viewer token is signed with the deployment's key.
    #[arg(long, env = "QINGLIAN_TOKEN")]
    token: Option<String>,
}

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// `LINE:COLUMN KIND «text» suggestion`, one a line.
    Text,
    /// One JSON object a line with line, column, kind, text and suggestion.
    Json,
}

/// Report subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Generates the annual report of an organisation from a running deployment and prints it.
    Generate {
        /// The organisation (a unit id).
        #[arg(long)]
        organisation: String,
        /// The year reported on.
        #[arg(long)]
        year: i32,
        /// Markdown instead of plain text.
        #[arg(long)]
        markdown: bool,
        /// Also write the report to this file.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        connection: Connection,
    },
    /// Lints a draft: exits 1 when there are findings, 0 when there are none. With an organisation
    /// and a year, numbers are checked against that deployment's records.
    Lint {
        /// The draft: UTF-8 text or a Word document (.docx).
        file: PathBuf,
        /// How to print findings.
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
        /// Check numbers against this organisation's records (needs --year and a deployment).
        #[arg(long, requires = "year")]
        organisation: Option<String>,
        /// The year the draft reports on.
        #[arg(long)]
        year: Option<i32>,
        /// The draft is Markdown on purpose: headings, lists and tables are not stray.
        #[arg(long)]
        markdown: bool,
        #[command(flatten)]
        connection: Connection,
    },
}

/// Runs a report subcommand.
pub async fn run(
    data_dir: &Path,
    files: &ConfigFiles,
    command: Command,
) -> anyhow::Result<ExitCode> {
    match command {
        Command::Generate {
            organisation,
            year,
            markdown,
            out,
            connection,
        } => {
            let mut client = client(data_dir, files, &connection).await?;
            let format = if markdown {
                ReportFormat::Markdown
            } else {
                ReportFormat::PlainText
            };
            let report = client
                .generate_annual_report(GenerateAnnualReportRequest {
                    organisation_unit_id: organisation,
                    year,
                    format: format as i32,
                    ..Default::default()
                })
                .await
                .context("generate the report")?
                .into_inner()
                .report
                .unwrap_or_default();
            print!("{}", report.text);
            if let Some(out) = out {
                std::fs::write(&out, &report.text)
                    .with_context(|| format!("cannot write {}", out.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Lint {
            file,
            format,
            organisation,
            year,
            markdown,
            connection,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = if drafts::is_docx(&bytes) {
                drafts::docx_text(&bytes).with_context(|| {
                    format!("{} is not a readable Word document", file.display())
                })?
            } else {
                String::from_utf8(bytes.clone()).with_context(|| {
                    format!("{} is neither UTF-8 text nor a .docx", file.display())
                })?
            };
            let findings = match organisation {
                Some(organisation) => {
                    let mut client = client(data_dir, files, &connection).await?;
                    let (text, docx) = if drafts::is_docx(&bytes) {
                        (String::new(), bytes)
                    } else {
                        (text, Vec::new())
                    };
                    client
                        .lint_report(LintReportRequest {
                            text,
                            docx,
                            organisation_unit_id: organisation,
                            year: year.unwrap_or_default(),
                            markdown,
                        })
                        .await
                        .context("lint the draft")?
                        .into_inner()
                        .findings
                        .iter()
                        .map(finding_of)
                        .collect()
                }
                None => lint::lint(
                    &text,
                    &LintContext {
                        year,
                        markdown,
                        ..LintContext::default()
                    },
                ),
            };
            print_findings(&findings, format)?;
            Ok(if findings.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// Prints one finding a line; a reader that stops early (a closed pipe) ends the output quietly.
fn print_findings(findings: &[Finding], format: Output) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for finding in findings {
        let line = match format {
            Output::Text => lint::format_line(finding),
            Output::Json => serde_json::to_string(finding)?,
        };
        match writeln!(out, "{line}") {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// A report client with the given token, or a viewer token signed with the deployment's key.
async fn client(
    data_dir: &Path,
    files: &ConfigFiles,
    connection: &Connection,
) -> anyhow::Result<ReportServiceClient<qinglian_kit::client::AuthedChannel>> {
    let settings = || {
        qinglian_oversight::settings::Settings::load_from(data_dir, files, &EnvSource::Process)
            .map_err(anyhow::Error::msg)
    };
    let address = match &connection.oversight {
        Some(address) => address.clone(),
        None => settings()?.server.local_url(),
    };
    if address.starts_with("https://") {
        anyhow::bail!(
            "the oversight service at {address} serves TLS, and `qinglian report` calls over \
             plaintext only: give --oversight the address of a plaintext listener"
        );
    }
    let token = match &connection.token {
        Some(token) => token.clone(),
        None => {
            let settings = settings()?;
            let (secret, _) =
                load_or_create_key(&settings.auth.key_file).map_err(anyhow::Error::msg)?;
            TokenKeys::from_secret(&secret, &settings.auth.issuer)
                .and_then(|keys| {
                    keys.issue("operator", Role::Viewer, None, Duration::from_secs(600))
                })
                .map_err(anyhow::Error::msg)?
        }
    };
    let channel = client::connect(&address, None, TIMEOUT, Some(TIMEOUT))
        .await
        .map_err(|e| anyhow::anyhow!("oversight service: {e}"))?;
    Ok(ReportServiceClient::new(
        client::authed(channel, &token).map_err(anyhow::Error::msg)?,
    ))
}
