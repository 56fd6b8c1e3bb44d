//! The GROUP BY behind each group of figures. Kinds with no record in the year give no figure; each
//! group's total is always given, zero included, since zero was counted.

use qinglian_api::common::v1::Figure;
use qinglian_api::supervision::v1::{
    CheckKind, EducationKind, ProblemSource, RectificationState, TalkKind,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use qinglian_domain::figures::{Source, count as value, percent};

use super::{SERVICE, Scope, labels};
use crate::entities::{
    check, education_activity, inspection_tour, problem, problem_source, rectification, regulation,
    regulation_revision, talk,
};

const TALKS: Source = Source {
    service: SERVICE,
    statistic: "talks.by_kind",
    resource: "qinglian.supervision.v1.Talk",
    list_method: "/qinglian.supervision.v1.TalkService/ListTalks",
};
const CHECKS: Source = Source {
    service: SERVICE,
    statistic: "checks.by_kind",
    resource: "qinglian.supervision.v1.Check",
    list_method: "/qinglian.supervision.v1.CheckService/ListChecks",
};
const EDUCATION: Source = Source {
    service: SERVICE,
    statistic: "education.by_kind",
    resource: "qinglian.supervision.v1.EducationActivity",
    list_method: "/qinglian.supervision.v1.EducationService/ListEducationActivities",
};
const TOURS: Source = Source {
    service: SERVICE,
    statistic: "tours",
    resource: "qinglian.supervision.v1.InspectionTour",
    list_method: "/qinglian.supervision.v1.RectificationService/ListTours",
};
const PROBLEMS: Source = Source {
    service: SERVICE,
    statistic: "problems.by_source",
    resource: "qinglian.supervision.v1.Problem",
    list_method: "/qinglian.supervision.v1.RectificationService/ListProblems",
};
const RECTIFICATIONS: Source = Source {
    service: SERVICE,
    statistic: "rectifications.completed",
    resource: "qinglian.supervision.v1.Rectification",
    list_method: "/qinglian.supervision.v1.RectificationService/ListLedger",
};
const REGULATIONS: Source = Source {
    service: SERVICE,
    statistic: "regulations.revisions",
    resource: "qinglian.supervision.v1.RegulationRevision",
    list_method: "/qinglian.supervision.v1.RegulationService/ListRegulationRevisions",
};

/// Talks by kind, in person-times (人次: one subject per talk).
pub(crate) async fn talks(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    let rows: Vec<(i32, i64)> = talk::Entity::find()
        .select_only()
        .column(talk::Column::Kind)
        .column_as(Expr::col(talk::Column::Id).count(), "count")
        .filter(talk::Column::Date.between(scope.first, scope.last))
        .filter(talk::Column::SubjectUnitId.is_in(scope.unit_ids.clone()))
        .group_by(talk::Column::Kind)
        .order_by_asc(talk::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?;
    let mut figures = Vec::new();
    for (kind, count) in &rows {
        let kind = TalkKind::try_from(*kind).unwrap_or(TalkKind::Unspecified);
        let condition = format!("kind = {}", kind.as_str_name());
        figures.push(TALKS.figure(
            format!("talks.{}", kind.as_str_name()),
            value(*count),
            "人次",
            labels::talk(kind).to_owned(),
            scope.filter(&[condition], "date", "subject_unit_id"),
            &[],
        ));
    }
    figures.push(TALKS.figure(
        "talks.total".to_owned(),
        value(rows.iter().map(|(_, n)| n).sum()),
        "人次",
        "谈话".to_owned(),
        scope.filter(&[], "date", "subject_unit_id"),
        &[],
    ));
    Ok(figures)
}

/// Checks by kind, by the day they began and the unit that organised them.
pub(crate) async fn checks(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    let rows: Vec<(i32, i64)> = check::Entity::find()
        .select_only()
        .column(check::Column::Kind)
        .column_as(Expr::col(check::Column::Id).count(), "count")
        .filter(check::Column::StartDate.between(scope.first, scope.last))
        .filter(check::Column::OrganisingUnitId.is_in(scope.unit_ids.clone()))
        .group_by(check::Column::Kind)
        .order_by_asc(check::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?;
    let mut figures = Vec::new();
    for (kind, count) in &rows {
        let kind = CheckKind::try_from(*kind).unwrap_or(CheckKind::Unspecified);
        let condition = format!("kind = {}", kind.as_str_name());
        figures.push(CHECKS.figure(
            format!("checks.{}", kind.as_str_name()),
            value(*count),
            "次",
            labels::check(kind).to_owned(),
            scope.filter(&[condition], "start_date", "organising_unit_id"),
            &[],
        ));
    }
    figures.push(CHECKS.figure(
        "checks.total".to_owned(),
        value(rows.iter().map(|(_, n)| n).sum()),
        "次",
        "监督检查".to_owned(),
        scope.filter(&[], "start_date", "organising_unit_id"),
        &[],
    ));
    Ok(figures)
}

/// Education activities by kind, with their participants in person-times.
pub(crate) async fn education(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    let rows: Vec<(i32, i64, i64)> = education_activity::Entity::find()
        .select_only()
        .column(education_activity::Column::Kind)
        .column_as(Expr::col(education_activity::Column::Id).count(), "count")
        .column_as(
            Expr::col(education_activity::Column::HeadCount).sum(),
            "participants",
        )
        .filter(education_activity::Column::Date.between(scope.first, scope.last))
        .filter(education_activity::Column::OrganisingUnitId.is_in(scope.unit_ids.clone()))
        .group_by(education_activity::Column::Kind)
        .order_by_asc(education_activity::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?;
    let mut figures = Vec::new();
    for (kind, count, participants) in &rows {
        let kind = EducationKind::try_from(*kind).unwrap_or(EducationKind::Unspecified);
        let name = kind.as_str_name();
        let filter = scope.filter(&[format!("kind = {name}")], "date", "organising_unit_id");
        let label = labels::education(kind);
        figures.push(EDUCATION.figure(
            format!("education.{name}"),
            value(*count),
            "次",
            label.to_owned(),
            filter.clone(),
            &[],
        ));
        figures.push(EDUCATION.figure(
            format!("education.{name}.participants"),
            value(*participants),
            "人次",
            format!("{label}参与"),
            filter,
            &[],
        ));
    }
    let all = scope.filter(&[], "date", "organising_unit_id");
    figures.push(EDUCATION.figure(
        "education.total".to_owned(),
        value(rows.iter().map(|(_, n, _)| n).sum()),
        "次",
        "警示教育".to_owned(),
        all.clone(),
        &[],
    ));
    figures.push(EDUCATION.figure(
        "education.participants".to_owned(),
        value(rows.iter().map(|(_, _, p)| p).sum()),
        "人次",
        "警示教育参与".to_owned(),
        all,
        &[],
    ));
    Ok(figures)
}

/// Inspection tours of units in the subtree that began in the year.
pub(crate) async fn tours(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    let count: i64 = inspection_tour::Entity::find()
        .select_only()
        .column_as(Expr::col(inspection_tour::Column::Id).count(), "count")
        .filter(inspection_tour::Column::StartDate.between(scope.first, scope.last))
        .filter(inspection_tour::Column::InspectedUnitId.is_in(scope.unit_ids.clone()))
        .into_tuple()
        .one(conn)
        .await?
        .unwrap_or(0);
    Ok(vec![TOURS.figure(
        "tours.total".to_owned(),
        value(count),
        "次",
        "巡视巡察".to_owned(),
        scope.filter(&[], "start_date", "inspected_unit_id"),
        &[],
    )])
}

/// Problems found in the year in the subtree, by source; a problem with several sources counts once
/// under each, and once in the total.
pub(crate) async fn problems(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    let in_scope = Query::select()
        .column(problem::Column::Id)
        .from(problem::Entity)
        .and_where(Expr::col(problem::Column::FoundDate).between(scope.first, scope.last))
        .and_where(Expr::col(problem::Column::UnitId).is_in(scope.unit_ids.clone()))
        .to_owned();
    let rows: Vec<(i32, i64)> = problem_source::Entity::find()
        .select_only()
        .column(problem_source::Column::Source)
        .column_as(Expr::cust("COUNT(DISTINCT problem_id)"), "count")
        .filter(problem_source::Column::ProblemId.in_subquery(in_scope))
        .group_by(problem_source::Column::Source)
        .order_by_asc(problem_source::Column::Source)
        .into_tuple()
        .all(conn)
        .await?;
    let total: i64 = problem::Entity::find()
        .select_only()
        .column_as(Expr::col(problem::Column::Id).count(), "count")
        .filter(problem::Column::FoundDate.between(scope.first, scope.last))
        .filter(problem::Column::UnitId.is_in(scope.unit_ids.clone()))
        .into_tuple()
        .one(conn)
        .await?
        .unwrap_or(0);
    let filter = scope.filter(&[], "found_date", "unit_id");
    let mut figures = Vec::new();
    for (source, count) in &rows {
        let source = ProblemSource::try_from(*source).unwrap_or(ProblemSource::Unspecified);
        figures.push(PROBLEMS.figure(
            format!("problems.{}", source.as_str_name()),
            value(*count),
            "个",
            labels::source(source).to_owned(),
            filter.clone(),
            &[("source", source.as_str_name())],
        ));
    }
    figures.push(PROBLEMS.figure(
        "problems.total".to_owned(),
        value(total),
        "个",
        "问题".to_owned(),
        filter,
        &[],
    ));
    Ok(figures)
}

/// Measures of the subtree signed off in the year, those on time, and the on-time rate.
pub(crate) async fn rectifications(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    let verified = RectificationState::Verified as i32;
    let (completed, on_time): (i64, i64) = rectification::Entity::find()
        .select_only()
        .column_as(Expr::col(rectification::Column::Id).count(), "completed")
        .column_as(
            Expr::cust("COALESCE(SUM(CASE WHEN complete_date <= deadline THEN 1 ELSE 0 END), 0)"),
            "on_time",
        )
        .filter(rectification::Column::State.eq(verified))
        .filter(rectification::Column::CompleteDate.between(scope.first, scope.last))
        .filter(rectification::Column::ResponsibleUnitId.is_in(scope.unit_ids.clone()))
        .into_tuple()
        .one(conn)
        .await?
        .unwrap_or((0, 0));
    let filter = scope.filter(
        &["state = RECTIFICATION_STATE_VERIFIED".to_owned()],
        "complete_date",
        "responsible_unit_id",
    );
    let mut figures = vec![
        RECTIFICATIONS.figure(
            "rectifications.completed".to_owned(),
            value(completed),
            "项",
            "整改销号".to_owned(),
            filter.clone(),
            &[],
        ),
        RECTIFICATIONS.figure(
            "rectifications.completed_on_time".to_owned(),
            value(on_time),
            "项",
            "按期整改销号".to_owned(),
            filter.clone(),
            &[],
        ),
    ];
    if let Some(rate) = percent(on_time, completed) {
        figures.push(RECTIFICATIONS.figure(
            "rectifications.on_time_rate".to_owned(),
            rate,
            "%",
            "按期整改率".to_owned(),
            filter,
            &[],
        ));
    }
    Ok(figures)
}

/// Regulations of the subtree's units that took effect (version 1) or were revised in the year.
pub(crate) async fn regulations(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    let of_units = Query::select()
        .column(regulation::Column::Id)
        .from(regulation::Entity)
        .and_where(Expr::col(regulation::Column::IssuingUnitId).is_in(scope.unit_ids.clone()))
        .to_owned();
    let (created, revised): (i64, i64) = regulation_revision::Entity::find()
        .select_only()
        .column_as(
            Expr::cust("COALESCE(SUM(CASE WHEN version = 1 THEN 1 ELSE 0 END), 0)"),
            "created",
        )
        .column_as(
            Expr::cust("COALESCE(SUM(CASE WHEN version > 1 THEN 1 ELSE 0 END), 0)"),
            "revised",
        )
        .filter(regulation_revision::Column::EffectiveDate.between(scope.first, scope.last))
        .filter(regulation_revision::Column::RegulationId.in_subquery(of_units))
        .into_tuple()
        .one(conn)
        .await?
        .unwrap_or((0, 0));
    let filter = |version: &str| {
        scope.filter(
            &[format!("version {version}")],
            "effective_date",
            "issuing_unit_id",
        )
    };
    Ok(vec![
        REGULATIONS.figure(
            "regulations.created".to_owned(),
            value(created),
            "件",
            "制定制度".to_owned(),
            filter("= 1"),
            &[],
        ),
        REGULATIONS.figure(
            "regulations.revised".to_owned(),
            value(revised),
            "件",
            "修订完善制度".to_owned(),
            filter("> 1"),
            &[],
        ),
    ])
}
