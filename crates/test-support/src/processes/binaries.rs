//! The three service binaries, built by cargo once per test run with the test's own profile, so that
//! a cluster of processes always runs the current code, also from a fresh clone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The packages whose binaries the topology runs, each named as its binary.
pub(crate) const PACKAGES: [&str; 3] = [
    "qinglian-tasks",
    "qinglian-supervision",
    "qinglian-oversight",
];

/// Where the built binaries are, by binary name.
#[derive(Debug)]
pub(crate) struct Binaries(HashMap<String, PathBuf>);

impl Binaries {
    /// The binary `name` (e.g. `qinglian-tasks`).
    pub(crate) fn path(&self, name: &str) -> &Path {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("cargo built no binary {name}"))
    }
}

/// The binaries, built on first use; a build failure fails every test that needs them.
pub(crate) fn binaries() -> &'static Binaries {
    static BUILT: OnceLock<Result<Binaries, String>> = OnceLock::new();
    match BUILT.get_or_init(build) {
        Ok(binaries) => binaries,
        Err(e) => panic!("{e}"),
    }
}

/// Runs `$CARGO build -p … --bins` from the workspace root with the profile and target folder of this
/// test executable, and takes the executables cargo reports.
fn build() -> Result<Binaries, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // This crate is <workspace>/crates/test-support.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .ok_or("the test-support crate is not two folders below the workspace")?;
    let mut command = Command::new(cargo);
    command.current_dir(root).args([
        "build",
        "--bins",
        "--message-format=json-render-diagnostics",
    ]);
    for package in PACKAGES {
        command.args(["-p", package]);
    }
    let exe =
        std::env::current_exe().map_err(|e| format!("cannot find the test executable: {e}"))?;
    // A test executable is <target>/<profile>/deps/<test>-<hash>.
    let profile_dir = exe.parent().and_then(Path::parent);
    match profile_dir
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
    {
        Some("debug") | None => {}
        Some("release") => {
            command.arg("--release");
        }
        Some(other) => {
            command.args(["--profile", other]);
        }
    }
    if std::env::var_os("CARGO_TARGET_DIR").is_none()
        && let Some(target) = profile_dir.and_then(Path::parent)
    {
        command.arg("--target-dir").arg(target);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo build for the service processes: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo build of the service binaries failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut built = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        if let (Some(name), Some(executable)) = (
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            built.insert(name.to_owned(), PathBuf::from(executable));
        }
    }
    for package in PACKAGES {
        if !built.contains_key(package) {
            return Err(format!("cargo build reported no executable {package}"));
        }
    }
    Ok(Binaries(built))
}
