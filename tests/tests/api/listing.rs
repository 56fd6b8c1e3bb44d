//! Pagination, filters and ordering on the List RPCs.

use std::collections::HashSet;

use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tonic::Code;

use super::common::{all_units, create_person, create_unit, expect_code, violated_fields};

async fn pages_stay_consistent_while_rows_are_inserted(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let root = create_unit(&mut client, UnitKind::Organ, "m-root", None).await;
    for i in 0..60 {
        create_unit(
            &mut client,
            UnitKind::Department,
            &format!("m-{i:03}"),
            Some(&root.id),
        )
        .await;
    }
    let filter = format!("parent_id = \"{}\"", root.id);
    let mut seen = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let page = client
            .list_units(pb::ListUnitsRequest {
                page_size: 7,
                page_token: token.clone(),
                filter: filter.clone(),
                order_by: "name".into(),
            })
            .await
            .expect("page")
            .into_inner();
        assert!(page.units.len() <= 7);
        seen.extend(page.units.into_iter().map(|u| u.name));
        pages += 1;
        // Rows inserted behind and ahead of the cursor while the client pages.
        create_unit(
            &mut client,
            UnitKind::Department,
            &format!("a-{pages:03}"),
            Some(&root.id),
        )
        .await;
        create_unit(
            &mut client,
            UnitKind::Department,
            &format!("z-{pages:03}"),
            Some(&root.id),
        )
        .await;
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let originals: Vec<String> = (0..60).map(|i| format!("m-{i:03}")).collect();
    let seen_originals: Vec<String> = seen
        .iter()
        .filter(|n| n.starts_with("m-"))
        .cloned()
        .collect();
    assert_eq!(
        seen_originals, originals,
        "every original row once, in order"
    );
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no row twice");
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "pages follow the order");
    assert!(
        seen.iter().all(|n| !n.starts_with("a-")),
        "rows behind the cursor are not seen"
    );

    // Descending order across pages.
    let first = client
        .list_units(pb::ListUnitsRequest {
            page_size: 3,
            filter: filter.clone(),
            order_by: "name desc".into(),
            ..Default::default()
        })
        .await
        .expect("desc")
        .into_inner();
    let second = client
        .list_units(pb::ListUnitsRequest {
            page_size: 3,
            page_token: first.next_page_token.clone(),
            filter: filter.clone(),
            order_by: "name desc".into(),
        })
        .await
        .expect("desc 2")
        .into_inner();
    let names: Vec<&str> = first
        .units
        .iter()
        .chain(&second.units)
        .map(|u| u.name.as_str())
        .collect();
    let mut expected = names.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, expected);

    // A token is bound to its filter and order.
    let reused = client
        .list_units(pb::ListUnitsRequest {
            page_size: 3,
            page_token: first.next_page_token.clone(),
            filter: String::new(),
            order_by: "name desc".into(),
        })
        .await;
    assert_eq!(violated_fields(reused), ["page_token"]);
    let other_order = client
        .list_units(pb::ListUnitsRequest {
            page_size: 3,
            page_token: first.next_page_token,
            filter,
            order_by: "name".into(),
        })
        .await;
    assert_eq!(violated_fields(other_order), ["page_token"]);
    let garbage = client
        .list_units(pb::ListUnitsRequest {
            page_token: "garbage".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(violated_fields(garbage), ["page_token"]);
    cluster.stop().await.expect("stop");
}

async fn page_sizes_default_cap_and_refuse_negative(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let root = create_unit(&mut client, UnitKind::Organ, "root", None).await;
    for i in 0..55 {
        create_person(&mut client, &format!("p{i:02}"), &root.id, false).await;
    }
    let default = client
        .list_people(pb::ListPeopleRequest::default())
        .await
        .expect("default")
        .into_inner();
    assert_eq!(default.people.len(), 50);
    assert!(!default.next_page_token.is_empty());
    let capped = client
        .list_people(pb::ListPeopleRequest {
            page_size: 5000,
            ..Default::default()
        })
        .await
        .expect("capped")
        .into_inner();
    assert_eq!(capped.people.len(), 55);
    assert!(capped.next_page_token.is_empty());
    let negative = client
        .list_people(pb::ListPeopleRequest {
            page_size: -1,
            ..Default::default()
        })
        .await;
    assert_eq!(violated_fields(negative), ["page_size"]);
    let bad_order = client
        .list_people(pb::ListPeopleRequest {
            order_by: "secret desc".into(),
            ..Default::default()
        })
        .await;
    assert_eq!(violated_fields(bad_order), ["order_by"]);
    cluster.stop().await.expect("stop");
}

async fn filters_select_rows_and_bad_ones_name_the_position(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let organ = create_unit(&mut client, UnitKind::Organ, "市民政局", None).await;
    create_unit(
        &mut client,
        UnitKind::PartyBranch,
        "机关第一党支部",
        Some(&organ.id),
    )
    .await;
    create_unit(
        &mut client,
        UnitKind::PartyBranch,
        "机关第二党支部",
        Some(&organ.id),
    )
    .await;
    create_unit(
        &mut client,
        UnitKind::Enterprise,
        "市福利企业",
        Some(&organ.id),
    )
    .await;
    let names = |units: Vec<pb::Unit>| {
        let mut names: Vec<String> = units.into_iter().map(|u| u.name).collect();
        names.sort();
        names
    };
    assert_eq!(
        names(all_units(&mut client, "kind = UNIT_KIND_PARTY_BRANCH").await),
        ["机关第一党支部", "机关第二党支部"]
    );
    assert_eq!(
        names(
            all_units(
                &mut client,
                "kind = UNIT_KIND_PARTY_BRANCH AND name:\"第二\""
            )
            .await
        ),
        ["机关第二党支部"]
    );
    assert_eq!(
        names(all_units(&mut client, "NOT kind = UNIT_KIND_PARTY_BRANCH").await),
        ["市民政局", "市福利企业"]
    );
    assert_eq!(
        names(
            all_units(
                &mut client,
                "(kind = UNIT_KIND_ORGAN OR kind = UNIT_KIND_ENTERPRISE) AND name:\"市\""
            )
            .await
        ),
        ["市民政局", "市福利企业"]
    );
    assert_eq!(
        all_units(&mut client, "create_time > 2000-01-01T00:00:00Z")
            .await
            .len(),
        4
    );
    assert!(
        all_units(&mut client, "create_time < \"2000-01-01T00:00:00Z\"")
            .await
            .is_empty()
    );
    // LIKE wildcards in the value are literal.
    assert!(all_units(&mut client, "name:\"%\"").await.is_empty());

    for (filter, position) in [
        ("secret = 1", 0),
        ("kind = UNIT_KIND_NOPE", 7),
        ("name = \"open", 7),
        ("(kind = UNIT_KIND_ORGAN", 0),
        ("name > ", 7),
    ] {
        let status = expect_code(
            client
                .list_units(pb::ListUnitsRequest {
                    filter: filter.into(),
                    ..Default::default()
                })
                .await,
            Code::InvalidArgument,
        );
        assert!(
            status.message().contains(&format!("position {position}")),
            "{filter}: {}",
            status.message()
        );
    }
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    pages_stay_consistent_while_rows_are_inserted,
    page_sizes_default_cap_and_refuse_negative,
    filters_select_rows_and_bad_ones_name_the_position,
);
