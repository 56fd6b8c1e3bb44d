//! Tours, problems and the ledger: validation naming fields, several sources of one problem, the
//! ledger's filters and statistics, and writes refused while the directory is down.

use qinglian_api::supervision::v1::{self as pb, ProblemSource};
use qinglian_kit::auth::Role;
use qinglian_store::testing::TestDatabase;
use qinglian_test_support::Member;
use tonic::Code;

use super::{Client, Fixture, measure, problem, tour};
use crate::api::common::{expect_code, violated_fields};

async fn tours_and_problems_validate_every_field_and_link_further_sources(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let mut discipline = f.discipline().await;
    let mut bad_tour = tour(&f.organ);
    bad_tour.team_name.clear();
    bad_tour.end_date = "2023-02-01".into();
    bad_tour.level = 0;
    assert_eq!(
        violated_fields(
            discipline
                .create_tour(pb::CreateTourRequest {
                    tour: Some(bad_tour),
                    request_id: String::new(),
                })
                .await
        ),
        vec!["tour.level", "tour.team_name", "tour.end_date"]
    );
    let created = f.tour().await;
    let got = discipline
        .get_tour(pb::GetTourRequest {
            id: created.id.clone(),
        })
        .await
        .expect("get tour")
        .into_inner()
        .tour
        .expect("tour");
    assert_eq!(got, created);
    assert_eq!(got.team_name, "省委第八巡视组");
    let listed = discipline
        .list_tours(pb::ListToursRequest {
            filter: "level = TOUR_LEVEL_PROVINCIAL".into(),
            ..Default::default()
        })
        .await
        .expect("list tours")
        .into_inner()
        .tours;
    assert_eq!(listed, vec![created.clone()]);

    let create = |problem: pb::Problem| pb::CreateProblemRequest {
        problem: Some(problem),
        request_id: String::new(),
    };
    let mut no_source = problem(&f.office, ProblemSource::Tour, &created.id);
    no_source.sources.clear();
    no_source.responsibilities[0].person_id = f.owner.clone();
    assert_eq!(
        violated_fields(discipline.create_problem(create(no_source)).await),
        vec!["problem.sources", "problem.responsibilities[0]"]
    );
    assert_eq!(
        violated_fields(
            discipline
                .create_problem(create(problem(
                    "no-such-unit",
                    ProblemSource::Audit,
                    "审计"
                )))
                .await
        ),
        vec!["problem.unit_id", "problem.responsibilities[0].unit_id"]
    );
    assert_eq!(
        violated_fields(
            discipline
                .create_problem(create(problem(
                    &f.office,
                    ProblemSource::Tour,
                    "no-such-tour"
                )))
                .await
        ),
        vec!["problem.sources[0].reference"]
    );
    let mut viewer = f.as_person(&f.owner, Role::Viewer).await;
    expect_code(
        viewer
            .create_problem(create(problem(&f.office, ProblemSource::Audit, "审计")))
            .await,
        Code::PermissionDenied,
    );

    // A service (the oversight service sending an opinion's items) records problems too.
    let mut service = f.as_person("oversight", Role::Service).await;
    let found = service
        .create_problem(create(problem(
            &f.office,
            ProblemSource::PeoplesCongress,
            "审议意见-2023-3",
        )))
        .await
        .expect("service records a problem")
        .into_inner()
        .problem
        .expect("problem");

    // The same problem found again by the tour: one problem, two sources; linking twice is a no-op.
    let link = pb::LinkProblemSourceRequest {
        problem_id: found.id.clone(),
        source: ProblemSource::Tour as i32,
        reference: created.id.clone(),
        request_id: String::new(),
    };
    let linked = discipline
        .link_problem_source(link.clone())
        .await
        .expect("link")
        .into_inner()
        .problem
        .expect("problem");
    assert_eq!(linked.sources.len(), 2);
    let again = discipline
        .link_problem_source(link)
        .await
        .expect("link again")
        .into_inner()
        .problem
        .expect("problem");
    assert_eq!(again, linked, "linking a source it has changes nothing");
    let by_tour = discipline
        .list_problems(pb::ListProblemsRequest {
            tour_id: created.id.clone(),
            ..Default::default()
        })
        .await
        .expect("list by tour")
        .into_inner()
        .problems;
    assert_eq!(by_tour, vec![linked.clone()]);

    // Measures only for open problems; replays return the same measure.
    let request = pb::CreateRectificationRequest {
        rectification: Some(measure(&[&found.id], &f.office, &f.owner, "2023-08-31")),
        request_id: "measure-1".into(),
    };
    let first = discipline
        .create_rectification(request.clone())
        .await
        .expect("create")
        .into_inner()
        .rectification
        .expect("measure");
    let replayed = discipline
        .create_rectification(request)
        .await
        .expect("replay")
        .into_inner()
        .rectification
        .expect("measure");
    assert_eq!(first.id, replayed.id);
    f.sign_off(&first).await;
    assert_eq!(
        violated_fields(
            discipline
                .create_rectification(pb::CreateRectificationRequest {
                    rectification: Some(measure(&[&found.id], &f.office, &f.owner, "2023-09-30")),
                    request_id: String::new(),
                })
                .await
        ),
        vec!["rectification.problem_ids[0]"],
        "the problem is closed"
    );
    f.stop().await;
}

async fn ids(client: &mut Client, request: pb::ListLedgerRequest) -> Vec<String> {
    client
        .list_ledger(request)
        .await
        .expect("list ledger")
        .into_inner()
        .rectifications
        .into_iter()
        .map(|m| m.id)
        .collect()
}

fn row(
    tour_id: &str,
    unit_id: &str,
    counts: [i64; 7],
    completion_rate: f64,
) -> pb::LedgerStatisticsRow {
    let [
        problems,
        measures,
        completed,
        on_time,
        overdue,
        extended,
        recurred,
    ] = counts;
    pb::LedgerStatisticsRow {
        tour_id: tour_id.to_owned(),
        unit_id: unit_id.to_owned(),
        problems,
        measures,
        completed,
        on_time,
        overdue,
        extended,
        recurred,
        completion_rate,
    }
}

async fn the_ledger_filters_and_counts_per_tour_and_unit(db: TestDatabase) {
    let f = Fixture::start(db).await;
    let tour = f.tour().await;
    let p1 = f.problem(&f.office, ProblemSource::Tour, &tour.id).await;
    let p2 = f.problem(&f.finance, ProblemSource::Tour, &tour.id).await;
    let p3 = f.problem(&f.office, ProblemSource::Check, "c1").await;
    let p4 = f.problem(&f.office, ProblemSource::Tour, &tour.id).await;
    let mut discipline = f.discipline().await;
    discipline
        .link_problem_source(pb::LinkProblemSourceRequest {
            problem_id: p4.id.clone(),
            source: ProblemSource::Audit as i32,
            reference: "审计报告〔2023〕5号".into(),
            request_id: String::new(),
        })
        .await
        .expect("link");
    // Today is 2023-06-01.
    let m1 = f
        .measure(&[&p1.id, &p3.id], &f.office, &f.owner, "2023-05-15")
        .await;
    let m2 = f
        .measure(&[&p2.id], &f.finance, &f.other_owner, "2023-07-31")
        .await;
    let m3 = f
        .measure(&[&p4.id], &f.office, &f.owner, "2023-05-31")
        .await;
    let m4 = f
        .measure(&[&p3.id], &f.office, &f.owner, "2023-08-31")
        .await;
    f.sign_off(&m2).await;
    f.sign_off(&m3).await;
    let pending = f
        .as_person(&f.owner, Role::Clerk)
        .await
        .request_rectification_extension(pb::RequestRectificationExtensionRequest {
            rectification_id: m4.id.clone(),
            requested_deadline: "2023-10-31".into(),
            reason: "需上级批复".into(),
            request_id: String::new(),
        })
        .await
        .expect("ask")
        .into_inner()
        .extension
        .expect("extension");
    discipline
        .decide_rectification_extension(pb::DecideRectificationExtensionRequest {
            id: pending.id,
            approve: true,
            ..Default::default()
        })
        .await
        .expect("approve");

    let sorted = |mut v: Vec<&str>| {
        v.sort();
        v.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let by_deadline = vec![m1.id.clone(), m3.id.clone(), m2.id.clone(), m4.id.clone()];
    assert_eq!(
        ids(&mut discipline, pb::ListLedgerRequest::default()).await,
        by_deadline
    );
    let mut listed = ids(
        &mut discipline,
        pb::ListLedgerRequest {
            tour_id: tour.id.clone(),
            ..Default::default()
        },
    )
    .await;
    listed.sort();
    assert_eq!(listed, sorted(vec![&m1.id, &m2.id, &m3.id]));
    let mut listed = ids(
        &mut discipline,
        pb::ListLedgerRequest {
            source: ProblemSource::Check as i32,
            ..Default::default()
        },
    )
    .await;
    listed.sort();
    assert_eq!(listed, sorted(vec![&m1.id, &m4.id]));
    assert_eq!(
        ids(
            &mut discipline,
            pb::ListLedgerRequest {
                source: ProblemSource::Audit as i32,
                ..Default::default()
            }
        )
        .await,
        vec![m3.id.clone()]
    );
    assert_eq!(
        ids(
            &mut discipline,
            pb::ListLedgerRequest {
                overdue_only: true,
                ..Default::default()
            }
        )
        .await,
        vec![m1.id.clone()]
    );
    assert_eq!(
        ids(
            &mut discipline,
            pb::ListLedgerRequest {
                filter: "state = RECTIFICATION_STATE_VERIFIED".into(),
                ..Default::default()
            }
        )
        .await,
        vec![m3.id.clone(), m2.id.clone()]
    );
    let first = discipline
        .list_ledger(pb::ListLedgerRequest {
            page_size: 2,
            filter: format!("responsible_unit_id = \"{}\"", f.office),
            ..Default::default()
        })
        .await
        .expect("page 1")
        .into_inner();
    assert_eq!(first.rectifications.len(), 2);
    let second = discipline
        .list_ledger(pb::ListLedgerRequest {
            page_size: 2,
            page_token: first.next_page_token,
            filter: format!("responsible_unit_id = \"{}\"", f.office),
            ..Default::default()
        })
        .await
        .expect("page 2")
        .into_inner();
    assert_eq!(
        second
            .rectifications
            .iter()
            .map(|m| m.id.clone())
            .collect::<Vec<_>>(),
        vec![m4.id.clone()]
    );
    assert!(second.next_page_token.is_empty());
    // A page token holds only with the request fields it was issued for.
    let of_tour = discipline
        .list_ledger(pb::ListLedgerRequest {
            page_size: 1,
            tour_id: tour.id.clone(),
            ..Default::default()
        })
        .await
        .expect("page of a tour")
        .into_inner();
    assert_eq!(
        violated_fields(
            discipline
                .list_ledger(pb::ListLedgerRequest {
                    page_size: 1,
                    page_token: of_tour.next_page_token,
                    ..Default::default()
                })
                .await
        ),
        vec!["page_token"]
    );
    assert!(
        first.rectifications[0].overdue,
        "m1 is open past its deadline"
    );

    let statistics = |tour_id: &str, unit_id: &str| pb::GetLedgerStatisticsRequest {
        tour_id: tour_id.to_owned(),
        unit_id: unit_id.to_owned(),
    };
    let all = discipline
        .get_ledger_statistics(statistics("", ""))
        .await
        .expect("statistics")
        .into_inner();
    assert_eq!(all.as_of_date, "2023-06-01");
    let mut expected = vec![
        row("", &f.office, [1, 1, 0, 0, 0, 1, 0], 0.0),
        row(&tour.id, &f.office, [2, 2, 1, 0, 1, 0, 0], 0.5),
        row(&tour.id, &f.finance, [1, 1, 1, 1, 0, 0, 0], 1.0),
    ];
    expected.sort_by(|a, b| (&a.tour_id, &a.unit_id).cmp(&(&b.tour_id, &b.unit_id)));
    assert_eq!(all.rows, expected);
    assert_eq!(
        all.total,
        Some(row("", "", [4, 4, 2, 1, 1, 1, 0], 0.5)),
        "each problem and measure once"
    );
    let of_tour = discipline
        .get_ledger_statistics(statistics(&tour.id, ""))
        .await
        .expect("statistics of the tour")
        .into_inner();
    assert_eq!(of_tour.rows.len(), 2);
    assert_eq!(
        of_tour.total,
        Some(row("", "", [3, 3, 2, 1, 1, 0, 0], 2.0 / 3.0))
    );
    let of_finance = discipline
        .get_ledger_statistics(statistics("", &f.finance))
        .await
        .expect("statistics of a unit")
        .into_inner();
    assert_eq!(
        of_finance.rows,
        vec![row(&tour.id, &f.finance, [1, 1, 1, 1, 0, 0, 0], 1.0)]
    );
    f.stop().await;
}

async fn ledger_writes_are_refused_while_the_directory_is_down(db: TestDatabase) {
    let mut f = Fixture::start(db).await;
    let mut discipline = f.discipline().await;
    let request = pb::CreateProblemRequest {
        problem: Some(problem(
            &f.office,
            ProblemSource::Audit,
            "审计报告〔2023〕9号",
        )),
        request_id: "down-1".into(),
    };
    f.cluster.stop_server(Member::Tasks).await;
    let status = expect_code(
        discipline.create_problem(request.clone()).await,
        Code::Unavailable,
    );
    assert!(status.message().contains("tasks"), "{status:?}");
    let stored = discipline
        .list_problems(pb::ListProblemsRequest::default())
        .await
        .expect("list")
        .into_inner()
        .problems;
    assert!(stored.is_empty(), "nothing was stored");
    f.cluster.restart_server(Member::Tasks).await;
    let created = discipline
        .create_problem(request)
        .await
        .expect("accepted once the directory is back")
        .into_inner()
        .problem
        .expect("problem");
    assert_eq!(created.unit_id, f.office);
    f.stop().await;
}

qinglian_store::backend_tests!(
    tours_and_problems_validate_every_field_and_link_further_sources,
    the_ledger_filters_and_counts_per_tour_and_unit,
    ledger_writes_are_refused_while_the_directory_is_down,
);
