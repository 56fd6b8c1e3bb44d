//! `qinglian-tasks`: the task-assignment service on its own (`--config <file>` or `--config-dir <folder>`,
//! `--data-dir <folder>`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    qinglian_kit::entry::main::<qinglian_tasks::Tasks>().await
}
