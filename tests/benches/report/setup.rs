//! Units, plans and lectures created through the public APIs.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The organisation's tree and another organ's, created through the directory.
pub(crate) struct Units {
    pub(crate) organisation: String,
    /// The organisation and every unit below it.
    pub(crate) inside: Vec<String>,
    /// The Party branches below the organisation.
    pub(crate) branches: Vec<String>,
    /// The other organ and its units.
    pub(crate) outside: Vec<String>,
}

impl Units {
    /// The unit of record `i` of a kind salted `salt`: inside the organisation's subtree 85% of the
    /// time.
    pub(crate) fn pick(&self, i: usize, salt: u64) -> &str {
        let n = mix(i, salt);
        let units = if n % 100 < INSIDE_PERCENT {
            &self.inside
        } else {
            &self.outside
        };
        &units[(n / 100) % units.len()]
    }
}

pub(crate) async fn create_unit(
    tasks: &TestTasks,
    kind: UnitKind,
    name: String,
    parent: &str,
) -> String {
    tasks
        .admin_directory()
        .await
        .create_unit(tpb::CreateUnitRequest {
            unit: Some(tpb::Unit {
                kind: kind as i32,
                name,
                parent_id: parent.to_owned(),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("create unit")
        .into_inner()
        .unit
        .expect("unit")
        .id
}

pub(crate) async fn create_units(tasks: &TestTasks) -> Units {
    let organisation = create_unit(tasks, UnitKind::Organ, "市财政局".into(), "").await;
    let mut inside = vec![organisation.clone()];
    let mut branches = Vec::new();
    for d in 1..=DEPARTMENTS {
        let department = create_unit(
            tasks,
            UnitKind::Department,
            format!("第{d}处"),
            &organisation,
        )
        .await;
        inside.push(department.clone());
        for k in 0..UNITS_PER_DEPARTMENT {
            let n = k / 2 + 1;
            let unit = if k.is_multiple_of(2) {
                let branch = format!("第{d}处第{n}党支部");
                let id = create_unit(tasks, UnitKind::PartyBranch, branch, &department).await;
                branches.push(id.clone());
                id
            } else {
                let name = format!("第{d}处所属企业{n}");
                create_unit(tasks, UnitKind::Enterprise, name, &department).await
            };
            inside.push(unit);
        }
    }
    let other = create_unit(tasks, UnitKind::Organ, "市交通运输局".into(), "").await;
    let mut outside = vec![other.clone()];
    for n in 1..=OUTSIDE_UNITS {
        outside.push(create_unit(tasks, UnitKind::Department, format!("交通{n}科"), &other).await);
    }
    Units {
        organisation,
        inside,
        branches,
        outside,
    }
}

/// A plan the tasks are spread over.
pub(crate) struct PlanRef {
    pub(crate) id: String,
    pub(crate) year: i32,
}

/// Three plans of the organisation for 2023, one for 2022, one of the other organ for 2023, published.
pub(crate) async fn create_plans(tasks: &TestTasks, units: &Units) -> Vec<PlanRef> {
    let mut client = tasks.tasks(&tasks.token(Role::Admin)).await;
    let mut plans = Vec::new();
    for (year, title, issuer) in [
        (
            2023,
            "2023年全面从严治党主要任务分工方案",
            &units.organisation,
        ),
        (2023, "2023年党风廉政建设责任清单", &units.organisation),
        (2023, "2023年巡察整改任务分工方案", &units.organisation),
        (
            2022,
            "2022年全面从严治党主要任务分工方案",
            &units.organisation,
        ),
        (2023, "2023年交通运输系统任务分工方案", &units.outside[0]),
    ] {
        let plan = client
            .create_plan(tpb::CreatePlanRequest {
                plan: Some(tpb::Plan {
                    year,
                    title: title.into(),
                    issuing_unit_id: issuer.clone(),
                    kind: PlanKind::TaskDivision as i32,
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .await
            .expect("plan")
            .into_inner()
            .plan
            .expect("plan");
        client
            .publish_plan(tpb::PublishPlanRequest {
                id: plan.id.clone(),
                ..Default::default()
            })
            .await
            .expect("publish");
        plans.push(PlanRef { id: plan.id, year });
    }
    plans
}

/// A quarterly party lecture for every Party branch of the organisation, given by 40 of them in the
/// first and third quarters of 2023.
pub(crate) async fn record_lectures(tasks: &TestTasks, units: &Units) {
    let mut duties = tasks.duties(&tasks.token(Role::Admin)).await;
    let rule = duties
        .create_duty_rule(tpb::CreateDutyRuleRequest {
            duty_rule: Some(tpb::DutyRule {
                unit_id: units.organisation.clone(),
                title: "党支部书记讲党课".into(),
                activity: "党课".into(),
                schedule: Some(duty_rule::Schedule::Quota(tpb::DutyQuota {
                    period: DutyFrequency::Quarterly as i32,
                    min_count: 1,
                    start_date: "2023-01-01".into(),
                    end_date: String::new(),
                })),
                subject_selector: DutySubjectSelector::PartyBranches as i32,
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .expect("duty rule")
        .into_inner()
        .duty_rule
        .expect("duty rule");
    for branch in units.branches.iter().take(LECTURING_BRANCHES) {
        for day in ["2023-03-15", "2023-09-15"] {
            duties
                .record_fulfilment(tpb::RecordFulfilmentRequest {
                    fulfilment: Some(tpb::Fulfilment {
                        rule_id: rule.id.clone(),
                        subject: Some(tpb::DutySubject {
                            person_id: String::new(),
                            unit_id: branch.clone(),
                        }),
                        date: day.into(),
                        note: "学习贯彻党的二十大精神".into(),
                        ..Default::default()
                    }),
                    request_id: String::new(),
                })
                .await
                .expect("fulfilment");
        }
    }
}
