//! The limit: the statements one CreateUnit makes (move the audit head, read it, look the request id
//! up, read the parent, insert the unit, its audit event, its outbox event and its idempotency record,
//! move the head to the chain's end), executed directly through the driver on one connection in a
//! loop, `per_transaction` creates to a transaction.

use std::time::Instant;

use qinglian_store::audit::chain_hash;
use qinglian_store::entities::audit_event;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, Statement, TransactionTrait, Value,
};

/// Inserts the parent unit the creates hang under.
pub async fn parent_unit(conn: &DatabaseConnection) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let now = chrono::Utc::now();
    execute(
        conn,
        "INSERT INTO units (id, kind, name, short_name, parent_id, code, path, head_id, version, create_time, update_time) \
         VALUES ($1, 1, '基准机关', '', NULL, NULL, $2, NULL, 1, $3, $3)",
        vec![id.clone().into(), format!("/{id}/").into(), now.into()],
    )
    .await;
    id
}

/// Creates per second of `creates` creates under `parent`, `per_transaction` to a transaction.
pub async fn creates(
    conn: &DatabaseConnection,
    parent: &str,
    creates: usize,
    per_transaction: usize,
) -> f64 {
    let started = Instant::now();
    let run = uuid::Uuid::now_v7();
    let mut done = 0;
    while done < creates {
        let txn = conn.begin().await.expect("begin");
        execute(
            &txn,
            "UPDATE audit_head SET writes = writes + 1 WHERE id = 1",
            vec![],
        )
        .await;
        let head = txn
            .query_one_raw(Statement::from_string(
                txn.get_database_backend(),
                "SELECT last_sequence, last_hash, last_event, writes FROM audit_head WHERE id = 1",
            ))
            .await
            .expect("head")
            .expect("head row");
        let mut end = End {
            sequence: head.try_get("", "last_sequence").expect("sequence"),
            hash: head.try_get("", "last_hash").expect("hash"),
            event: head.try_get("", "last_event").expect("event"),
        };
        for _ in 0..per_transaction.min(creates - done) {
            end = create(&txn, parent, &format!("{run}-{done}"), end).await;
            done += 1;
        }
        execute(
            &txn,
            "UPDATE audit_head SET last_sequence = $1, last_hash = $2, last_event = $3 WHERE id = 1",
            vec![end.sequence.into(), end.hash.into(), end.event.into()],
        )
        .await;
        txn.commit().await.expect("commit");
    }
    creates as f64 / started.elapsed().as_secs_f64()
}

/// Where the audit chain and the outbox end.
struct End {
    sequence: i64,
    hash: String,
    event: i64,
}

/// One create's statements; returns the new end.
async fn create(txn: &DatabaseTransaction, parent: &str, request_id: &str, end: End) -> End {
    let backend = txn.get_database_backend();
    let found = txn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            "SELECT request_id, method, fingerprint, response, create_time FROM idempotency_records WHERE request_id = $1",
            vec![request_id.into()],
        ))
        .await
        .expect("request id");
    assert!(found.is_none());
    txn.query_one_raw(Statement::from_sql_and_values(
        backend,
        "SELECT id, kind, name, short_name, parent_id, code, path, head_id, version, create_time, update_time FROM units WHERE id = $1",
        vec![parent.into()],
    ))
    .await
    .expect("parent")
    .expect("parent row");
    let id = uuid::Uuid::now_v7().to_string();
    let now = chrono::Utc::now();
    let path = format!("/{parent}/{id}/");
    execute(
        txn,
        "INSERT INTO units (id, kind, name, short_name, parent_id, code, path, head_id, version, create_time, update_time) \
         VALUES ($1, 3, $2, '', $3, NULL, $4, NULL, 1, $5, $5)",
        vec![
            id.clone().into(),
            format!("处室{request_id}").into(),
            parent.into(),
            path.clone().into(),
            now.into(),
        ],
    )
    .await;
    let after = serde_json::json!({
        "id": id, "kind": 3, "name": format!("处室{request_id}"), "short_name": "", "parent_id": parent,
        "code": null, "path": path, "head_id": null, "version": 1, "create_time": now, "update_time": now,
    })
    .to_string();
    let mut event = audit_event::Model {
        sequence: end.sequence + 1,
        id: uuid::Uuid::now_v7().to_string(),
        actor: "test-admin".into(),
        actor_role: "admin".into(),
        method: "/qinglian.tasks.v1.DirectoryService/CreateUnit".into(),
        action: 1,
        resource_type: "qinglian.tasks.v1.Unit".into(),
        resource_id: id.clone(),
        before_json: String::new(),
        after_json: after.clone(),
        time: now,
        request_id: request_id.to_owned(),
        previous_hash: end.hash,
        hash: String::new(),
    };
    event.hash = chain_hash(&event);
    execute(
        txn,
        "INSERT INTO audit_events (sequence, id, actor, actor_role, method, action, resource_type, resource_id, before_json, after_json, time, request_id, previous_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        vec![
            event.sequence.into(),
            event.id.clone().into(),
            event.actor.clone().into(),
            event.actor_role.clone().into(),
            event.method.clone().into(),
            event.action.into(),
            event.resource_type.clone().into(),
            event.resource_id.clone().into(),
            event.before_json.clone().into(),
            event.after_json.clone().into(),
            event.time.into(),
            event.request_id.clone().into(),
            event.previous_hash.clone().into(),
            event.hash.clone().into(),
        ],
    )
    .await;
    execute(
        txn,
        "INSERT INTO outbox_events (sequence, id, event_type, resource_type, resource_id, time, type_url, payload) \
         VALUES ($1, $2, 'qinglian.tasks.v1.Unit.created', 'qinglian.tasks.v1.Unit', $3, $4, 'type.googleapis.com/qinglian.tasks.v1.Unit', $5)",
        vec![
            (end.event + 1).into(),
            uuid::Uuid::now_v7().to_string().into(),
            id.into(),
            now.into(),
            Value::Bytes(Some(after.clone().into_bytes())),
        ],
    )
    .await;
    execute(
        txn,
        "INSERT INTO idempotency_records (request_id, method, fingerprint, response, create_time) VALUES ($1, $2, $3, $4, $5)",
        vec![
            request_id.into(),
            event.method.into(),
            "0".repeat(64).into(),
            Value::Bytes(Some(after.into_bytes())),
            now.into(),
        ],
    )
    .await;
    End {
        sequence: event.sequence,
        hash: event.hash,
        event: end.event + 1,
    }
}

async fn execute(conn: &impl ConnectionTrait, sql: &str, values: Vec<Value>) {
    conn.execute_raw(Statement::from_sql_and_values(
        conn.get_database_backend(),
        sql,
        values,
    ))
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
}
