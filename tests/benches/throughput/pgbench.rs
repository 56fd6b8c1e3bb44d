//! PostgreSQL's own load tool running one CreateUnit's statements, one transaction each, at a number
//! of clients: what the server does with the same work and no service in front of it.

use std::process::Command;

/// Transactions per second `pgbench` reaches at `clients` clients over 10 s.
pub async fn creates(url: &str, parent: &str, clients: usize) -> f64 {
    let script = tempfile::NamedTempFile::new().expect("script file");
    std::fs::write(script.path(), statements(parent)).expect("write script");
    let url = url.to_owned();
    let path = script.path().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("pgbench")
            .args(["-n", "-M", "prepared", "-T", "10", "-j", "2"])
            .arg("-c")
            .arg(clients.to_string())
            .arg("-f")
            .arg(&path)
            .arg(&url)
            .output()
            .expect("run pgbench (PostgreSQL's client tools)")
    })
    .await
    .expect("pgbench task");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "pgbench failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .find_map(|line| {
            line.strip_prefix("tps = ")
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|tps| tps.parse().ok())
        })
        .unwrap_or_else(|| panic!("no tps in pgbench's output: {stdout}"))
}

/// The statements of one create; the audit event takes its sequence from the head, as the service
/// does, and the hash is a stand-in of the same length.
fn statements(parent: &str) -> String {
    format!(
        "\\set n random(1, 1000000000)
BEGIN;
UPDATE audit_head SET writes = writes + 1 WHERE id = 1;
SELECT last_sequence, last_hash, last_event, writes FROM audit_head WHERE id = 1;
SELECT request_id, method, fingerprint, response, create_time FROM idempotency_records WHERE request_id = 'pgbench-' || :client_id::text || '-' || :n::text;
SELECT id, kind, name, short_name, parent_id, code, path, head_id, version, create_time, update_time FROM units WHERE id = '{parent}';
INSERT INTO units (id, kind, name, short_name, parent_id, code, path, head_id, version, create_time, update_time) VALUES ('u-' || :client_id::text || '-' || :n::text, 3, '处室' || :n::text, '', '{parent}', NULL, '/{parent}/u-' || :client_id::text || '-' || :n::text || '/', NULL, 1, now(), now()) ON CONFLICT DO NOTHING;
INSERT INTO audit_events (sequence, id, actor, actor_role, method, action, resource_type, resource_id, before_json, after_json, time, request_id, previous_hash, hash) SELECT last_sequence + 1, 'e-' || :client_id::text || '-' || :n::text, 'test-admin', 'admin', '/qinglian.tasks.v1.DirectoryService/CreateUnit', 1, 'qinglian.tasks.v1.Unit', 'u-' || :client_id::text || '-' || :n::text, '', repeat('x', 300), now(), 'pgbench-' || :client_id::text || '-' || :n::text, last_hash, md5(last_hash) || md5(last_hash) FROM audit_head WHERE id = 1;
INSERT INTO outbox_events (sequence, id, event_type, resource_type, resource_id, time, type_url, payload) SELECT last_event + 1, 'o-' || :client_id::text || '-' || :n::text, 'qinglian.tasks.v1.Unit.created', 'qinglian.tasks.v1.Unit', 'u-' || :client_id::text || '-' || :n::text, now(), 'type.googleapis.com/qinglian.tasks.v1.Unit', convert_to(repeat('x', 300), 'UTF8') FROM audit_head WHERE id = 1;
INSERT INTO idempotency_records (request_id, method, fingerprint, response, create_time) VALUES ('pgbench-' || :client_id::text || '-' || :n::text, '/qinglian.tasks.v1.DirectoryService/CreateUnit', repeat('0', 64), convert_to(repeat('x', 300), 'UTF8'), now()) ON CONFLICT DO NOTHING;
UPDATE audit_head SET last_sequence = last_sequence + 1, last_event = last_event + 1, last_hash = md5(last_hash) || md5(last_hash) WHERE id = 1;
END;
"
    )
}
