//! Directory benchmark: prints its figures, each against a baseline measured in the same run.
//!
//! - CreatePerson over gRPC at 16 in flight, against the same transaction (row + audit + outbox)
//!   done directly through the domain service and store at 16 in flight: target ≥ 0.5×.
//! - ListPeople on a 200,000-row table: the page at row 100,000 against page 1: target ≤ 2×.
//! - GetPerson p50 latency.
//!
//! Runs on SQLite; also on PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set.
//! `cargo bench -p qinglian-scenarios --bench directory`

mod common;

use common::median;
use std::sync::Arc;
use std::time::{Duration, Instant};

use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::{Caller, Role};
use qinglian_store::testing::{Backend, TestDatabase};
use qinglian_store::{MutationContext, Store};
use qinglian_tasks::directory::Directory;
use qinglian_tasks::directory::PersonFields;
use qinglian_tasks::entities::person;
use qinglian_test_support::TestTasks;
use sea_orm::EntityTrait;

const IN_FLIGHT: usize = 16;
const CREATES: usize = 2000;
const TABLE_ROWS: usize = 200_000;
const LIST_SAMPLES: usize = 50;
const GET_SAMPLES: usize = 2000;

fn main() {
    common::on_both_backends(run);
}

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    println!("\n== directory benchmark on {backend:?}");
    let tasks = TestTasks::start(db).await;
    let mut client = tasks.admin_directory().await;
    let unit = client
        .create_unit(pb::CreateUnitRequest {
            unit: Some(pb::Unit {
                kind: UnitKind::Organ as i32,
                name: "基准单位".into(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("unit")
        .into_inner()
        .unit
        .expect("unit");

    // The same store the service uses, opened a second time by URL: the direct baseline.
    let store = Store::connect(&tasks.db.url, &tasks.settings.database.connect_settings())
        .await
        .expect("store");
    let directory = Arc::new(Directory::new(store.clone()));
    let direct = create_direct(directory, &unit.id).await;
    let grpc = create_grpc(&tasks, &unit.id).await;
    println!(
        "CreatePerson, {IN_FLIGHT} in flight: gRPC {grpc:.0}/s, direct {direct:.0}/s, ratio {:.2} (target >= 0.50)",
        grpc / direct
    );

    let get_p50 = get_person_p50(&tasks, &unit.id).await;
    println!(
        "GetPerson p50 {:.3} ms over {GET_SAMPLES} calls",
        get_p50.as_secs_f64() * 1e3
    );

    fill(&store, &unit.id, TABLE_ROWS - 2 * CREATES).await;
    let (first, deep) = list_pages(&tasks).await;
    println!(
        "ListPeople page of 50 on {TABLE_ROWS} rows: page 1 p50 {:.3} ms, at row 100000 p50 {:.3} ms, ratio {:.2} (target <= 2.00)",
        first.as_secs_f64() * 1e3,
        deep.as_secs_f64() * 1e3,
        deep.as_secs_f64() / first.as_secs_f64()
    );
    let _ = store.close().await;
    tasks.stop().await.expect("stop");
}

fn fields(unit_id: &str, i: usize) -> PersonFields {
    PersonFields {
        name: format!("干部{i:06}"),
        unit_id: unit_id.to_owned(),
        position: "科员".into(),
        party_member: true,
        leading_cadre: false,
        leadership_team_member: false,
    }
}

/// Creates per second through the domain service and store, no gRPC.
async fn create_direct(directory: Arc<Directory>, unit_id: &str) -> f64 {
    let caller = Caller {
        subject: "bench".into(),
        role: Role::Admin,
        unit: None,
    };
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..IN_FLIGHT {
        let directory = directory.clone();
        let caller = caller.clone();
        let unit_id = unit_id.to_owned();
        workers.push(tokio::spawn(async move {
            for i in (worker..CREATES).step_by(IN_FLIGHT) {
                let request = pb::CreatePersonRequest {
                    person: Some(pb::Person {
                        name: format!("direct{i}"),
                        unit_id: unit_id.clone(),
                        ..Default::default()
                    }),
                    request_id: format!("direct-{i}"),
                };
                let context = MutationContext::new(
                    caller.actor(),
                    "/qinglian.tasks.v1.DirectoryService/CreatePerson",
                    &request.request_id,
                    &request,
                )
                .expect("context");
                directory
                    .create_person(&caller, context, fields(&unit_id, i))
                    .await
                    .expect("create");
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    CREATES as f64 / started.elapsed().as_secs_f64()
}

/// Creates per second over gRPC.
async fn create_grpc(tasks: &TestTasks, unit_id: &str) -> f64 {
    let client = tasks.admin_directory().await;
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..IN_FLIGHT {
        let mut client = client.clone();
        let unit_id = unit_id.to_owned();
        workers.push(tokio::spawn(async move {
            for i in (worker..CREATES).step_by(IN_FLIGHT) {
                client
                    .create_person(pb::CreatePersonRequest {
                        person: Some(pb::Person {
                            name: format!("干部{i:06}"),
                            unit_id: unit_id.clone(),
                            position: "科员".into(),
                            party_member: true,
                            ..Default::default()
                        }),
                        request_id: format!("grpc-{i}"),
                    })
                    .await
                    .expect("create");
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    CREATES as f64 / started.elapsed().as_secs_f64()
}

async fn get_person_p50(tasks: &TestTasks, unit_id: &str) -> Duration {
    let mut client = tasks.admin_directory().await;
    let ids: Vec<String> = client
        .list_people(pb::ListPeopleRequest {
            page_size: 100,
            filter: format!("unit_id = \"{unit_id}\""),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .people
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut samples = Vec::with_capacity(GET_SAMPLES);
    for i in 0..GET_SAMPLES {
        let started = Instant::now();
        client
            .get_person(pb::GetPersonRequest {
                id: ids[i % ids.len()].clone(),
            })
            .await
            .expect("get");
        samples.push(started.elapsed());
    }
    median(samples)
}

/// Inserts `rows` people in bulk (set-up, not measured).
async fn fill(store: &Store, unit_id: &str, rows: usize) {
    let now = qinglian_store::time::now();
    for chunk in (0..rows).collect::<Vec<_>>().chunks(1000) {
        let models = chunk.iter().map(|i| {
            let id = uuid::Uuid::now_v7().to_string();
            person::ActiveModel::from(person::Model {
                id,
                name: format!("批量{i:06}"),
                unit_id: unit_id.to_owned(),
                position: "科员".into(),
                party_member: true,
                leading_cadre: false,
                leadership_team_member: false,
                version: 1,
                create_time: now,
                update_time: now,
            })
        });
        person::Entity::insert_many(models)
            .exec(store.conn())
            .await
            .expect("fill");
    }
}

/// p50 latency of page 1 and of the page starting at row 100,000 (pages of 50, default order).
async fn list_pages(tasks: &TestTasks) -> (Duration, Duration) {
    let mut client = tasks.admin_directory().await;
    // Walk to row 100,000 with the largest pages to get its token.
    let mut token = String::new();
    for _ in 0..100 {
        token = client
            .list_people(pb::ListPeopleRequest {
                page_size: 1000,
                page_token: token,
                ..Default::default()
            })
            .await
            .expect("walk")
            .into_inner()
            .next_page_token;
    }
    // Tokens are bound to filter and order, not to the page size: the token after row 100,000 of the
    // walk serves a 50-row page there.
    let mut first = Vec::new();
    let mut deep = Vec::new();
    for _ in 0..LIST_SAMPLES {
        let started = Instant::now();
        let page = client
            .list_people(pb::ListPeopleRequest {
                page_size: 50,
                ..Default::default()
            })
            .await
            .expect("page 1");
        first.push(started.elapsed());
        assert_eq!(page.into_inner().people.len(), 50);
        let started = Instant::now();
        let page = client
            .list_people(pb::ListPeopleRequest {
                page_size: 50,
                page_token: token.clone(),
                ..Default::default()
            })
            .await
            .expect("deep page");
        deep.push(started.elapsed());
        assert_eq!(page.into_inner().people.len(), 50);
    }
    (median(first), median(deep))
}
