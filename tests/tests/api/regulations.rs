//! Regulations and their revision history.

use qinglian_api::supervision::v1 as pb;
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tonic::Code;

use super::common::{create_unit, expect_code, violated_fields};

mod revision_listing;

pub fn create(unit: &str, title: &str) -> pb::CreateRegulationRequest {
    pb::CreateRegulationRequest {
        regulation: Some(pb::Regulation {
            title: title.into(),
            issuing_unit_id: unit.into(),
            ..Default::default()
        }),
        change_summary: "规范机关财务收支审批".into(),
        effective_date: "2021-03-01".into(),
        request_id: String::new(),
        rectification_id: String::new(),
    }
}

async fn regulations_keep_their_revision_history(db: TestDatabase) {
    let cluster = Cluster::on(db).supervision().start().await;
    let tasks = &cluster.tasks;
    let supervision = cluster.supervision();
    let mut directory = tasks.admin_directory().await;
    let organ = create_unit(&mut directory, UnitKind::Organ, "市人大机关", None).await;
    let mut client = supervision
        .regulations(&tasks.token(Role::Discipline))
        .await;

    let created = client
        .create_regulation(create(&organ.id, "《机关财务管理办法》"))
        .await
        .expect("create")
        .into_inner()
        .regulation
        .expect("regulation");
    client
        .create_regulation(create(&organ.id, "《机关公务用车管理办法》"))
        .await
        .expect("create");
    assert_eq!(created.current_version, 1);
    let revised = client
        .revise_regulation(pb::ReviseRegulationRequest {
            id: created.id.clone(),
            change_summary: "巡察整改：增加公务接待审批".into(),
            effective_date: "2023-07-01".into(),
            etag: created.etag.clone(),
            request_id: String::new(),
            rectification_id: String::new(),
        })
        .await
        .expect("revise")
        .into_inner()
        .regulation
        .expect("regulation");
    assert_eq!(revised.current_version, 2);
    let history: Vec<(i32, &str)> = revised
        .revisions
        .iter()
        .map(|r| (r.version, r.effective_date.as_str()))
        .collect();
    assert_eq!(history, [(1, "2021-03-01"), (2, "2023-07-01")]);

    // A stale etag and an effective date going backwards change nothing.
    expect_code(
        client
            .revise_regulation(pb::ReviseRegulationRequest {
                id: created.id.clone(),
                change_summary: "x".into(),
                effective_date: "2024-01-01".into(),
                etag: created.etag.clone(),
                request_id: String::new(),
                rectification_id: String::new(),
            })
            .await,
        Code::Aborted,
    );
    assert_eq!(
        violated_fields(
            client
                .revise_regulation(pb::ReviseRegulationRequest {
                    id: created.id.clone(),
                    change_summary: "x".into(),
                    effective_date: "2022-01-01".into(),
                    etag: String::new(),
                    request_id: String::new(),
                    rectification_id: String::new(),
                })
                .await
        ),
        ["effective_date"]
    );
    let got = client
        .get_regulation(pb::GetRegulationRequest {
            id: created.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .regulation
        .expect("r");
    assert_eq!(got.revisions.len(), 2);
    let finance = client
        .list_regulations(pb::ListRegulationsRequest {
            filter: "title:\"财务\"".into(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .regulations;
    assert_eq!(
        finance.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(),
        ["《机关财务管理办法》"]
    );
    let revised_ones = client
        .list_regulations(pb::ListRegulationsRequest {
            filter: "current_version > 1".into(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .regulations;
    assert_eq!(revised_ones.len(), 1);

    let ghost = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        violated_fields(client.create_regulation(create(&ghost, "《某办法》")).await),
        ["regulation.issuing_unit_id"]
    );
    let mut viewer = supervision.regulations(&tasks.token(Role::Viewer)).await;
    expect_code(
        viewer
            .create_regulation(create(&organ.id, "《某办法》"))
            .await,
        Code::PermissionDenied,
    );
    viewer
        .get_regulation(pb::GetRegulationRequest {
            id: created.id.clone(),
        })
        .await
        .expect("viewers read");
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(regulations_keep_their_revision_history);
