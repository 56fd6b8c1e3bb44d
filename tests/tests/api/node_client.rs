//! A client in another language built from `proto/` alone: the Node.js script `tests/node/client.js`
//! (@grpc/grpc-js and @grpc/proto-loader from npm) loads the contracts and the standard protos beside
//! them, and calls a running service: health, a write, a list, and a refusal whose google.rpc details it
//! decodes. Needs `node` and `npm ci --prefix tests/node` (which `.ci/run` does); without them the test
//! says so loudly, and fails under CI.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;

/// The folder of the Node.js client, when its dependencies are installed and `node` runs.
fn node_client() -> Option<std::path::PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("node");
    let installed = folder.join("node_modules/@grpc/proto-loader").is_dir();
    let node = Command::new("node").arg("--version").output().is_ok();
    if installed && node {
        return Some(folder);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the Node.js client cannot run under CI: install node and run `npm ci --prefix tests/node`"
    );
    let _ = writeln!(
        std::io::stderr(),
        "NOTICE: Node.js client test NOT RUN: needs node and `npm ci --prefix tests/node`"
    );
    None
}

async fn a_node_client_built_from_the_proto_folder_calls_the_directory(db: TestDatabase) {
    let Some(folder) = node_client() else {
        return;
    };
    let cluster = Cluster::on(db).start().await;
    let token = cluster.tasks.token(Role::Admin);
    let address = cluster.tasks.addr.to_string();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(folder.join("client.js"))
            .args([&address, &token])
            .output()
            .expect("run node")
    })
    .await
    .expect("join");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!(seen["health"], "SERVING", "{seen}");
    assert_eq!(seen["created"], "节点客户局", "{seen}");
    assert!(
        seen["listed"]
            .as_array()
            .expect("names")
            .iter()
            .any(|name| name == "节点客户局"),
        "{seen}"
    );
    let refused = &seen["refused"];
    assert_eq!(refused["code"], "INVALID_ARGUMENT", "{seen}");
    assert!(
        refused["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{seen}"
    );
    assert!(
        refused["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .any(|field| field.as_str().is_some_and(|f| f.ends_with("name"))),
        "{seen}"
    );
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(a_node_client_built_from_the_proto_folder_calls_the_directory);
