//! Listing checks: filters, the target unit, orders and pages.

use qinglian_api::supervision::v1::{self as pb, CheckKind};
use qinglian_api::tasks::v1::Unit;
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;

use super::{Office, result};
use crate::api::common::violated_fields;

fn list(filter: &str, target: &Unit) -> pb::ListChecksRequest {
    pb::ListChecksRequest {
        filter: filter.to_owned(),
        target_unit_id: target.id.clone(),
        ..Default::default()
    }
}

async fn checks_list_by_kind_target_and_state_with_pages(db: TestDatabase) {
    let mut office = Office::start(db).await;
    let (organ, b1, b2) = (
        office.organ.clone(),
        office.branch1.clone(),
        office.branch2.clone(),
    );
    let nowhere = Unit::default();
    let mut created = Vec::new();
    for (kind, targets, start) in [
        (CheckKind::HolidayCheck, vec![&b1], "2023-01-20"),
        (CheckKind::SpecialCheck, vec![&b1, &b2], "2023-03-01"),
        (CheckKind::CrossCheck, vec![&b2], "2023-05-10"),
        (
            CheckKind::EightPointSelfInspection,
            vec![&organ],
            "2023-06-01",
        ),
        (CheckKind::HolidayCheck, vec![&b2], "2023-09-28"),
    ] {
        let mut check = office.holiday_check(&targets);
        check.kind = kind as i32;
        check.start_date = start.into();
        check.end_date = start.into();
        if kind == CheckKind::CrossCheck {
            check.organising_unit_id = b1.id.clone();
        }
        created.push(office.create(check).await);
    }
    let completed = office
        .checks
        .record_check_result(result(&created[1], Vec::new()))
        .await
        .expect("complete")
        .into_inner()
        .check
        .expect("check");
    let ids: Vec<String> = created.into_iter().map(|c| c.id).collect();
    let pick = |which: &[usize]| -> Vec<String> { which.iter().map(|&i| ids[i].clone()).collect() };

    let holiday = "kind = CHECK_KIND_HOLIDAY_CHECK";
    assert_eq!(
        office.listed(list(holiday, &nowhere)).await.0,
        pick(&[0, 4])
    );
    assert_eq!(office.listed(list("", &b2)).await.0, pick(&[1, 2, 4]));
    assert_eq!(office.listed(list(holiday, &b2)).await.0, pick(&[4]));
    assert_eq!(office.listed(list("", &organ)).await.0, pick(&[3]));
    assert_eq!(
        office
            .listed(list(
                &format!("organising_unit_id = \"{}\"", b1.id),
                &nowhere
            ))
            .await
            .0,
        pick(&[2])
    );
    assert_eq!(
        office
            .listed(list(
                "start_date >= 2023-05-01 AND end_date < 2023-09-01",
                &nowhere
            ))
            .await
            .0,
        pick(&[2, 3])
    );
    let done = office
        .checks
        .list_checks(list("state = CHECK_STATE_COMPLETED", &nowhere))
        .await
        .expect("completed")
        .into_inner()
        .checks;
    assert_eq!(done, [completed]);
    assert_eq!(
        office
            .listed(list("state = CHECK_STATE_PLANNED", &b1))
            .await
            .0,
        pick(&[0])
    );

    // Pages in start-date order, then in reverse creation order; every role reads.
    let mut viewer = office.client(Role::Viewer).await;
    for (order_by, expected) in [
        ("", pick(&[0, 1, 2, 3, 4])),
        ("create_time desc", pick(&[4, 3, 2, 1, 0])),
    ] {
        let mut seen = Vec::new();
        let mut token = String::new();
        let mut pages = 0;
        loop {
            let page = viewer
                .list_checks(pb::ListChecksRequest {
                    page_size: 2,
                    page_token: token,
                    order_by: order_by.into(),
                    ..Default::default()
                })
                .await
                .expect("page")
                .into_inner();
            pages += 1;
            seen.extend(page.checks.into_iter().map(|c| c.id));
            if page.next_page_token.is_empty() {
                break;
            }
            token = page.next_page_token;
        }
        assert_eq!((seen, pages), (expected, 3), "{order_by}");
    }

    // Unknown fields and a token from another listing are refused.
    assert_eq!(
        violated_fields(
            office
                .checks
                .list_checks(list("title = \"x\"", &nowhere))
                .await
        ),
        ["filter"]
    );
    assert_eq!(
        violated_fields(
            office
                .checks
                .list_checks(pb::ListChecksRequest {
                    order_by: "title".into(),
                    ..Default::default()
                })
                .await
        ),
        ["order_by"]
    );
    let (_, token) = office
        .listed(pb::ListChecksRequest {
            page_size: 2,
            ..Default::default()
        })
        .await;
    assert_eq!(
        violated_fields(
            office
                .checks
                .list_checks(pb::ListChecksRequest {
                    page_size: 2,
                    page_token: token,
                    filter: holiday.into(),
                    ..Default::default()
                })
                .await
        ),
        ["page_token"]
    );
    office.stop().await;
}

qinglian_store::backend_tests!(checks_list_by_kind_target_and_state_with_pages);
