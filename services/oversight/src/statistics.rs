//! A year of oversight work counted for the annual report, in the database: activities per kind and
//! per body overseen, the laws inspected, filing review, and the life of deliberation opinions. Every
//! figure carries the filter that lists the records behind it.

mod labels;
mod records;

use chrono::NaiveDate;
use qinglian_api::common::v1::Figure;
use qinglian_api::oversight::v1::{OversightKind, OversightSubject};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_domain::figures::{self, Source, count};
use qinglian_kit::peers::PeerError;
use qinglian_store::Store;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::{activity_law, oversight_activity};
use crate::error::OversightError;

const SERVICE: &str = "qinglian.oversight.v1";
const ACTIVITIES: Source = Source {
    service: SERVICE,
    statistic: "activities.by_kind",
    resource: "qinglian.oversight.v1.OversightActivity",
    list_method: "/qinglian.oversight.v1.OversightService/ListOversightActivities",
};
const LAWS: Source = Source {
    statistic: "laws.inspected",
    ..ACTIVITIES
};
const DOCUMENTS: Source = Source {
    service: SERVICE,
    statistic: "documents",
    resource: "qinglian.oversight.v1.NormativeDocument",
    list_method: "/qinglian.oversight.v1.OversightService/ListNormativeDocuments",
};
const OPINIONS: Source = Source {
    service: SERVICE,
    statistic: "opinions",
    resource: "qinglian.oversight.v1.DeliberationOpinion",
    list_method: "/qinglian.oversight.v1.OversightService/ListOpinions",
};

/// The kinds counted together as "专项工作报告和预决算审查监督报告" (reports heard and deliberated).
pub const REPORT_KINDS: [OversightKind; 6] = [
    OversightKind::WorkReport,
    OversightKind::BudgetReview,
    OversightKind::FinalAccountsReview,
    OversightKind::AuditReport,
    OversightKind::StateAssetReport,
    OversightKind::PlanReview,
];

/// Oversight statistics over the service's store; an organisation's committees come from the
/// directory.
#[derive(Clone, Debug)]
pub struct OversightStatistics {
    store: Store,
    directory: DirectoryPeer,
}

/// One year of the work of some committees (or everyone's).
struct Scope {
    first: NaiveDate,
    last: NaiveDate,
    unit_ids: Vec<String>,
}

impl Scope {
    /// The AIP-160 filter over activities: `extra`, the year, the committee.
    fn activity_filter(&self, extra: &[String]) -> String {
        let mut parts = extra.to_vec();
        parts.push(self.filter("date"));
        parts.join(" AND ")
    }

    /// The AIP-160 filter over records dated by `date_field` in the year, of the scope's committees.
    fn filter(&self, date_field: &str) -> String {
        let mut parts = vec![figures::within(date_field, self.first, self.last)];
        if !self.unit_ids.is_empty() {
            parts.push(figures::any_of("organisation_unit_id", &self.unit_ids));
        }
        parts.join(" AND ")
    }

    /// Records whose committee, in `column`, is one of the scope's (every record when the scope has
    /// none).
    fn committees<C: ColumnTrait>(&self, column: C) -> Condition {
        if self.unit_ids.is_empty() {
            Condition::all()
        } else {
            Condition::all().add(column.is_in(self.unit_ids.clone()))
        }
    }

    /// The activities of the year (and committee) as a condition.
    fn activities(&self) -> Condition {
        Condition::all()
            .add(oversight_activity::Column::Date.between(self.first, self.last))
            .add(self.committees(oversight_activity::Column::OrganisationUnitId))
    }
}

impl OversightStatistics {
    /// Statistics of `store`, organisations resolved through `directory`.
    pub fn new(store: Store, directory: DirectoryPeer) -> Self {
        Self { store, directory }
    }

    /// The figures of `year` of the organisation `organisation_unit_id` and every unit below it, or
    /// of every committee when it is empty; INVALID_ARGUMENT when the directory has no such unit.
    pub async fn of_organisation(
        &self,
        year: i32,
        organisation_unit_id: &str,
    ) -> Result<(Vec<Figure>, Vec<String>), OversightError> {
        if organisation_unit_id.is_empty() {
            return self.of(year, &[]).await;
        }
        let units = match self.directory.subtree(organisation_unit_id).await {
            Err(PeerError::Missing { .. }) => {
                return Err(OversightError::invalid(
                    "organisation_unit_id",
                    "does not exist",
                ));
            }
            answer => answer?,
        };
        self.of(year, &units).await
    }

    /// The figures of `year` (of the activities of the committees `unit_ids`, or of all when empty)
    /// and the laws inspected, each once in the order first inspected.
    pub async fn of(
        &self,
        year: i32,
        unit_ids: &[String],
    ) -> Result<(Vec<Figure>, Vec<String>), OversightError> {
        let Some((first, last)) = figures::year_bounds(year) else {
            return Err(OversightError::invalid("year", "is not a valid year"));
        };
        let scope = Scope {
            first,
            last,
            unit_ids: unit_ids.to_vec(),
        };
        let conn = self.store.conn();
        let mut all = activities(conn, &scope).await?;
        let (law_figure, laws) = laws(conn, &scope).await?;
        all.push(law_figure);
        all.extend(records::documents(conn, &scope).await?);
        all.extend(records::opinions(conn, &scope).await?);
        Ok((all, laws))
    }
}

/// Activities per kind (and the reports heard, together) and per body overseen.
async fn activities(conn: &impl ConnectionTrait, scope: &Scope) -> Result<Vec<Figure>, DbErr> {
    let by_kind: Vec<(i32, i64)> = oversight_activity::Entity::find()
        .select_only()
        .column(oversight_activity::Column::Kind)
        .column_as(Expr::col(oversight_activity::Column::Id).count(), "count")
        .filter(scope.activities())
        .group_by(oversight_activity::Column::Kind)
        .order_by_asc(oversight_activity::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for (kind, n) in &by_kind {
        let kind = OversightKind::try_from(*kind).unwrap_or(OversightKind::Unspecified);
        let name = kind.as_str_name();
        out.push(ACTIVITIES.figure(
            format!("activities.{name}"),
            count(*n),
            labels::kind_unit_word(kind),
            labels::kind(kind).to_owned(),
            scope.activity_filter(&[format!("kind = {name}")]),
            &[],
        ));
    }
    let reports: i64 = by_kind
        .iter()
        .filter(|(kind, _)| REPORT_KINDS.iter().any(|k| *k as i32 == *kind))
        .map(|(_, n)| n)
        .sum();
    let report_kinds: Vec<String> = REPORT_KINDS
        .iter()
        .map(|k| k.as_str_name().to_owned())
        .collect();
    let kinds_condition = report_kinds
        .iter()
        .map(|k| format!("kind = {k}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    out.push(ACTIVITIES.figure(
        "activities.reports".to_owned(),
        count(reports),
        "个",
        "专项工作报告和预决算审查监督报告".to_owned(),
        scope.activity_filter(&[kinds_condition]),
        &[],
    ));
    let by_subject: Vec<(i32, i64)> = oversight_activity::Entity::find()
        .select_only()
        .column(oversight_activity::Column::Subject)
        .column_as(Expr::col(oversight_activity::Column::Id).count(), "count")
        .filter(scope.activities())
        .filter(oversight_activity::Column::Subject.ne(OversightSubject::Unspecified as i32))
        .group_by(oversight_activity::Column::Subject)
        .order_by_asc(oversight_activity::Column::Subject)
        .into_tuple()
        .all(conn)
        .await?;
    for (subject, n) in by_subject {
        let subject = OversightSubject::try_from(subject).unwrap_or(OversightSubject::Unspecified);
        let name = subject.as_str_name();
        out.push(ACTIVITIES.figure(
            format!("activities.subject.{name}"),
            count(n),
            "项",
            labels::subject(subject).to_owned(),
            scope.activity_filter(&[format!("subject = {name}")]),
            &[],
        ));
    }
    Ok(out)
}

/// The distinct laws inspected in the year, in the order first inspected, and their count (部).
async fn laws(conn: &impl ConnectionTrait, scope: &Scope) -> Result<(Figure, Vec<String>), DbErr> {
    // First inspected first: the order of the inspections' dates, then of the laws in each.
    let ordered: Vec<(String, NaiveDate, i32)> = activity_law::Entity::find()
        .select_only()
        .column(activity_law::Column::LawTitle)
        .column(oversight_activity::Column::Date)
        .column(activity_law::Column::Position)
        .join_rev(
            sea_orm::JoinType::InnerJoin,
            oversight_activity::Entity::belongs_to(activity_law::Entity)
                .from(oversight_activity::Column::Id)
                .to(activity_law::Column::ActivityId)
                .into(),
        )
        .filter(scope.activities())
        .filter(oversight_activity::Column::Kind.eq(OversightKind::LawEnforcementInspection as i32))
        .order_by_asc(oversight_activity::Column::Date)
        .order_by_asc(activity_law::Column::Position)
        .into_tuple()
        .all(conn)
        .await?;
    let mut laws: Vec<String> = Vec::new();
    for (title, _, _) in ordered {
        if !laws.contains(&title) {
            laws.push(title);
        }
    }
    let figure = LAWS.figure(
        "laws.inspected".to_owned(),
        count(i64::try_from(laws.len()).unwrap_or(i64::MAX)),
        "部",
        "检查法律法规实施情况".to_owned(),
        scope.activity_filter(&["kind = OVERSIGHT_KIND_LAW_ENFORCEMENT_INSPECTION".to_owned()]),
        &[],
    );
    Ok((figure, laws))
}
