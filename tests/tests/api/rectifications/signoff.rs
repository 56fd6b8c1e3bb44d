//! Sign-off (销号) by someone other than the owner, one measure closing several problems, re-checks
//! reopening them, failed verifications and deadline extensions.

use chrono::Duration;
use qinglian_api::common::v1::ExtensionState;
use qinglian_api::supervision::v1::{self as pb, ProblemSource, ProblemState, RectificationState};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use tonic::Code;

use super::{Fixture, evidence, pass};
use crate::api::common::{expect_code, violated_fields};

async fn one_measure_closes_three_problems_from_three_sources_and_a_recheck_reopens_them(
    db: TestDatabase,
) {
    let f = Fixture::start(db).await;
    let tour = f.tour().await;
    let from_tour = f.problem(&f.office, ProblemSource::Tour, &tour.id).await;
    let from_check = f
        .problem(&f.office, ProblemSource::Check, "节假日检查-2023-01")
        .await;
    let from_audit = f
        .problem(&f.office, ProblemSource::Audit, "审计报告〔2023〕5号")
        .await;
    assert_eq!(from_tour.state, ProblemState::Open as i32);
    let ids = [
        from_tour.id.as_str(),
        from_check.id.as_str(),
        from_audit.id.as_str(),
    ];
    let measure = f.measure(&ids, &f.office, &f.owner, "2023-07-31").await;
    assert_eq!(measure.state, RectificationState::InProgress as i32);
    assert_eq!(measure.original_deadline, "2023-07-31");
    let mut discipline = f.discipline().await;
    for id in ids {
        let problem = discipline
            .get_problem(pb::GetProblemRequest { id: id.to_owned() })
            .await
            .expect("get problem")
            .into_inner()
            .problem
            .expect("problem");
        assert_eq!(problem.state, ProblemState::Rectifying as i32);
        assert_eq!(problem.rectification_ids, vec![measure.id.clone()]);
    }

    // Nothing to verify until the owner asks.
    expect_code(
        discipline.verify_rectification(pass(&measure.id)).await,
        Code::FailedPrecondition,
    );
    f.as_person(&f.owner, Role::Clerk)
        .await
        .request_verification(pb::RequestVerificationRequest {
            rectification_id: measure.id.clone(),
            ..Default::default()
        })
        .await
        .expect("request verification");

    // The owner may not sign off their own measure, even holding the discipline role; nor may the
    // requester, nor any role but discipline.
    let mut owner_as_discipline = f.as_person(&f.owner, Role::Discipline).await;
    expect_code(
        owner_as_discipline
            .verify_rectification(pass(&measure.id))
            .await,
        Code::PermissionDenied,
    );
    for role in [
        Role::Admin,
        Role::Leader,
        Role::Clerk,
        Role::Viewer,
        Role::Service,
    ] {
        let mut other = f.as_person(&f.second_inspector, role).await;
        expect_code(
            other.verify_rectification(pass(&measure.id)).await,
            Code::PermissionDenied,
        );
    }
    let mut without_evidence = pass(&measure.id);
    without_evidence.evidence_checked.clear();
    assert_eq!(
        violated_fields(discipline.verify_rectification(without_evidence).await),
        vec!["evidence_checked"]
    );

    let verified = discipline
        .verify_rectification(pass(&measure.id))
        .await
        .expect("verify")
        .into_inner();
    let signed_off = verified.rectification.expect("rectification");
    assert_eq!(signed_off.state, RectificationState::Verified as i32);
    assert_eq!(signed_off.complete_date, "2023-06-01");
    assert_eq!(
        signed_off.recheck_due_date, "2023-12-01",
        "six months later"
    );
    assert_eq!(signed_off.verifications.len(), 1);
    assert_eq!(signed_off.verifications[0].verifier, f.inspector);
    assert_eq!(signed_off.verifications[0].requested_by, f.owner);
    assert_eq!(verified.problems.len(), 3);
    for problem in &verified.problems {
        assert_eq!(problem.state, ProblemState::Closed as i32, "{problem:?}");
        assert_eq!(problem.close_date, "2023-06-01");
    }

    // A signed-off measure takes no more progress.
    expect_code(
        discipline
            .report_rectification_progress(pb::ReportRectificationProgressRequest {
                rectification_id: measure.id.clone(),
                text: "补充".into(),
                percent: 100,
                ..Default::default()
            })
            .await,
        Code::FailedPrecondition,
    );

    // 回头看: half a year on the problem has come back.
    let recheck = |date: &str| pb::RecordRecheckRequest {
        rectification_id: measure.id.clone(),
        recheck_date: date.to_owned(),
        recurred: true,
        finding: "公务用车登记再次出现漏登".into(),
        request_id: String::new(),
    };
    assert_eq!(
        violated_fields(discipline.record_recheck(recheck("2023-12-05")).await),
        vec!["recheck_date"],
        "not in the future"
    );
    f.clock.advance(Duration::days(187));
    let rechecked = discipline
        .record_recheck(recheck("2023-12-05"))
        .await
        .expect("recheck")
        .into_inner();
    let reopened = rechecked.rectification.expect("rectification");
    assert_eq!(reopened.state, RectificationState::InProgress as i32);
    assert_eq!(reopened.recurrence_count, 1);
    assert!(reopened.complete_date.is_empty() && reopened.recheck_due_date.is_empty());
    assert_eq!(reopened.rechecks.len(), 1);
    assert!(reopened.rechecks[0].recurred);
    assert_eq!(rechecked.problems.len(), 3);
    for problem in &rechecked.problems {
        assert_eq!(problem.state, ProblemState::Rectifying as i32);
        assert_eq!(problem.recurrence_count, 1);
        assert!(problem.close_date.is_empty());
    }
    // A re-check needs a signed-off measure.
    expect_code(
        discipline.record_recheck(recheck("2023-12-05")).await,
        Code::FailedPrecondition,
    );
    f.stop().await;
}

async fn a_failed_verification_sends_the_measure_back_and_extensions_keep_the_original_deadline(
    db: TestDatabase,
) {
    let f = Fixture::start(db).await;
    let problem = f
        .problem(&f.finance, ProblemSource::SelfExamination, "2023年自查")
        .await;
    let measure = f
        .measure(&[&problem.id], &f.finance, &f.other_owner, "2023-07-31")
        .await;
    let mut owner = f.as_person(&f.other_owner, Role::Clerk).await;
    let progress = |percent: i32| pb::ReportRectificationProgressRequest {
        rectification_id: measure.id.clone(),
        text: "已完成账目清理".into(),
        percent,
        evidence: vec![evidence()],
        request_id: String::new(),
    };
    let reported = owner
        .report_rectification_progress(progress(40))
        .await
        .expect("progress")
        .into_inner();
    assert_eq!(reported.rectification.expect("measure").percent, 40);
    assert_eq!(
        violated_fields(owner.report_rectification_progress(progress(30)).await),
        vec!["percent"]
    );
    let mut bad = progress(50);
    bad.evidence[0].sha256 = "not a hash".into();
    assert_eq!(
        violated_fields(owner.report_rectification_progress(bad).await),
        vec!["evidence[0].sha256"]
    );
    let listed = owner
        .list_rectification_progress(pb::ListRectificationProgressRequest {
            rectification_id: measure.id.clone(),
        })
        .await
        .expect("list progress")
        .into_inner()
        .progress;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].evidence, vec![evidence()]);
    assert_eq!(listed[0].reporter, f.other_owner);

    owner
        .request_verification(pb::RequestVerificationRequest {
            rectification_id: measure.id.clone(),
            ..Default::default()
        })
        .await
        .expect("request");
    let mut discipline = f.discipline().await;
    let failed = discipline
        .verify_rectification(pb::VerifyRectificationRequest {
            rectification_id: measure.id.clone(),
            verdict: pb::Verdict::Fail as i32,
            reason: "缺少制度修订文件".into(),
            ..Default::default()
        })
        .await
        .expect("fail verdict")
        .into_inner();
    let back = failed.rectification.expect("measure");
    assert_eq!(back.state, RectificationState::InProgress as i32);
    assert_eq!(back.verifications[0].verdict, pb::Verdict::Fail as i32);
    assert_eq!(failed.problems[0].state, ProblemState::Rectifying as i32);

    // Extensions: later than the deadline, decided by the discipline body, original kept.
    let ask = |date: &str| pb::RequestRectificationExtensionRequest {
        rectification_id: measure.id.clone(),
        requested_deadline: date.to_owned(),
        reason: "制度修订需经党组会审议".into(),
        request_id: String::new(),
    };
    assert_eq!(
        violated_fields(
            owner
                .request_rectification_extension(ask("2023-07-01"))
                .await
        ),
        vec!["requested_deadline"]
    );
    let pending = owner
        .request_rectification_extension(ask("2023-09-30"))
        .await
        .expect("ask")
        .into_inner()
        .extension
        .expect("extension");
    assert_eq!(pending.state, ExtensionState::Pending as i32);
    let decide = |approve: bool, reason: &str| pb::DecideRectificationExtensionRequest {
        id: pending.id.clone(),
        approve,
        reason: reason.to_owned(),
        request_id: String::new(),
    };
    expect_code(
        owner.decide_rectification_extension(decide(true, "")).await,
        Code::PermissionDenied,
    );
    assert_eq!(
        violated_fields(
            discipline
                .decide_rectification_extension(decide(false, ""))
                .await
        ),
        vec!["reason"]
    );
    let decided = discipline
        .decide_rectification_extension(decide(true, ""))
        .await
        .expect("approve")
        .into_inner();
    assert_eq!(
        decided.extension.expect("extension").state,
        ExtensionState::Approved as i32
    );
    let extended = decided.rectification.expect("measure");
    assert_eq!(extended.deadline, "2023-09-30");
    assert_eq!(extended.original_deadline, "2023-07-31");
    assert!(extended.extended);
    expect_code(
        discipline
            .decide_rectification_extension(decide(true, ""))
            .await,
        Code::FailedPrecondition,
    );
    f.stop().await;
}

qinglian_store::backend_tests!(
    one_measure_closes_three_problems_from_three_sources_and_a_recheck_reopens_them,
    a_failed_verification_sends_the_measure_back_and_extensions_keep_the_original_deadline,
);
