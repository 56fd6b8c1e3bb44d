//! A burst of concurrent CreateUnit calls from several channels, some sharing a request id with the
//! identical request (a retry) and some with a different request (a misuse): each unit is written,
//! audited and published exactly once, and a reused id with another payload is refused.
//!
//! The burst is drawn from a seed, printed; `QINGLIAN_BURST_SEED=<seed>` replays it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use prost::Message;
use qinglian_api::common::v1::{self as cpb, AuditAction};
use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::TestTasks;
use qinglian_test_support::seeded::{Random, seed};
use tokio_stream::StreamExt;
use tonic::{Code, Status};
use tonic_types::StatusExt;

use super::common::{Directory, create_unit, unit};

/// CreateUnit calls in the burst.
const CALLS: usize = 80;
/// The resource type of units, in audit events and in the outbox.
const UNIT_TYPE: &str = "qinglian.tasks.v1.Unit";

/// What a call of the burst is, for the assertions after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// One of two identical requests under one request id.
    Identical(usize),
    /// One of two different requests (different names) under one request id.
    Differing(usize),
    /// A request whose id (if any) no other call sends.
    Solo(usize),
}

#[derive(Debug)]
struct Call {
    shape: Shape,
    request: pb::CreateUnitRequest,
    channel: usize,
}

/// A call of the burst and what it got.
type Outcome<'a> = (&'a Call, Result<pb::Unit, Status>);

fn name_of(request: &pb::CreateUnitRequest) -> &str {
    request.unit.as_ref().map_or("", |u| u.name.as_str())
}

fn shuffle<T>(items: &mut [T], random: &mut Random) {
    for i in (1..items.len()).rev() {
        let j = random.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// Whether an INVALID_ARGUMENT names `request_id`, in its message or in its BadRequest.
fn names_request_id(status: &Status) -> bool {
    let in_details = status
        .get_error_details()
        .bad_request()
        .is_some_and(|b| b.field_violations.iter().any(|v| v.field == "request_id"));
    in_details || status.message().contains("request_id")
}

/// Every unit matching `filter`, `page_size` at a time; how many pages it took.
async fn list_all_units(
    client: &mut Directory,
    filter: &str,
    page_size: i32,
) -> (Vec<pb::Unit>, usize) {
    let mut units = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        pages += 1;
        assert!(pages <= 1000, "ListUnits never reached its last page");
        let page = client
            .list_units(pb::ListUnitsRequest {
                page_size,
                page_token: token.clone(),
                filter: filter.to_owned(),
                order_by: String::new(),
            })
            .await
            .unwrap_or_else(|e| panic!("list units page {pages}: {e:?}"))
            .into_inner();
        assert!(
            page.units.len() <= page_size as usize,
            "a page of {} units for page_size {page_size}",
            page.units.len()
        );
        units.extend(page.units);
        if page.next_page_token.is_empty() {
            return (units, pages);
        }
        assert_ne!(
            page.next_page_token, token,
            "a page token naming its own page"
        );
        token = page.next_page_token;
    }
}

/// The whole audit log, `page_size` at a time.
async fn list_all_audit(tasks: &TestTasks, page_size: i32) -> Vec<cpb::AuditEvent> {
    let mut audit = tasks.audit(&tasks.token(Role::Admin)).await;
    let mut events = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        pages += 1;
        assert!(pages <= 1000, "ListAuditEvents never reached its last page");
        let page = audit
            .list_audit_events(cpb::ListAuditEventsRequest {
                page_size,
                page_token: token.clone(),
                filter: String::new(),
                order_by: String::new(),
            })
            .await
            .unwrap_or_else(|e| panic!("list audit page {pages}: {e:?}"))
            .into_inner();
        events.extend(page.audit_events);
        if page.next_page_token.is_empty() {
            return events;
        }
        assert_ne!(
            page.next_page_token, token,
            "a page token naming its own page"
        );
        token = page.next_page_token;
    }
}

async fn concurrent_creates_sharing_request_ids_write_each_unit_once(db: TestDatabase) {
    let seed = std::env::var("QINGLIAN_BURST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(seed);
    println!(
        "burst on {:?}: seed {seed} (QINGLIAN_BURST_SEED={seed} replays it)",
        db.backend
    );
    let mut random = Random(seed | 1);
    let tasks = TestTasks::start(db).await;
    let token = tasks.token(Role::Admin);
    let mut admin = tasks.directory(&token).await;
    let root = create_unit(&mut admin, UnitKind::Organ, "市民政局", None).await;

    // The burst: pairs sharing an id with the identical request, pairs sharing an id with another
    // request, and calls of their own (half of them with an id nobody else sends).
    let identical_pairs = random.range(6, 12) as usize;
    let differing_pairs = random.range(2, 4) as usize;
    let solos = CALLS - 2 * (identical_pairs + differing_pairs);
    let channels = random.range(4, 8) as usize;
    let mut calls = Vec::with_capacity(CALLS);
    for pair in 0..identical_pairs {
        let request = pb::CreateUnitRequest {
            unit: Some(unit(
                UnitKind::Department,
                &format!("同号科室{pair}"),
                Some(&root.id),
            )),
            request_id: format!("burst-same-{pair}"),
        };
        for _ in 0..2 {
            calls.push(Call {
                shape: Shape::Identical(pair),
                request: request.clone(),
                channel: 0,
            });
        }
    }
    for pair in 0..differing_pairs {
        for side in ["甲", "乙"] {
            calls.push(Call {
                shape: Shape::Differing(pair),
                request: pb::CreateUnitRequest {
                    unit: Some(unit(
                        UnitKind::Department,
                        &format!("异请求科室{pair}{side}"),
                        Some(&root.id),
                    )),
                    request_id: format!("burst-clash-{pair}"),
                },
                channel: 0,
            });
        }
    }
    for solo in 0..solos {
        calls.push(Call {
            shape: Shape::Solo(solo),
            request: pb::CreateUnitRequest {
                unit: Some(unit(
                    UnitKind::Department,
                    &format!("独立科室{solo}"),
                    Some(&root.id),
                )),
                request_id: if random.chance(2) {
                    format!("burst-solo-{solo}")
                } else {
                    String::new()
                },
            },
            channel: 0,
        });
    }
    shuffle(&mut calls, &mut random);
    // Each call on a random channel, the two calls of a pair always on different ones.
    let mut first_channel: BTreeMap<Shape, usize> = BTreeMap::new();
    for call in &mut calls {
        let mut channel = random.below(channels as u64) as usize;
        if let Some(&other) = first_channel.get(&call.shape) {
            if other == channel {
                channel = (channel + 1 + random.below(channels as u64 - 1) as usize) % channels;
            }
        } else {
            first_channel.insert(call.shape, channel);
        }
        call.channel = channel;
    }
    println!(
        "{CALLS} calls on {channels} channels: {identical_pairs} identical pairs, \
         {differing_pairs} differing pairs, {solos} solo calls"
    );

    let mut clients = Vec::with_capacity(channels);
    for _ in 0..channels {
        clients.push(tasks.directory(&token).await);
    }
    let start = Arc::new(tokio::sync::Barrier::new(CALLS));
    let mut running = Vec::with_capacity(CALLS);
    for call in &calls {
        let mut client = clients[call.channel].clone();
        let request = call.request.clone();
        let start = Arc::clone(&start);
        running.push(tokio::spawn(async move {
            start.wait().await;
            client
                .create_unit(request)
                .await
                .map(|r| r.into_inner().unit.expect("a created unit in the response"))
        }));
    }
    let mut outcomes: BTreeMap<Shape, Vec<Outcome<'_>>> = BTreeMap::new();
    for (call, handle) in calls.iter().zip(running) {
        let outcome = handle.await.expect("join a call");
        outcomes
            .entry(call.shape)
            .or_default()
            .push((call, outcome));
    }

    // What each call got.
    let mut expected: BTreeMap<String, pb::Unit> = BTreeMap::new();
    let mut request_ids: BTreeMap<String, String> = BTreeMap::new();
    for (shape, results) in &outcomes {
        match shape {
            Shape::Identical(_) => {
                assert_eq!(results.len(), 2);
                let units: Vec<&pb::Unit> = results
                    .iter()
                    .map(|(call, outcome)| {
                        outcome.as_ref().unwrap_or_else(|e| {
                            panic!(
                                "{shape:?} {} (request_id {}) failed: {e:?}",
                                name_of(&call.request),
                                call.request.request_id
                            )
                        })
                    })
                    .collect();
                assert_eq!(
                    units[0], units[1],
                    "{shape:?}: both calls of an identical pair get the same response"
                );
                let (call, _) = &results[0];
                assert_eq!(units[0].name, name_of(&call.request));
                assert_eq!(units[0].parent_id, root.id);
                request_ids.insert(units[0].id.clone(), call.request.request_id.clone());
                assert!(
                    expected
                        .insert(units[0].id.clone(), units[0].clone())
                        .is_none(),
                    "{shape:?} got the id of another call's unit"
                );
            }
            Shape::Differing(_) => {
                assert_eq!(results.len(), 2);
                let won: Vec<_> = results.iter().filter(|(_, o)| o.is_ok()).collect();
                let lost: Vec<_> = results.iter().filter(|(_, o)| o.is_err()).collect();
                assert_eq!(
                    (won.len(), lost.len()),
                    (1, 1),
                    "{shape:?}: exactly one of two different requests under one id succeeds: \
                     {results:#?}"
                );
                let (winner, created) = won[0];
                let created = created.as_ref().expect("the winner's unit");
                let (loser, refused) = lost[0];
                let Err(status) = refused else {
                    unreachable!("filtered on is_err")
                };
                assert_eq!(
                    status.code(),
                    Code::InvalidArgument,
                    "{shape:?}: the other request under the same id ({}) is refused with \
                     INVALID_ARGUMENT: {status:?}",
                    name_of(&loser.request)
                );
                let fields: Vec<String> = status
                    .get_error_details()
                    .bad_request()
                    .map(|b| b.field_violations.iter().map(|v| v.field.clone()).collect())
                    .unwrap_or_default();
                let info = status.get_error_details().error_info().cloned();
                println!(
                    "{shape:?} refused: {:?} {:?}, BadRequest fields {fields:?}, ErrorInfo {:?}",
                    status.code(),
                    status.message(),
                    info.map(|i| (i.reason, i.domain))
                );
                assert!(
                    names_request_id(status),
                    "{shape:?}: the refusal names request_id: {status:?}"
                );
                assert_eq!(created.name, name_of(&winner.request));
                assert_eq!(created.parent_id, root.id);
                request_ids.insert(created.id.clone(), winner.request.request_id.clone());
                assert!(
                    expected
                        .insert(created.id.clone(), created.clone())
                        .is_none(),
                    "{shape:?} got the id of another call's unit"
                );
            }
            Shape::Solo(_) => {
                assert_eq!(results.len(), 1);
                let (call, outcome) = &results[0];
                let created = outcome.as_ref().unwrap_or_else(|e| {
                    panic!(
                        "{shape:?} {} (request_id {:?}) failed: {e:?}",
                        name_of(&call.request),
                        call.request.request_id
                    )
                });
                assert_eq!(created.name, name_of(&call.request));
                assert_eq!(created.parent_id, root.id);
                request_ids.insert(created.id.clone(), call.request.request_id.clone());
                assert!(
                    expected
                        .insert(created.id.clone(), created.clone())
                        .is_none(),
                    "{shape:?} got the id of another call's unit"
                );
            }
        }
    }
    let created = identical_pairs + differing_pairs + solos;
    assert_eq!(expected.len(), created, "one distinct unit per request id");

    // ListUnits under the root shows exactly those units, once each, as they were answered.
    let page_size = random.range(7, 23) as i32;
    let (listed, pages) = list_all_units(
        &mut admin,
        &format!("parent_id = \"{}\"", root.id),
        page_size,
    )
    .await;
    println!(
        "ListUnits: {} units in {pages} pages of {page_size}",
        listed.len()
    );
    let mut seen = BTreeSet::new();
    for unit in &listed {
        assert!(seen.insert(unit.id.clone()), "{} listed twice", unit.id);
        assert_eq!(
            expected.get(&unit.id),
            Some(unit),
            "a listed unit no call was answered with, or that differs from its answer"
        );
    }
    assert_eq!(listed.len(), created, "every created unit is listed");
    let (everything, _) = list_all_units(&mut admin, "", 1000).await;
    assert_eq!(
        everything.len(),
        created + 1,
        "nothing else was written: the root and its departments"
    );

    // The audit log: one create event per unit (the root first), chained without a gap.
    let mut audited = expected.clone();
    audited.insert(root.id.clone(), root.clone());
    request_ids.insert(root.id.clone(), String::new());
    let events = list_all_audit(&tasks, random.range(5, 17) as i32).await;
    let sequences: Vec<i64> = events.iter().map(|e| e.sequence).collect();
    let want: Vec<i64> = (1..=audited.len() as i64).collect();
    assert_eq!(
        sequences, want,
        "one audit event per created unit, in order"
    );
    assert_eq!(
        events[0].resource_id, root.id,
        "the root's event comes first"
    );
    let mut audited_ids = BTreeSet::new();
    for event in &events {
        assert_eq!(event.action, AuditAction::Create as i32, "{event:?}");
        assert_eq!(event.resource_type, UNIT_TYPE, "{event:?}");
        assert_eq!(
            event.method, "/qinglian.tasks.v1.DirectoryService/CreateUnit",
            "{event:?}"
        );
        assert_eq!(event.actor_role, "admin", "{event:?}");
        assert!(
            audited.contains_key(&event.resource_id),
            "an audit event for a unit nobody was answered with: {event:?}"
        );
        assert!(
            audited_ids.insert(event.resource_id.clone()),
            "two audit events for {}",
            event.resource_id
        );
        assert_eq!(
            Some(&event.request_id),
            request_ids.get(&event.resource_id),
            "the audit event carries the winning call's request id: {event:?}"
        );
    }
    assert_eq!(audited_ids.len(), audited.len());
    let chain = tasks
        .audit(&tasks.token(Role::Admin))
        .await
        .verify_audit_chain(cpb::VerifyAuditChainRequest {})
        .await
        .expect("verify the audit chain")
        .into_inner();
    assert!(chain.intact, "{chain:?}");
    assert_eq!(chain.events_checked, audited.len() as i64, "{chain:?}");
    assert_eq!(chain.first_broken_sequence, 0, "{chain:?}");
    assert!(chain.problem.is_empty(), "{chain:?}");

    // The outbox replays one created event per unit, numbered 1..N, then nothing more.
    let mut stream = tasks
        .events(&token)
        .await
        .watch_events(cpb::WatchEventsRequest {
            after_sequence: 0,
            resource_types: vec![],
        })
        .await
        .expect("watch events")
        .into_inner();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let mut replayed = Vec::with_capacity(audited.len());
    while replayed.len() < audited.len() {
        let next = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "only {} of {} events replayed within 30 s",
                    replayed.len(),
                    audited.len()
                )
            })
            .expect("the stream stays open")
            .expect("an event")
            .event
            .expect("an event body");
        replayed.push(next);
    }
    let sequences: Vec<i64> = replayed.iter().map(|e| e.sequence).collect();
    assert_eq!(sequences, want, "events 1..N without a gap or a repeat");
    let mut published = BTreeSet::new();
    for event in &replayed {
        assert_eq!(
            event.event_type, "qinglian.tasks.v1.Unit.created",
            "{event:?}"
        );
        assert_eq!(event.resource_type, UNIT_TYPE, "{event:?}");
        assert!(
            published.insert(event.resource_id.clone()),
            "two events for {}",
            event.resource_id
        );
        let any = event.resource.as_ref().expect("the event's resource");
        assert_eq!(any.type_url, format!("type.googleapis.com/{UNIT_TYPE}"));
        let unit = pb::Unit::decode(any.value.as_slice()).expect("decode the unit");
        assert_eq!(unit.id, event.resource_id);
        assert_eq!(
            audited.get(&unit.id),
            Some(&unit),
            "the event carries the unit as answered"
        );
    }
    assert_eq!(published.len(), audited.len());
    if let Ok(extra) = tokio::time::timeout(Duration::from_millis(500), stream.next()).await {
        panic!("an event beyond the {} written: {extra:?}", audited.len());
    }
    drop(stream);
    tasks.stop().await.expect("stop");
}

qinglian_store::backend_tests!(concurrent_creates_sharing_request_ids_write_each_unit_once);
