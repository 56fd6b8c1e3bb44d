//! Measure deadlines on the escalation ladder: each level raised once, to a widening circle drawn from
//! the owner and the problems' responsibility lists; signed-off measures are left alone.

use chrono::Duration;
use qinglian_api::supervision::v1::{self as pb, ProblemSource};
use qinglian_api::tasks::v1::{Accountability, WarningLevel};
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

async fn measure_deadlines_climb_the_ladder_once_per_level(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut d = f.tasks.admin_directory().await;
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
    let found = discipline
        .create_problem(pb::CreateProblemRequest {
            problem: Some(answerable),
            request_id: String::new(),
        })
        .await
        .expect("problem")
        .into_inner()
        .problem
        .expect("problem");
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
    f.supervision.stop().await.expect("stop");
}

qinglian_store::backend_tests!(measure_deadlines_climb_the_ladder_once_per_level);
