//! Backup and restore as an operator runs them on a live deployment (`qinglian serve` as a process):
//! a restore while the services run is refused and changes nothing; a restore of a damaged copy is
//! refused and changes nothing; a restore while they are stopped brings back exactly the backup (its
//! records, its audit chain, its sequences), keeping the replaced files aside until the next start.

use std::path::{Path, PathBuf};
use std::process::{Child, Output};

use qinglian_api::common::v1::VerifyAuditChainRequest;
use qinglian_api::common::v1::audit_service_client::AuditServiceClient;
use qinglian_api::tasks::v1 as pb;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;

mod support;

use support::*;

/// `qinglian <args>` on the deployment in `data_dir`.
fn run(data_dir: &Path, port: Ports, args: &[&str]) -> Output {
    qinglian(data_dir, port).args(args).output().expect("run")
}

/// The deployment served in `data_dir`, without a drain delay (the drain is tested elsewhere).
fn start(data_dir: &Path, port: Ports) -> Child {
    let child = serve_with(data_dir, port, &[("SERVER__DRAIN_DELAY", "0s")]);
    assert!(check(port), "serving");
    child
}

fn serve_with(data_dir: &Path, port: Ports, settings: &[(&str, &str)]) -> Child {
    let mut command = qinglian(data_dir, port);
    for service in ["TASKS", "SUPERVISION", "OVERSIGHT"] {
        for (key, value) in settings {
            command.env(format!("QINGLIAN_{service}__{key}"), value);
        }
    }
    serve_command(command)
}

fn admin_token(data_dir: &Path, port: Ports) -> String {
    let issued = run(data_dir, port, &["token", "issue", "--role", "admin"]);
    assert!(issued.status.success(), "{issued:?}");
    String::from_utf8_lossy(&issued.stdout).trim().to_owned()
}

fn directory(
    port: Ports,
    token: &str,
) -> DirectoryServiceClient<qinglian_kit::client::AuthedChannel> {
    let channel =
        tonic::transport::Endpoint::from_shared(format!("http://127.0.0.1:{}", port.tasks))
            .expect("endpoint")
            .connect_lazy();
    DirectoryServiceClient::with_interceptor(
        channel,
        qinglian_kit::auth::BearerToken::new(token).expect("bearer"),
    )
}

async fn create_unit(port: Ports, token: &str, name: &str) {
    directory(port, token)
        .create_unit(pb::CreateUnitRequest {
            unit: Some(pb::Unit {
                name: name.to_owned(),
                kind: pb::UnitKind::Organ as i32,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .unwrap_or_else(|e| panic!("create {name}: {e:?}"));
}

async fn unit_names(port: Ports, token: &str) -> Vec<String> {
    let mut names: Vec<String> = directory(port, token)
        .list_units(pb::ListUnitsRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .expect("list units")
        .into_inner()
        .units
        .into_iter()
        .map(|unit| unit.name)
        .collect();
    names.sort();
    names
}

/// The task service's audit chain: intact, and how many events it holds.
async fn chain(port: Ports, token: &str) -> i64 {
    let channel =
        tonic::transport::Endpoint::from_shared(format!("http://127.0.0.1:{}", port.tasks))
            .expect("endpoint")
            .connect_lazy();
    let verified = AuditServiceClient::with_interceptor(
        channel,
        qinglian_kit::auth::BearerToken::new(token).expect("bearer"),
    )
    .verify_audit_chain(VerifyAuditChainRequest {})
    .await
    .expect("verify")
    .into_inner();
    assert!(verified.intact, "{verified:?}");
    verified.events_checked
}

/// The folders of files a restore set aside beside the task database.
fn set_aside(data_dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data_dir)
        .expect("data dir")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().contains("tasks.db.replaced-"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_while_serving_and_brings_back_exactly_the_backup_when_stopped() {
    let dir = tempfile::tempdir().expect("dir");
    let (live, copies) = (dir.path().join("live"), dir.path().join("copies"));
    let out = copies.to_string_lossy().into_owned();
    let port = ports();
    let server = start(&live, port);
    let token = admin_token(&live, port);
    create_unit(port, &token, "甲局").await;
    let backup = run(&live, port, &["backup", "--out", &out]);
    assert!(backup.status.success(), "{backup:?}");
    let events_at_backup = chain(port, &token).await;
    create_unit(port, &token, "乙局").await;

    // Refused while the services run: one clear line, and nothing changed.
    let refused = run(&live, port, &["restore", "--from", &out]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("stop every service") && said.contains("nothing was restored"),
        "{said}"
    );
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    assert_eq!(unit_names(port, &token).await, ["乙局", "甲局"]);
    assert!(set_aside(&live).is_empty());
    terminate(server);

    // A damaged copy is refused before anything is touched.
    let damaged = dir.path().join("damaged");
    std::fs::create_dir_all(&damaged).expect("dir");
    for service in ["tasks", "supervision", "oversight"] {
        std::fs::copy(
            copies.join(format!("{service}.db")),
            damaged.join(format!("{service}.db")),
        )
        .expect("copy");
    }
    let mut bytes = std::fs::read(damaged.join("supervision.db")).expect("read");
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    std::fs::write(damaged.join("supervision.db"), bytes).expect("damage");
    let live_tasks = std::fs::read(live.join("tasks.db")).expect("live file");
    let refused = run(
        &live,
        port,
        &["restore", "--from", &damaged.to_string_lossy()],
    );
    assert!(!refused.status.success(), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("supervision"),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read(live.join("tasks.db")).expect("live file"),
        live_tasks,
        "the tasks database is untouched although its copy was whole"
    );

    // Stopped: the backup comes back, the replaced files wait aside until the next start.
    let restored = run(&live, port, &["restore", "--from", &out]);
    assert!(restored.status.success(), "{restored:?}");
    assert_eq!(set_aside(&live).len(), 1, "replaced files kept aside");
    let server = start(&live, port);
    assert!(
        set_aside(&live).is_empty(),
        "removed by the successful start"
    );
    assert_eq!(unit_names(port, &token).await, ["甲局"]);
    assert_eq!(chain(port, &token).await, events_at_backup);
    // Sequences go on from the backup's: the next write extends the restored chain.
    create_unit(port, &token, "丙局").await;
    assert_eq!(chain(port, &token).await, events_at_backup + 1);
    assert_eq!(unit_names(port, &token).await, ["丙局", "甲局"]);
    terminate(server);

    // A restore that was cut off (its folder has no completion marker) stops the next start, and a
    // second restore, naming the folder; nothing is discarded.
    let cut_off = live.join("tasks.db.replaced-20240101T000000.000Z");
    std::fs::create_dir_all(&cut_off).expect("folder");
    let start = run(&live, port, &["serve"]);
    assert!(!start.status.success());
    let said = String::from_utf8_lossy(&start.stderr);
    assert!(
        said.contains("interrupted") && said.contains("replaced-20240101"),
        "{said}"
    );
    let again = run(&live, port, &["restore", "--from", &out]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("interrupted"));
    assert!(cut_off.is_dir(), "kept for the operator");
}
