//! Request ids (AIP-155): retries, concurrent duplicates and reuse with another payload.

use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;

use super::common::{all_units, unit, violated_fields};

async fn concurrent_duplicates_create_one_record(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let client = tasks.admin_directory().await;
    let request = pb::CreateUnitRequest {
        unit: Some(unit(UnitKind::Organ, "市民政局", None)),
        request_id: "create-organ-1".into(),
    };
    let mut calls = Vec::new();
    for _ in 0..12 {
        let mut client = client.clone();
        let request = request.clone();
        calls.push(tokio::spawn(
            async move { client.create_unit(request).await },
        ));
    }
    let mut ids = Vec::new();
    for call in calls {
        let response = call.await.expect("join").expect("create").into_inner();
        ids.push(response.unit.expect("unit"));
    }
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "every retry returns the first response"
    );
    let mut client = client;
    assert_eq!(
        all_units(&mut client, "").await.len(),
        1,
        "exactly one unit was written"
    );

    // A later retry still returns the same response, and writes no audit event.
    let audit = tasks
        .audit(&tasks.token(qinglian_kit::auth::Role::Admin))
        .await;
    let before = count_audit(audit.clone()).await;
    let again = client
        .create_unit(request.clone())
        .await
        .expect("retry")
        .into_inner();
    assert_eq!(again.unit.as_ref(), Some(&ids[0]));
    assert_eq!(count_audit(audit).await, before);

    // The same id with a different request is refused.
    let mut different = request;
    different.unit = Some(unit(UnitKind::Organ, "市财政局", None));
    assert_eq!(
        violated_fields(client.create_unit(different).await),
        ["request_id"]
    );
    assert_eq!(all_units(&mut client, "").await.len(), 1);
    cluster.stop().await.expect("stop");
}

async fn count_audit(
    mut audit: qinglian_api::common::v1::audit_service_client::AuditServiceClient<
        qinglian_test_support::Authed,
    >,
) -> usize {
    audit
        .list_audit_events(qinglian_api::common::v1::ListAuditEventsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_inner()
        .audit_events
        .len()
}

qinglian_store::backend_tests!(concurrent_duplicates_create_one_record);
