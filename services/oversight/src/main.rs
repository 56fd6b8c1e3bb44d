//! `qinglian-oversight`: the oversight-reporting service on its own (`--config <file>` or `--config-dir <folder>`,
//! `--data-dir <folder>`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    qinglian_kit::entry::main::<qinglian_oversight::Oversight>().await
}
