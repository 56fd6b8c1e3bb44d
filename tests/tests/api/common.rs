//! Helpers shared by the integration tests.

use qinglian_api::tasks::v1 as pb;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_test_support::Authed;
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// A directory client.
pub type Directory = DirectoryServiceClient<Authed>;

/// A unit message.
pub fn unit(kind: pb::UnitKind, name: &str, parent: Option<&str>) -> pb::Unit {
    pb::Unit {
        kind: kind as i32,
        name: name.to_owned(),
        parent_id: parent.unwrap_or_default().to_owned(),
        ..Default::default()
    }
}

/// Creates a unit and returns it.
pub async fn create_unit(
    client: &mut Directory,
    kind: pb::UnitKind,
    name: &str,
    parent: Option<&str>,
) -> pb::Unit {
    client
        .create_unit(pb::CreateUnitRequest {
            unit: Some(unit(kind, name, parent)),
            request_id: String::new(),
        })
        .await
        .unwrap_or_else(|e| panic!("create unit {name}: {e:?}"))
        .into_inner()
        .unit
        .unwrap_or_else(|| panic!("no unit in response"))
}

/// Creates a person in `unit_id`.
pub async fn create_person(
    client: &mut Directory,
    name: &str,
    unit_id: &str,
    leadership_team_member: bool,
) -> pb::Person {
    client
        .create_person(pb::CreatePersonRequest {
            person: Some(pb::Person {
                name: name.to_owned(),
                unit_id: unit_id.to_owned(),
                position: "干部".to_owned(),
                party_member: true,
                leading_cadre: leadership_team_member,
                leadership_team_member,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .unwrap_or_else(|e| panic!("create person {name}: {e:?}"))
        .into_inner()
        .person
        .unwrap_or_else(|| panic!("no person in response"))
}

/// Asserts `result` failed with `code` and returns the status.
pub fn expect_code<T: std::fmt::Debug>(result: Result<T, Status>, code: Code) -> Status {
    match result {
        Ok(value) => panic!("expected {code:?}, got {value:?}"),
        Err(status) => {
            assert_eq!(status.code(), code, "{status:?}");
            let details = status.get_error_details();
            let info = details
                .error_info()
                .unwrap_or_else(|| panic!("no ErrorInfo on {status:?}"));
            assert!(
                !info.reason.is_empty() && !info.domain.is_empty(),
                "{info:?}"
            );
            status
        }
    }
}

/// The fields named by the BadRequest violations of an INVALID_ARGUMENT.
pub fn violated_fields<T: std::fmt::Debug>(result: Result<T, Status>) -> Vec<String> {
    let status = expect_code(result, Code::InvalidArgument);
    status
        .get_error_details()
        .bad_request()
        .map(|b| b.field_violations.iter().map(|v| v.field.clone()).collect())
        .unwrap_or_default()
}

/// Every unit, following pages.
pub async fn all_units(client: &mut Directory, filter: &str) -> Vec<pb::Unit> {
    let mut units = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_units(pb::ListUnitsRequest {
                page_size: 100,
                page_token: token,
                filter: filter.to_owned(),
                order_by: String::new(),
            })
            .await
            .unwrap_or_else(|e| panic!("list units: {e:?}"))
            .into_inner();
        units.extend(page.units);
        if page.next_page_token.is_empty() {
            return units;
        }
        token = page.next_page_token;
    }
}
