//! Requests that do not say what they ask: every Get of every service asked with no id answers
//! INVALID_ARGUMENT naming `id`, not NOT_FOUND (a request without the id was never a question about
//! a record), and an enum out of the contract's range, list selections included, is INVALID_ARGUMENT
//! naming its field.

use qinglian_api::oversight::v1 as opb;
use qinglian_api::oversight::v1::report_service_client::ReportServiceClient;
use qinglian_api::supervision::v1 as spb;
use qinglian_api::tasks::v1 as tpb;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;

use super::rectifications::Fixture;
use tonic::Status;
use tonic_types::StatusExt;

/// The fields an INVALID_ARGUMENT names, or the code it answered instead.
fn fields_of<T>(answer: Result<T, Status>) -> Vec<String> {
    match answer {
        Ok(_) => vec!["OK".to_owned()],
        Err(status) if status.code() == tonic::Code::InvalidArgument => status
            .get_error_details()
            .bad_request()
            .map(|b| b.field_violations.iter().map(|v| v.field.clone()).collect())
            .unwrap_or_default(),
        Err(status) => vec![format!("{:?}", status.code())],
    }
}

async fn a_missing_id_is_invalid_on_every_get(db: TestDatabase) {
    let f = Fixture::with_oversight(db).await;
    let oversight = f.oversight();
    let token = f.tasks().token(Role::Admin);
    let mut directory = f.tasks().directory(&token).await;
    let mut tasks = f.tasks().tasks(&token).await;
    let mut duties = f.tasks().duties(&token).await;
    let mut talks = f.supervision().talks(&token).await;
    let mut checks = f.supervision().checks(&token).await;
    let mut education = f.supervision().education(&token).await;
    let mut regulations = f.supervision().regulations(&token).await;
    let mut ledger = f.supervision().rectifications(&token).await;
    let mut work = oversight.oversight(&token).await;
    let mut reports = ReportServiceClient::with_interceptor(
        qinglian_test_support::channel(oversight.addr).await,
        qinglian_test_support::bearer(&token),
    );
    let id = String::new;
    let answers = [
        (
            "GetUnit",
            fields_of(directory.get_unit(tpb::GetUnitRequest { id: id() }).await),
        ),
        (
            "GetPerson",
            fields_of(
                directory
                    .get_person(tpb::GetPersonRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetPlan",
            fields_of(tasks.get_plan(tpb::GetPlanRequest { id: id() }).await),
        ),
        (
            "GetTask",
            fields_of(tasks.get_task(tpb::GetTaskRequest { id: id() }).await),
        ),
        (
            "GetDutyRule",
            fields_of(
                duties
                    .get_duty_rule(tpb::GetDutyRuleRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetTalk",
            fields_of(talks.get_talk(spb::GetTalkRequest { id: id() }).await),
        ),
        (
            "GetCheck",
            fields_of(checks.get_check(spb::GetCheckRequest { id: id() }).await),
        ),
        (
            "GetEducationActivity",
            fields_of(
                education
                    .get_education_activity(spb::GetEducationActivityRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetRegulation",
            fields_of(
                regulations
                    .get_regulation(spb::GetRegulationRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetTour",
            fields_of(ledger.get_tour(spb::GetTourRequest { id: id() }).await),
        ),
        (
            "GetProblem",
            fields_of(
                ledger
                    .get_problem(spb::GetProblemRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetRectification",
            fields_of(
                ledger
                    .get_rectification(spb::GetRectificationRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetOversightActivity",
            fields_of(
                work.get_oversight_activity(opb::GetOversightActivityRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetOpinion",
            fields_of(work.get_opinion(opb::GetOpinionRequest { id: id() }).await),
        ),
        (
            "GetNormativeDocument",
            fields_of(
                work.get_normative_document(opb::GetNormativeDocumentRequest { id: id() })
                    .await,
            ),
        ),
        (
            "GetReport",
            fields_of(reports.get_report(opb::GetReportRequest { id: id() }).await),
        ),
    ];
    for (method, fields) in answers {
        assert_eq!(fields, ["id"], "{method}");
    }
    let problems = ledger
        .list_problems(spb::ListProblemsRequest {
            source: 99,
            ..Default::default()
        })
        .await;
    assert_eq!(fields_of(problems), ["source"]);
    let measures = ledger
        .list_ledger(spb::ListLedgerRequest {
            source: 99,
            ..Default::default()
        })
        .await;
    assert_eq!(fields_of(measures), ["source"]);
    let format = reports
        .generate_annual_report(opb::GenerateAnnualReportRequest {
            organisation_unit_id: f.organ.clone(),
            year: 2023,
            format: 42,
            ..Default::default()
        })
        .await;
    assert_eq!(fields_of(format), ["format"]);
    f.stop().await;
}

qinglian_store::backend_tests!(a_missing_id_is_invalid_on_every_get);
