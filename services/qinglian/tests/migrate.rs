//! `qinglian migrate` started many times at once on one fresh database, as `kubectl apply -k` starts
//! the migrate Job and every replica together: every process succeeds, one applies the migrations and
//! the others find nothing left to apply; on SQLite and on PostgreSQL.

use std::process::Command;

use qinglian_store::testing::TestDatabase;

const BINARY: &str = env!("CARGO_BIN_EXE_qinglian");

/// How many processes start at once.
const STARTS: usize = 8;

async fn concurrent_migrate_commands_all_succeed_and_migrate_once(db: TestDatabase) {
    let data = tempfile::tempdir().expect("dir");
    let children: Vec<_> = (0..STARTS)
        .map(|_| {
            Command::new(BINARY)
                .arg("--data-dir")
                .arg(data.path())
                .args(["migrate", "--service", "tasks"])
                .env_remove("QINGLIAN_CONFIG_DIR")
                .env("QINGLIAN_TASKS__DATABASE__URL", &db.url)
                .env("QINGLIAN_TASKS__LOG__FILTER", "warn")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start qinglian migrate")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|child| child.wait_with_output().expect("wait"))
        .collect();
    let mut applied = Vec::new();
    for output in &outputs {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let said = String::from_utf8_lossy(&output.stdout);
        let count: usize = said
            .lines()
            .find_map(|line| line.strip_prefix("applied ")?.strip_suffix(" migrations"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {said}"));
        applied.push(count);
    }
    applied.sort_unstable();
    let total = applied.iter().sum::<usize>();
    assert!(total > 0, "{applied:?}");
    assert_eq!(
        applied[..STARTS - 1],
        [0; STARTS - 1],
        "one migrates: {applied:?}"
    );

    let dry = Command::new(BINARY)
        .arg("--data-dir")
        .arg(data.path())
        .args(["migrate", "--service", "tasks", "--dry-run"])
        .env_remove("QINGLIAN_CONFIG_DIR")
        .env("QINGLIAN_TASKS__DATABASE__URL", &db.url)
        .output()
        .expect("dry run");
    assert_eq!(
        String::from_utf8_lossy(&dry.stdout).trim(),
        "no pending migrations"
    );
}

qinglian_store::backend_tests!(concurrent_migrate_commands_all_succeed_and_migrate_once);
