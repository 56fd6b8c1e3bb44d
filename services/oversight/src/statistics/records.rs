//! Filing review and deliberation opinions counted by the days things happened to them in the year.

use qinglian_api::common::v1::Figure;
use qinglian_domain::figures::{count, percent};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::{DOCUMENTS, OPINIONS, Scope};
use crate::entities::{deliberation_opinion, normative_document};

/// How many records of `E` of the scope's committees (in `organisation`) have their `date` within
/// the year (`id` is counted).
async fn dated_within<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    [id, organisation, date]: [E::Column; 3],
    scope: &Scope,
) -> Result<i64, DbErr> {
    let n: Option<i64> = E::find()
        .select_only()
        .column_as(Expr::col(id).count(), "count")
        .filter(date.between(scope.first, scope.last))
        .filter(scope.committees(organisation))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.unwrap_or(0))
}

/// Documents filed, reviewed and corrected in the year.
pub(super) async fn documents(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    use normative_document::Column as C;
    let mut out = Vec::new();
    for (key, column, field, label) in [
        (
            "documents.filed",
            C::FilingDate,
            "filing_date",
            "报备规范性文件",
        ),
        (
            "documents.reviewed",
            C::ReviewDate,
            "review_date",
            "备案审查规范性文件",
        ),
        (
            "documents.corrected",
            C::CorrectionDate,
            "correction_date",
            "纠正规范性文件",
        ),
    ] {
        let n = dated_within::<normative_document::Entity>(
            conn,
            [C::Id, C::OrganisationUnitId, column],
            scope,
        )
        .await?;
        out.push(DOCUMENTS.figure(
            key.to_owned(),
            count(n),
            "件",
            label.to_owned(),
            scope.filter(field),
            &[],
        ));
    }
    Ok(out)
}

/// Opinions sent, handled and voted on in the year, and the share of satisfied votes.
pub(super) async fn opinions(
    conn: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<Figure>, DbErr> {
    use deliberation_opinion::Column as C;
    let mut out = Vec::new();
    for (key, column, field, label) in [
        ("opinions.sent", C::SentDate, "sent_date", "交办审议意见"),
        (
            "opinions.handled",
            C::HandlingReportDate,
            "handling_report_date",
            "审议意见办理报告",
        ),
    ] {
        let n = dated_within::<deliberation_opinion::Entity>(
            conn,
            [C::Id, C::OrganisationUnitId, column],
            scope,
        )
        .await?;
        out.push(OPINIONS.figure(
            key.to_owned(),
            count(n),
            "件",
            label.to_owned(),
            scope.filter(field),
            &[],
        ));
    }
    let (voted, satisfied, basically, unsatisfied): (i64, i64, i64, i64) =
        deliberation_opinion::Entity::find()
            .select_only()
            .column_as(Expr::col(C::Id).count(), "voted")
            .column_as(Expr::cust("COALESCE(SUM(satisfied), 0)"), "satisfied")
            .column_as(
                Expr::cust("COALESCE(SUM(basically_satisfied), 0)"),
                "basically",
            )
            .column_as(Expr::cust("COALESCE(SUM(unsatisfied), 0)"), "unsatisfied")
            .filter(C::VoteDate.between(scope.first, scope.last))
            .filter(scope.committees(C::OrganisationUnitId))
            .into_tuple()
            .one(conn)
            .await?
            .unwrap_or((0, 0, 0, 0));
    out.push(OPINIONS.figure(
        "opinions.voted".to_owned(),
        count(voted),
        "件",
        "满意度测评".to_owned(),
        scope.filter("vote_date"),
        &[],
    ));
    if let Some(rate) = percent(satisfied + basically, satisfied + basically + unsatisfied) {
        out.push(OPINIONS.figure(
            "opinions.satisfaction_rate".to_owned(),
            rate,
            "%",
            "满意和基本满意票占比".to_owned(),
            scope.filter("vote_date"),
            &[],
        ));
    }
    Ok(out)
}
