//! Valid records to send in tests: units and people of the directory, and the tours, problems and
//! measures of the rectification ledger. Shared by the in-process tests and the topology test, which
//! calls the same APIs on separate processes.

use qinglian_api::common::v1::Accountability;
use qinglian_api::common::v1::Evidence;
use qinglian_api::supervision::v1::{self as spb, ProblemSeverity, ProblemSource, TourLevel};
use qinglian_api::tasks::v1 as pb;
use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;

use crate::Authed;

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

/// The tour of 省委第八巡视组 at `unit`.
pub fn tour(unit: &str) -> spb::InspectionTour {
    spb::InspectionTour {
        level: TourLevel::Provincial as i32,
        team_name: "省委第八巡视组".into(),
        inspected_unit_id: unit.to_owned(),
        start_date: "2023-03-01".into(),
        end_date: "2023-04-30".into(),
        feedback_date: "2023-05-20".into(),
        ..Default::default()
    }
}

/// A problem in `unit` from one source, answered for by the unit.
pub fn problem(unit: &str, source: ProblemSource, reference: &str) -> spb::Problem {
    spb::Problem {
        sources: vec![spb::ProblemSourceRef {
            source: source as i32,
            reference: reference.to_owned(),
            link_time: None,
        }],
        unit_id: unit.to_owned(),
        description: "公务用车使用登记不规范".into(),
        category: "八项规定".into(),
        severity: ProblemSeverity::Significant as i32,
        responsibilities: vec![spb::Responsibility {
            unit_id: unit.to_owned(),
            person_id: String::new(),
            accountability: Accountability::Primary as i32,
        }],
        ..Default::default()
    }
}

/// A measure answering `problems`.
pub fn measure(problems: &[&str], unit: &str, owner: &str, deadline: &str) -> spb::Rectification {
    spb::Rectification {
        problem_ids: problems.iter().map(|p| (*p).to_owned()).collect(),
        measure: "修订《机关公务用车管理办法》，建立用车登记台账".into(),
        responsible_unit_id: unit.to_owned(),
        responsible_person_id: owner.to_owned(),
        deadline: deadline.to_owned(),
        lasting_mechanism: true,
        ..Default::default()
    }
}

/// Evidence of a rectification.
pub fn evidence() -> Evidence {
    Evidence {
        file_name: "整改报告.pdf".into(),
        sha256: "b".repeat(64),
        size_bytes: 2048,
        media_type: "application/pdf".into(),
        about_date: "2023-05-30".into(),
        storage_uri: "docs://2023/rectification/1".into(),
    }
}

/// A passing verdict on `id`.
pub fn pass(id: &str) -> spb::VerifyRectificationRequest {
    spb::VerifyRectificationRequest {
        rectification_id: id.to_owned(),
        verdict: spb::Verdict::Pass as i32,
        evidence_checked: vec![evidence()],
        reason: "整改到位，资料齐全".into(),
        ..Default::default()
    }
}
