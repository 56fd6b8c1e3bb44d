//! One service binary running as a child process: started with `--config <file>` and its
//! `QINGLIAN_<SVC>__…` variables only (the test's own QINGLIAN_ variables are not passed on), its
//! output captured to files, stopped with SIGTERM like an orchestrator does or killed with SIGKILL like
//! a crash, killed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// How long a service may take to drain and exit after SIGTERM.
const STOP_BOUND: Duration = Duration::from_secs(20);

/// A service binary and how it is started; running or not.
#[derive(Debug)]
pub(crate) struct ServiceProcess {
    /// The service's name (`tasks`, `supervision`, `oversight`).
    pub(crate) service: &'static str,
    /// The binary run.
    pub(crate) binary: PathBuf,
    config: PathBuf,
    /// The variables it is started with.
    pub(crate) env: Vec<(String, String)>,
    dir: PathBuf,
    child: Option<Child>,
    logs: Vec<PathBuf>,
}

impl ServiceProcess {
    /// A service run from `binary` with the settings file `config` and the variables `env`, writing
    /// its data and logs under `dir`. Not started yet.
    pub(crate) fn new(
        service: &'static str,
        binary: &Path,
        config: PathBuf,
        env: Vec<(String, String)>,
        dir: PathBuf,
    ) -> Self {
        Self {
            service,
            binary: binary.to_path_buf(),
            config,
            env,
            dir,
            child: None,
            logs: Vec::new(),
        }
    }

    /// Starts the process; each start writes to log files of its own.
    pub(crate) fn start(&mut self) {
        assert!(self.child.is_none(), "{} is already running", self.service);
        let run = self.logs.len() / 2 + 1;
        let stdout = self.dir.join(format!("{}.{run}.stdout.log", self.service));
        let stderr = self.dir.join(format!("{}.{run}.stderr.log", self.service));
        let mut command = Command::new(&self.binary);
        command
            .arg("--config")
            .arg(&self.config)
            .arg("--data-dir")
            .arg(self.dir.join("data"))
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(log_file(&stdout))
            .stderr(log_file(&stderr));
        for (name, _) in std::env::vars_os() {
            if let Some(name) = name.to_str()
                && (name.starts_with("QINGLIAN_") || name == "RUST_LOG")
            {
                command.env_remove(name);
            }
        }
        command
            .env("NO_COLOR", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.binary.display()));
        self.logs.push(stdout);
        self.logs.push(stderr);
        self.child = Some(child);
    }

    /// The exit status when the process has ended on its own.
    pub(crate) fn exited(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|child| child.try_wait().ok().flatten())
    }

    /// Sends SIGTERM and waits for the process to drain and exit; returns how it exited.
    pub(crate) async fn terminate(&mut self) -> ExitStatus {
        let mut child = self
            .child
            .take()
            .unwrap_or_else(|| panic!("{} is not running", self.service));
        let pid = i32::try_from(child.id()).expect("pid fits an i32");
        kill(Pid::from_raw(pid), Signal::SIGTERM)
            .unwrap_or_else(|e| panic!("cannot signal {}: {e}", self.service));
        let deadline = Instant::now() + STOP_BOUND;
        loop {
            if let Some(status) = child.try_wait().expect("wait for the service") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "{} did not stop within {STOP_BOUND:?} of SIGTERM",
                    self.service
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Kills the process with SIGKILL, as a power cut or the kernel's OOM killer would: it gets no
    /// chance to drain, answer or flush. Returns once it is reaped.
    pub(crate) fn kill(&mut self) {
        let mut child = self
            .child
            .take()
            .unwrap_or_else(|| panic!("{} is not running", self.service));
        child
            .kill()
            .unwrap_or_else(|e| panic!("cannot kill {}: {e}", self.service));
        let _ = child.wait();
    }

    /// Prints every log of the process (to the test's captured output), for a failed run.
    pub(crate) fn print_logs(&self) {
        for path in &self.logs {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            eprintln!("----- {} -----\n{text}", path.display());
        }
    }
}

impl Drop for ServiceProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn log_file(path: &Path) -> std::fs::File {
    std::fs::File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()))
}
