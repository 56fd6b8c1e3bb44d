//! Units: create, read, update with masks, move, delete, trees, batch reads and validation.

use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tonic::Code;

use super::common::{all_units, create_person, create_unit, expect_code, unit, violated_fields};

async fn creates_reads_updates_and_deletes_units(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let organ = create_unit(&mut client, UnitKind::Organ, "市民政局", None).await;
    assert_eq!(organ.kind, UnitKind::Organ as i32);
    assert!(!organ.id.is_empty() && !organ.etag.is_empty() && organ.create_time.is_some());

    let got = client
        .get_unit(pb::GetUnitRequest {
            id: organ.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .unit
        .expect("unit");
    assert_eq!(got, organ);

    let mut change = organ.clone();
    change.short_name = "民政局".into();
    change.name = "ignored because not in the mask".into();
    let updated = client
        .update_unit(pb::UpdateUnitRequest {
            unit: Some(change),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["short_name".into()],
            }),
            request_id: String::new(),
        })
        .await
        .expect("update")
        .into_inner()
        .unit
        .expect("unit");
    assert_eq!(updated.short_name, "民政局");
    assert_eq!(updated.name, "市民政局");
    assert_ne!(updated.etag, organ.etag);

    client
        .delete_unit(pb::DeleteUnitRequest {
            id: organ.id.clone(),
            etag: updated.etag,
            request_id: String::new(),
        })
        .await
        .expect("delete");
    expect_code(
        client.get_unit(pb::GetUnitRequest { id: organ.id }).await,
        Code::NotFound,
    );
    cluster.stop().await.expect("stop");
}

async fn refuses_invalid_units_and_writes_nothing(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let mut bad = unit(UnitKind::Unspecified, "", Some("not-an-id"));
    bad.short_name = "x".repeat(51);
    bad.code = "a\u{0}b".into();
    let fields = violated_fields(
        client
            .create_unit(pb::CreateUnitRequest {
                unit: Some(bad),
                request_id: String::new(),
            })
            .await,
    );
    assert_eq!(
        fields,
        [
            "unit.kind",
            "unit.name",
            "unit.short_name",
            "unit.parent_id",
            "unit.code"
        ]
    );
    let missing_parent = unit(
        UnitKind::Department,
        "办公室",
        Some(&uuid::Uuid::now_v7().to_string()),
    );
    let fields = violated_fields(
        client
            .create_unit(pb::CreateUnitRequest {
                unit: Some(missing_parent),
                request_id: String::new(),
            })
            .await,
    );
    assert_eq!(fields, ["unit.parent_id"]);
    let bad_mask = client
        .update_unit(pb::UpdateUnitRequest {
            unit: Some(pb::Unit {
                id: uuid::Uuid::now_v7().to_string(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["path".into()],
            }),
            request_id: String::new(),
        })
        .await;
    assert_eq!(violated_fields(bad_mask), ["update_mask"]);
    assert!(
        all_units(&mut client, "").await.is_empty(),
        "nothing is written"
    );

    let first = create_unit(&mut client, UnitKind::Organ, "市人大机关", None).await;
    let mut coded = unit(UnitKind::Organ, "市财政局", None);
    coded.code = "C-1".into();
    client
        .create_unit(pb::CreateUnitRequest {
            unit: Some(coded.clone()),
            request_id: String::new(),
        })
        .await
        .expect("first with code");
    coded.name = "另一个".into();
    expect_code(
        client
            .create_unit(pb::CreateUnitRequest {
                unit: Some(coded),
                request_id: String::new(),
            })
            .await,
        Code::AlreadyExists,
    );
    assert_eq!(all_units(&mut client, "").await.len(), 2);
    let _ = first;
    cluster.stop().await.expect("stop");
}

async fn moves_subtrees_refuses_cycles_and_deleting_used_units(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let group = create_unit(&mut client, UnitKind::PartyGroup, "局党组", None).await;
    let organ = create_unit(&mut client, UnitKind::Organ, "市民政局", Some(&group.id)).await;
    let office = create_unit(&mut client, UnitKind::Department, "办公室", Some(&organ.id)).await;
    let branch = create_unit(
        &mut client,
        UnitKind::PartyBranch,
        "第一党支部",
        Some(&office.id),
    )
    .await;
    let other = create_unit(&mut client, UnitKind::Organ, "市财政局", None).await;

    // A unit cannot move below its own descendant.
    let mut cyclic = group.clone();
    cyclic.parent_id = branch.id.clone();
    let fields = violated_fields(
        client
            .update_unit(pb::UpdateUnitRequest {
                unit: Some(cyclic),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["parent_id".into()],
                }),
                request_id: String::new(),
            })
            .await,
    );
    assert_eq!(fields, ["unit.parent_id"]);

    // Moving the office carries its branch along.
    let mut moved = office.clone();
    moved.parent_id = other.id.clone();
    client
        .update_unit(pb::UpdateUnitRequest {
            unit: Some(moved),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["parent_id".into()],
            }),
            request_id: String::new(),
        })
        .await
        .expect("move");
    let tree = client
        .get_unit_tree(pb::GetUnitTreeRequest {
            root_id: other.id.clone(),
            max_depth: 0,
        })
        .await
        .expect("tree")
        .into_inner();
    let root = &tree.roots[0];
    assert_eq!(
        root.unit.as_ref().map(|u| u.id.as_str()),
        Some(other.id.as_str())
    );
    let office_node = &root.children[0];
    assert_eq!(
        office_node.unit.as_ref().map(|u| u.name.as_str()),
        Some("办公室")
    );
    assert_eq!(
        office_node.children[0]
            .unit
            .as_ref()
            .map(|u| u.name.as_str()),
        Some("第一党支部")
    );
    let shallow = client
        .get_unit_tree(pb::GetUnitTreeRequest {
            root_id: other.id.clone(),
            max_depth: 1,
        })
        .await
        .expect("tree")
        .into_inner();
    assert!(shallow.roots[0].children[0].children.is_empty());
    let forest = client
        .get_unit_tree(pb::GetUnitTreeRequest {
            root_id: String::new(),
            max_depth: 0,
        })
        .await
        .expect("forest")
        .into_inner();
    assert_eq!(forest.roots.len(), 2);

    // A unit with sub-units or people cannot be deleted.
    expect_code(
        client
            .delete_unit(pb::DeleteUnitRequest {
                id: office.id.clone(),
                etag: String::new(),
                request_id: String::new(),
            })
            .await,
        Code::FailedPrecondition,
    );
    create_person(&mut client, "张三", &branch.id, false).await;
    expect_code(
        client
            .delete_unit(pb::DeleteUnitRequest {
                id: branch.id.clone(),
                etag: String::new(),
                request_id: String::new(),
            })
            .await,
        Code::FailedPrecondition,
    );

    // Batch reads keep the order asked and name every missing id.
    let batch = client
        .batch_get_units(pb::BatchGetUnitsRequest {
            ids: vec![branch.id.clone(), group.id.clone()],
        })
        .await
        .expect("batch")
        .into_inner();
    let names: Vec<&str> = batch.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["第一党支部", "局党组"]);
    let ghost = uuid::Uuid::now_v7().to_string();
    let status = expect_code(
        client
            .batch_get_units(pb::BatchGetUnitsRequest {
                ids: vec![group.id.clone(), ghost.clone()],
            })
            .await,
        Code::NotFound,
    );
    assert!(status.message().contains(&ghost), "{}", status.message());
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    creates_reads_updates_and_deletes_units,
    refuses_invalid_units_and_writes_nothing,
    moves_subtrees_refuses_cycles_and_deleting_used_units,
);
