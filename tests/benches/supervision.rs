//! Supervision benchmark: prints its figure against a baseline measured in the same run.
//!
//! - RecordTalk over gRPC at 16 in flight, each call checking its two people with
//!   `DirectoryService.BatchGetPeople` on the task-assignment service over gRPC before writing, against
//!   the same transaction (talk row + audit + outbox + idempotency record) written directly through the
//!   store at 16 in flight, with no directory call. The ratio (gRPC / direct) is reported; no target is
//!   set.
//!
//! Runs on SQLite; also on PostgreSQL when QINGLIAN_TEST_POSTGRES_URL is set.
//! `cargo bench -p qinglian-scenarios --bench supervision`

mod common;

use std::sync::Arc;
use std::time::Instant;

use qinglian_api::supervision::v1::{self as pb, TalkKind};
use qinglian_api::tasks::v1::{self as tasks_pb, UnitKind};
use qinglian_kit::auth::{Caller, Role};
use qinglian_store::testing::{Backend, TestDatabase};
use qinglian_store::{Begun, Change, MutationContext, Store};
use qinglian_supervision::conversions::talk as talk_message;
use qinglian_supervision::entities::talk;
use qinglian_supervision::talks::TalkFields;
use qinglian_test_support::{TestSupervision, TestTasks};
use sea_orm::ActiveModelTrait;

const IN_FLIGHT: usize = 16;
const TALKS: usize = 2000;
const RECORD_TALK: &str = "/qinglian.supervision.v1.TalkService/RecordTalk";

fn main() {
    common::on_both_backends(run);
}

async fn run(backend: Backend) {
    let Some(db) = TestDatabase::create(backend).await else {
        return;
    };
    let supervision_db = match backend {
        Backend::Sqlite => TestDatabase::sqlite_named("supervision"),
        Backend::Postgres => TestDatabase::postgres()
            .await
            .expect("postgres is configured"),
    };
    println!("\n== supervision benchmark on {backend:?}");
    let tasks = TestTasks::start(db).await;
    let supervision = TestSupervision::start(supervision_db, &tasks, tasks.addr).await;
    let parties = create_parties(&tasks).await;

    // The supervision service's database, opened a second time by URL with the service's default
    // settings: the direct baseline.
    let settings = qinglian_supervision::settings::Settings::defaults(&tasks.dir());
    let store = Store::connect(&supervision.db.url, &settings.database.connect_settings())
        .await
        .expect("store");
    let direct = record_direct(&store, &parties).await;
    let grpc = record_grpc(&supervision, &tasks.token(Role::Discipline), &parties).await;
    println!(
        "RecordTalk with directory check, {IN_FLIGHT} in flight: gRPC {grpc:.0}/s, direct write {direct:.0}/s, ratio {:.2} (no target)",
        grpc / direct
    );
    let _ = store.close().await;
    supervision.stop().await.expect("stop supervision");
    tasks.stop().await.expect("stop tasks");
}

/// The people every benchmark talk names, as the directory knows them.
struct Parties {
    subject_id: String,
    conductor_id: String,
    /// The subject's unit, which the directory check supplies to the service.
    unit_id: String,
}

/// A unit and two people in it, created through the directory API.
async fn create_parties(tasks: &TestTasks) -> Parties {
    let mut directory = tasks.admin_directory().await;
    let unit = directory
        .create_unit(tasks_pb::CreateUnitRequest {
            unit: Some(tasks_pb::Unit {
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
    let mut person_id = async |name: &str| {
        directory
            .create_person(tasks_pb::CreatePersonRequest {
                person: Some(tasks_pb::Person {
                    name: name.to_owned(),
                    unit_id: unit.id.clone(),
                    position: "干部".into(),
                    party_member: true,
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("person")
            .into_inner()
            .person
            .expect("person")
            .id
    };
    let subject_id = person_id("谈话对象").await;
    let conductor_id = person_id("谈话人").await;
    Parties {
        subject_id,
        conductor_id,
        unit_id: unit.id,
    }
}

/// The talk every call records.
fn talk_of(parties: &Parties) -> pb::Talk {
    pb::Talk {
        kind: TalkKind::Reminder as i32,
        subject_person_id: parties.subject_id.clone(),
        conducted_by_ids: vec![parties.conductor_id.clone()],
        date: "2023-05-10".into(),
        reason: "苗头性问题：公务用车登记不全".into(),
        content: "提醒严格执行公务用车管理办法".into(),
        ..Default::default()
    }
}

/// Talks per second written through the store as `Talks::record` writes them once the directory
/// has answered: no gRPC, no directory call.
async fn record_direct(store: &Store, parties: &Parties) -> f64 {
    let message = talk_of(parties);
    let today = chrono::Utc::now().date_naive();
    let fields = Arc::new(TalkFields::parse(&message, today).expect("valid talk"));
    let caller = Caller {
        subject: "bench".into(),
        role: Role::Discipline,
        unit: None,
    };
    let store = store.clone();
    let unit_id = parties.unit_id.clone();
    per_second(move |i| {
        let request = pb::RecordTalkRequest {
            talk: Some(message.clone()),
            request_id: format!("direct-{i}"),
        };
        let context =
            MutationContext::new(caller.actor(), RECORD_TALK, &request.request_id, &request)
                .expect("context");
        write_talk(store.clone(), context, fields.clone(), unit_id.clone())
    })
    .await
}

/// The write of `Talks::record` after its directory check: row, audit, outbox, commit.
async fn write_talk(
    store: Store,
    context: MutationContext,
    fields: Arc<TalkFields>,
    subject_unit_id: String,
) {
    let Begun::Fresh(mut mutation) = store.begin::<talk::Model>(context).await.expect("begin")
    else {
        panic!("request id replayed");
    };
    let now = mutation.now();
    let created = talk::Model {
        id: uuid::Uuid::now_v7().to_string(),
        kind: fields.kind,
        subject_person_id: fields.subject_person_id.clone(),
        subject_unit_id,
        conducted_by_ids: fields.conducted_by_ids.join(","),
        date: fields.date,
        reason: fields.reason.clone(),
        content: fields.content.clone(),
        follow_ups: "[]".to_owned(),
        version: 1,
        create_time: now,
        update_time: now,
    };
    talk::ActiveModel::from(created.clone())
        .insert(mutation.txn())
        .await
        .expect("insert");
    mutation
        .record(Change::created(
            &created.id,
            &created,
            &talk_message(&created, false),
        ))
        .await
        .expect("record");
    mutation.commit(&created).await.expect("commit");
}

/// Talks per second over gRPC, each checked against the directory by the service.
async fn record_grpc(supervision: &TestSupervision, token: &str, parties: &Parties) -> f64 {
    let client = supervision.talks(token).await;
    let message = talk_of(parties);
    per_second(move |i| {
        let mut client = client.clone();
        let request = pb::RecordTalkRequest {
            talk: Some(message.clone()),
            request_id: format!("grpc-{i}"),
        };
        async move {
            client.record_talk(request).await.expect("record talk");
        }
    })
    .await
}

/// Runs `record(i)` for every i below [`TALKS`], [`IN_FLIGHT`] at a time; returns talks per second.
async fn per_second<F, Fut>(record: F) -> f64
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let workers: Vec<_> = (0..IN_FLIGHT)
        .map(|worker| {
            let record = record.clone();
            tokio::spawn(async move {
                for i in (worker..TALKS).step_by(IN_FLIGHT) {
                    record(i).await;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker");
    }
    TALKS as f64 / started.elapsed().as_secs_f64()
}
