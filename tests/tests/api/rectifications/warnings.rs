//! Measure deadlines on the escalation ladder: each level raised once, to a widening circle drawn from
//! the owner and the problems' responsibility lists; signed-off measures are left alone.

use chrono::Duration;
use qinglian_api::common::v1::{Accountability, WarningLevel};
use qinglian_api::supervision::v1::{self as pb, ProblemSource};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::{Client, Fixture, problem};
use crate::api::common::{create_person, expect_code};

async fn sweep(client: &mut Client) -> i64 {
    client
        .run_ledger_sweep(pb::RunLedgerSweepRequest {})
        .await
        .expect("sweep")
        .into_inner()
        .escalations_raised
}

async fn warnings(client: &mut Client, filter: &str) -> Vec<pb::RectificationEscalation> {
    client
        .list_rectification_escalations(pb::ListRectificationEscalationsRequest {
            filter: filter.to_owned(),
            ..Default::default()
        })
        .await
        .expect("list warnings")
        .into_inner()
        .escalations
}

/// Records `problem` as the discipline body.
async fn record_problem(discipline: &mut Client, problem: pb::Problem) -> pb::Problem {
    discipline
        .create_problem(pb::CreateProblemRequest {
            problem: Some(problem),
            request_id: String::new(),
        })
        .await
        .expect("problem")
        .into_inner()
        .problem
        .expect("problem")
}

async fn measure_deadlines_climb_the_ladder_once_per_level(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut d = f.tasks().admin_directory().await;
    let deputy = create_person(&mut d, "分管副局长", &f.organ, true).await;
    let head = create_person(&mut d, "局长", &f.organ, true).await;
    let mut answerable = problem(&f.office, ProblemSource::Audit, "审计报告〔2023〕7号");
    for (person, accountability) in [
        (&deputy.id, Accountability::Leadership),
        (&head.id, Accountability::First),
    ] {
        answerable.responsibilities.push(pb::Responsibility {
            unit_id: String::new(),
            person_id: person.clone(),
            accountability: accountability as i32,
        });
    }
    let mut discipline = f.discipline().await;
    let found = record_problem(&mut discipline, answerable).await;
    // Today is 2023-06-01: 14 days left is inside GREEN (20) but not YELLOW (10).
    let measure = f
        .measure(&[&found.id], &f.office, &f.owner, "2023-06-15")
        .await;
    let done = f
        .measure(&[&found.id], &f.office, &f.owner, "2023-06-10")
        .await;
    f.sign_off(&done).await;

    let mut admin = f.as_person("admin", Role::Admin).await;
    expect_code(
        discipline
            .run_ledger_sweep(pb::RunLedgerSweepRequest {})
            .await,
        Code::PermissionDenied,
    );
    assert_eq!(
        sweep(&mut admin).await,
        1,
        "GREEN for the open measure only"
    );
    assert_eq!(sweep(&mut admin).await, 0, "each level once");
    f.clock.advance(Duration::days(7));
    assert_eq!(sweep(&mut admin).await, 1, "YELLOW at 7 days left");
    f.clock.advance(Duration::days(8));
    assert_eq!(sweep(&mut admin).await, 1, "RED once overdue");
    assert_eq!(sweep(&mut admin).await, 0);

    let raised = warnings(&mut admin, "").await;
    let ladder: Vec<(i32, Vec<String>, i32)> = raised
        .iter()
        .map(|w| (w.level, w.recipient_ids.clone(), w.days_left))
        .collect();
    assert_eq!(
        ladder,
        vec![
            (WarningLevel::Green as i32, vec![f.owner.clone()], 14),
            (
                WarningLevel::Yellow as i32,
                vec![f.owner.clone(), deputy.id.clone()],
                7
            ),
            (
                WarningLevel::Red as i32,
                vec![f.owner.clone(), deputy.id.clone(), head.id.clone()],
                -1
            ),
        ]
    );
    assert!(raised.iter().all(|w| w.rectification_id == measure.id));
    let now = discipline
        .get_rectification(pb::GetRectificationRequest {
            id: measure.id.clone(),
        })
        .await
        .expect("get")
        .into_inner()
        .rectification
        .expect("measure");
    assert_eq!(now.warning_level, WarningLevel::Red as i32);
    assert!(now.overdue);

    // Leaders and clerks see what is addressed to them.
    let mut deputy_client = f.as_person(&deputy.id, Role::Leader).await;
    assert_eq!(warnings(&mut deputy_client, "").await.len(), 2);
    let red = warnings(&mut admin, "level = WARNING_LEVEL_RED").await;
    assert_eq!(red.len(), 1);
    let mut stranger = f.as_person(&f.other_owner, Role::Clerk).await;
    assert!(warnings(&mut stranger, "").await.is_empty());
    let acknowledge = pb::AcknowledgeRectificationEscalationRequest {
        id: red[0].id.clone(),
        request_id: String::new(),
    };
    expect_code(
        stranger
            .acknowledge_rectification_escalation(acknowledge.clone())
            .await,
        Code::PermissionDenied,
    );
    let seen = deputy_client
        .acknowledge_rectification_escalation(acknowledge)
        .await
        .expect("acknowledge")
        .into_inner()
        .escalation
        .expect("warning");
    assert!(seen.acknowledged);
    assert_eq!(seen.acknowledged_by, deputy.id);
    assert_eq!(warnings(&mut admin, "acknowledged = false").await.len(), 2);
    f.stop().await;
}

async fn an_approved_extension_starts_the_measure_ladder_again(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut discipline = f.discipline().await;
    let found = record_problem(
        &mut discipline,
        problem(&f.office, ProblemSource::Audit, "审计报告〔2023〕9号"),
    )
    .await;
    let measure = f
        .measure(&[&found.id], &f.office, &f.owner, "2023-06-15")
        .await;
    let mut admin = f.as_person("admin", Role::Admin).await;
    let mut raised = 0;
    for _ in 0..15 {
        raised += sweep(&mut admin).await;
        f.clock.advance(Duration::days(1));
    }
    raised += sweep(&mut admin).await;
    assert_eq!(raised, 3, "GREEN, YELLOW and RED against 2023-06-15");

    let mut owner = f.as_person(&f.owner, Role::Clerk).await;
    let pending = owner
        .request_rectification_extension(pb::RequestRectificationExtensionRequest {
            rectification_id: measure.id.clone(),
            requested_deadline: "2023-08-31".into(),
            reason: "制度修订需经党组会审议".into(),
            request_id: String::new(),
        })
        .await
        .expect("ask")
        .into_inner()
        .extension
        .expect("extension");
    expect_code(
        owner
            .request_rectification_extension(pb::RequestRectificationExtensionRequest {
                rectification_id: measure.id.clone(),
                requested_deadline: "2023-09-30".into(),
                reason: "再次申请".into(),
                request_id: String::new(),
            })
            .await,
        Code::FailedPrecondition,
    );
    let moved = discipline
        .decide_rectification_extension(pb::DecideRectificationExtensionRequest {
            id: pending.id.clone(),
            approve: true,
            reason: String::new(),
            request_id: String::new(),
        })
        .await
        .expect("approve")
        .into_inner()
        .rectification
        .expect("measure");
    assert_eq!(moved.deadline, "2023-08-31");
    assert_eq!(moved.warning_level, WarningLevel::Unspecified as i32);
    let old = warnings(&mut admin, "superseded = true").await;
    assert_eq!(old.len(), 3);
    assert!(old.iter().all(|w| w.deadline == "2023-06-15"));

    // Today is 2023-06-16: GREEN again on 2023-08-11, YELLOW on 08-21, RED on 09-01.
    let mut raised_on = Vec::new();
    while f.clock.today() <= chrono::NaiveDate::from_ymd_opt(2023, 9, 2).expect("day") {
        if sweep(&mut admin).await > 0 {
            raised_on.push(f.clock.today().to_string());
        }
        f.clock.advance(Duration::days(1));
    }
    assert_eq!(raised_on, ["2023-08-11", "2023-08-21", "2023-09-01"]);
    let in_force = warnings(&mut admin, "superseded = false").await;
    assert_eq!(
        in_force
            .iter()
            .map(|w| (w.level, w.deadline.as_str()))
            .collect::<Vec<_>>(),
        [
            (WarningLevel::Green as i32, "2023-08-31"),
            (WarningLevel::Yellow as i32, "2023-08-31"),
            (WarningLevel::Red as i32, "2023-08-31"),
        ]
    );
    f.stop().await;
}

async fn accountability_held_by_a_unit_reaches_its_head(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut d = f.tasks().admin_directory().await;
    let head = create_person(&mut d, "办公室主任", &f.office, true).await;
    let mut office = d
        .get_unit(qinglian_api::tasks::v1::GetUnitRequest {
            id: f.office.clone(),
        })
        .await
        .expect("office")
        .into_inner()
        .unit
        .expect("unit");
    office.head_id = head.id.clone();
    d.update_unit(qinglian_api::tasks::v1::UpdateUnitRequest {
        unit: Some(office),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["head_id".into()],
        }),
        request_id: String::new(),
    })
    .await
    .expect("head");
    let mut held = problem(&f.office, ProblemSource::Audit, "审计报告〔2023〕12号");
    held.responsibilities.push(pb::Responsibility {
        unit_id: f.office.clone(),
        person_id: String::new(),
        accountability: Accountability::Leadership as i32,
    });
    let mut discipline = f.discipline().await;
    let found = record_problem(&mut discipline, held).await;
    // Today is 2023-06-01: 5 days left is YELLOW at once.
    f.measure(&[&found.id], &f.office, &f.owner, "2023-06-06")
        .await;
    let mut admin = f.as_person("admin", Role::Admin).await;
    assert_eq!(sweep(&mut admin).await, 1);
    let yellow = warnings(&mut admin, "level = WARNING_LEVEL_YELLOW").await;
    assert_eq!(
        yellow
            .iter()
            .map(|w| w.recipient_ids.clone())
            .collect::<Vec<_>>(),
        [vec![f.owner.clone(), head.id.clone()]]
    );
    f.stop().await;
}

/// Acknowledging a warning seen before answers it unchanged, and a retried request replays.
async fn acknowledging_again_changes_nothing_and_replays(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut discipline = f.discipline().await;
    let found = record_problem(
        &mut discipline,
        problem(&f.office, ProblemSource::Audit, "审计报告〔2023〕11号"),
    )
    .await;
    f.measure(&[&found.id], &f.office, &f.owner, "2023-06-15")
        .await;
    let mut admin = f.as_person("admin", Role::Admin).await;
    assert_eq!(sweep(&mut admin).await, 1);
    let green = warnings(&mut admin, "").await.remove(0);
    let mut owner = f.as_person(&f.owner, Role::Clerk).await;
    let ack = |request_id: &str| pb::AcknowledgeRectificationEscalationRequest {
        id: green.id.clone(),
        request_id: request_id.to_owned(),
    };
    let first = owner
        .acknowledge_rectification_escalation(ack("ack-1"))
        .await
        .expect("first")
        .into_inner()
        .escalation
        .expect("warning");
    let again = owner
        .acknowledge_rectification_escalation(ack("ack-2"))
        .await
        .expect("again")
        .into_inner()
        .escalation
        .expect("warning");
    assert_eq!(again, first, "seen again changes nothing");
    let replayed = owner
        .acknowledge_rectification_escalation(ack("ack-2"))
        .await
        .expect("replay")
        .into_inner()
        .escalation
        .expect("warning");
    assert_eq!(replayed, first);
    f.stop().await;
}

qinglian_store::backend_tests!(
    measure_deadlines_climb_the_ladder_once_per_level,
    an_approved_extension_starts_the_measure_ladder_again,
    accountability_held_by_a_unit_reaches_its_head,
    acknowledging_again_changes_nothing_and_replays,
);
