//! Education activities: recorded with the directory's check, attendance per person, refusals.

use qinglian_api::supervision::v1::{self as pb, EducationKind};
use qinglian_api::tasks::v1::UnitKind;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::{Cluster, Member};
use tonic::Code;

use super::common::{create_person, create_unit, expect_code, violated_fields};

pub fn film(unit: &str, people: &[&str]) -> pb::EducationActivity {
    pb::EducationActivity {
        kind: EducationKind::WarningFilm as i32,
        title: "收看《廉》系列专题警示教育片".into(),
        date: "2023-04-20".into(),
        organising_unit_id: unit.to_owned(),
        participant_ids: people.iter().map(|p| (*p).to_owned()).collect(),
        head_count: 0,
        ..Default::default()
    }
}

async fn activities_record_attendance_and_refuse_unknown_people(db: TestDatabase) {
    let mut cluster = Cluster::on(db).supervision().start().await;
    let tasks = &cluster.tasks;
    let supervision = cluster.supervision();
    let mut directory = tasks.admin_directory().await;
    let organ = create_unit(&mut directory, UnitKind::Organ, "市民政局", None).await;
    let a = create_person(&mut directory, "甲", &organ.id, false).await;
    let b = create_person(&mut directory, "乙", &organ.id, false).await;
    let mut discipline = supervision.education(&tasks.token(Role::Discipline)).await;

    let recorded = discipline
        .record_education_activity(pb::RecordEducationActivityRequest {
            education_activity: Some(film(&organ.id, &[&a.id, &b.id])),
            request_id: String::new(),
        })
        .await
        .expect("record")
        .into_inner()
        .education_activity
        .expect("activity");
    assert_eq!(
        recorded.head_count, 2,
        "head count defaults to the named participants"
    );
    let mut lecture = film(&organ.id, &[&a.id]);
    lecture.kind = EducationKind::IntegrityLecture as i32;
    lecture.title = "书记讲廉政党课".into();
    lecture.head_count = 45;
    discipline
        .record_education_activity(pb::RecordEducationActivityRequest {
            education_activity: Some(lecture),
            request_id: String::new(),
        })
        .await
        .expect("lecture");

    // Attendance per person, and filters.
    let of_b = discipline
        .list_education_activities(pb::ListEducationActivitiesRequest {
            participant_id: b.id.clone(),
            ..Default::default()
        })
        .await
        .expect("attendance")
        .into_inner()
        .education_activities;
    assert_eq!(
        of_b.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        [recorded.id.as_str()]
    );
    let of_a = discipline
        .list_education_activities(pb::ListEducationActivitiesRequest {
            participant_id: a.id.clone(),
            ..Default::default()
        })
        .await
        .expect("attendance")
        .into_inner()
        .education_activities;
    assert_eq!(of_a.len(), 2);
    let lectures = discipline
        .list_education_activities(pb::ListEducationActivitiesRequest {
            filter: "kind = EDUCATION_KIND_INTEGRITY_LECTURE".into(),
            ..Default::default()
        })
        .await
        .expect("filter")
        .into_inner()
        .education_activities;
    assert_eq!((lectures.len(), lectures[0].head_count), (1, 45));

    // Refusals.
    let ghost = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        violated_fields(
            discipline
                .record_education_activity(pb::RecordEducationActivityRequest {
                    education_activity: Some(film(&organ.id, &[&a.id, &ghost])),
                    request_id: String::new(),
                })
                .await
        ),
        ["education_activity.participant_ids[1]"]
    );
    let mut too_few = film(&organ.id, &[&a.id, &b.id]);
    too_few.head_count = 1;
    assert_eq!(
        violated_fields(
            discipline
                .record_education_activity(pb::RecordEducationActivityRequest {
                    education_activity: Some(too_few),
                    request_id: String::new()
                })
                .await
        ),
        ["education_activity.head_count"]
    );
    let mut viewer = supervision.education(&tasks.token(Role::Viewer)).await;
    expect_code(
        viewer
            .record_education_activity(pb::RecordEducationActivityRequest {
                education_activity: Some(film(&organ.id, &[])),
                request_id: String::new(),
            })
            .await,
        Code::PermissionDenied,
    );
    cluster.stop_server(Member::Tasks).await;
    expect_code(
        discipline
            .record_education_activity(pb::RecordEducationActivityRequest {
                education_activity: Some(film(&organ.id, &[])),
                request_id: String::new(),
            })
            .await,
        Code::Unavailable,
    );
    let all = discipline
        .list_education_activities(pb::ListEducationActivitiesRequest::default())
        .await
        .expect("list")
        .into_inner()
        .education_activities;
    assert_eq!(
        all.len(),
        2,
        "nothing was stored while the directory was down"
    );
    cluster.stop().await.expect("stop");
}

qinglian_store::backend_tests!(activities_record_attendance_and_refuse_unknown_people);
