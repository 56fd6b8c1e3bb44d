//! People, portfolios and liaison links.

use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Cluster;
use tonic::Code;

use super::common::{create_person, create_unit, expect_code, violated_fields};

async fn people_portfolios_and_liaison_links(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let organ = create_unit(&mut client, UnitKind::Organ, "市民政局", None).await;
    let office = create_unit(&mut client, UnitKind::Department, "办公室", Some(&organ.id)).await;
    let branch = create_unit(
        &mut client,
        UnitKind::PartyBranch,
        "机关第一党支部",
        Some(&organ.id),
    )
    .await;
    let leader = create_person(&mut client, "李局长", &organ.id, true).await;
    let clerk = create_person(&mut client, "王干事", &office.id, false).await;

    let fields = violated_fields(
        client
            .create_person(pb::CreatePersonRequest {
                person: Some(pb::Person {
                    name: " ".into(),
                    unit_id: uuid::Uuid::now_v7().to_string(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await,
    );
    assert_eq!(fields, ["person.name"]);
    let fields = violated_fields(
        client
            .create_person(pb::CreatePersonRequest {
                person: Some(pb::Person {
                    name: "赵六".into(),
                    unit_id: uuid::Uuid::now_v7().to_string(),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await,
    );
    assert_eq!(fields, ["person.unit_id"]);

    // Portfolios: only for leadership-team members; units must exist and not repeat.
    let portfolio = client
        .set_portfolio(pb::SetPortfolioRequest {
            person_id: leader.id.clone(),
            unit_ids: vec![office.id.clone(), branch.id.clone()],
            etag: String::new(),
            request_id: String::new(),
        })
        .await
        .expect("portfolio")
        .into_inner()
        .portfolio
        .expect("portfolio");
    assert_eq!(portfolio.unit_ids, [office.id.clone(), branch.id.clone()]);
    expect_code(
        client
            .set_portfolio(pb::SetPortfolioRequest {
                person_id: clerk.id.clone(),
                unit_ids: vec![office.id.clone()],
                etag: String::new(),
                request_id: String::new(),
            })
            .await,
        Code::FailedPrecondition,
    );
    assert_eq!(
        violated_fields(
            client
                .set_portfolio(pb::SetPortfolioRequest {
                    person_id: leader.id.clone(),
                    unit_ids: vec![office.id.clone(), office.id.clone()],
                    etag: String::new(),
                    request_id: String::new(),
                })
                .await
        ),
        ["unit_ids[1]"]
    );
    expect_code(
        client
            .set_portfolio(pb::SetPortfolioRequest {
                person_id: leader.id.clone(),
                unit_ids: vec![office.id.clone()],
                etag: "W/\"99\"".into(),
                request_id: String::new(),
            })
            .await,
        Code::Aborted,
    );
    let read = client
        .get_portfolio(pb::GetPortfolioRequest {
            person_id: leader.id.clone(),
        })
        .await
        .expect("get portfolio")
        .into_inner()
        .portfolio
        .expect("portfolio");
    assert_eq!(read, portfolio);

    // Liaison links: a leadership-team member and a Party branch, once.
    let link = client
        .create_liaison_link(pb::CreateLiaisonLinkRequest {
            liaison_link: Some(pb::LiaisonLink {
                leader_id: leader.id.clone(),
                branch_id: branch.id.clone(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("link")
        .into_inner()
        .liaison_link
        .expect("link");
    assert_eq!(link.branch_id, branch.id);
    let duplicate = client
        .create_liaison_link(pb::CreateLiaisonLinkRequest {
            liaison_link: Some(pb::LiaisonLink {
                leader_id: leader.id.clone(),
                branch_id: branch.id.clone(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await;
    expect_code(duplicate, Code::AlreadyExists);
    let not_branch = client
        .create_liaison_link(pb::CreateLiaisonLinkRequest {
            liaison_link: Some(pb::LiaisonLink {
                leader_id: leader.id.clone(),
                branch_id: office.id.clone(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await;
    assert_eq!(violated_fields(not_branch), ["liaison_link.branch_id"]);
    let links = client
        .list_liaison_links(pb::ListLiaisonLinksRequest {
            filter: format!("leader_id = \"{}\"", leader.id),
            ..Default::default()
        })
        .await
        .expect("list links")
        .into_inner();
    assert_eq!(links.liaison_links, [link]);

    // People in use cannot be deleted; others can, and batch reads see it.
    expect_code(
        client
            .delete_person(pb::DeletePersonRequest {
                id: leader.id.clone(),
                etag: String::new(),
                request_id: String::new(),
            })
            .await,
        Code::FailedPrecondition,
    );
    client
        .delete_person(pb::DeletePersonRequest {
            id: clerk.id.clone(),
            etag: clerk.etag.clone(),
            request_id: String::new(),
        })
        .await
        .expect("delete clerk");
    let status = expect_code(
        client
            .batch_get_people(pb::BatchGetPeopleRequest {
                ids: vec![leader.id.clone(), clerk.id.clone()],
            })
            .await,
        Code::NotFound,
    );
    assert!(status.message().contains(&clerk.id));
    let people = client
        .batch_get_people(pb::BatchGetPeopleRequest {
            ids: vec![leader.id.clone()],
        })
        .await
        .expect("batch")
        .into_inner()
        .people;
    assert_eq!(people[0].name, "李局长");
    cluster.stop().await.expect("stop");
}

async fn stale_etags_are_refused_and_change_nothing(db: TestDatabase) {
    let cluster = Cluster::on(db).start().await;
    let tasks = &cluster.tasks;
    let mut client = tasks.admin_directory().await;
    let organ = create_unit(&mut client, UnitKind::Organ, "市民政局", None).await;
    let person = create_person(&mut client, "张三", &organ.id, false).await;
    let mut first = person.clone();
    first.position = "科长".into();
    let updated = client
        .update_person(pb::UpdatePersonRequest {
            person: Some(first),
            update_mask: None,
            request_id: String::new(),
        })
        .await
        .expect("first update")
        .into_inner()
        .person
        .expect("person");
    let mut stale = person.clone();
    stale.position = "处长".into();
    expect_code(
        client
            .update_person(pb::UpdatePersonRequest {
                person: Some(stale),
                update_mask: None,
                request_id: String::new(),
            })
            .await,
        Code::Aborted,
    );
    expect_code(
        client
            .delete_person(pb::DeletePersonRequest {
                id: person.id.clone(),
                etag: person.etag.clone(),
                request_id: String::new(),
            })
            .await,
        Code::Aborted,
    );
    let now = client
        .get_person(pb::GetPersonRequest {
            id: person.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .person
        .expect("person");
    assert_eq!(now, updated);
    assert_eq!(now.position, "科长");
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(
    people_portfolios_and_liaison_links,
    stale_etags_are_refused_and_change_nothing,
);
