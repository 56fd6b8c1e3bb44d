//! The names a report quotes beside the figures: inspection teams, regulations revised, warning films.
//! A handful of short rows per year, read in date order and kept once each.

use qinglian_api::supervision::v1::EducationKind;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::Scope;
use crate::entities::{education_activity, inspection_tour, regulation, regulation_revision};

/// The names of a year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    /// Inspection teams, earliest tour first.
    pub tour_teams: Vec<String>,
    /// Regulations revised, earliest revision first.
    pub regulations_revised: Vec<String>,
    /// Warning films, earliest showing first.
    pub warning_films: Vec<String>,
}

fn once(names: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        if !kept.contains(&name) {
            kept.push(name);
        }
    }
    kept
}

/// The names of `scope`'s year and subtree.
pub(crate) async fn names(conn: &impl ConnectionTrait, scope: &Scope) -> Result<Names, DbErr> {
    let tour_teams: Vec<String> = inspection_tour::Entity::find()
        .select_only()
        .column(inspection_tour::Column::TeamName)
        .filter(inspection_tour::Column::StartDate.between(scope.first, scope.last))
        .filter(inspection_tour::Column::InspectedUnitId.is_in(scope.unit_ids.clone()))
        .order_by_asc(inspection_tour::Column::StartDate)
        .order_by_asc(inspection_tour::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    let revised_ids: Vec<String> = regulation_revision::Entity::find()
        .select_only()
        .column(regulation_revision::Column::RegulationId)
        .filter(regulation_revision::Column::Version.gt(1))
        .filter(regulation_revision::Column::EffectiveDate.between(scope.first, scope.last))
        .filter(
            regulation_revision::Column::RegulationId.in_subquery(
                Query::select()
                    .column(regulation::Column::Id)
                    .from(regulation::Entity)
                    .and_where(
                        Expr::col(regulation::Column::IssuingUnitId).is_in(scope.unit_ids.clone()),
                    )
                    .to_owned(),
            ),
        )
        .order_by_asc(regulation_revision::Column::EffectiveDate)
        .order_by_asc(regulation_revision::Column::RegulationId)
        .into_tuple()
        .all(conn)
        .await?;
    let mut regulations_revised = Vec::new();
    for id in once(revised_ids) {
        if let Some(rule) = regulation::Entity::find_by_id(id).one(conn).await? {
            regulations_revised.push(rule.title);
        }
    }
    let warning_films: Vec<String> = education_activity::Entity::find()
        .select_only()
        .column(education_activity::Column::Title)
        .filter(education_activity::Column::Kind.eq(EducationKind::WarningFilm as i32))
        .filter(education_activity::Column::Date.between(scope.first, scope.last))
        .filter(education_activity::Column::OrganisingUnitId.is_in(scope.unit_ids.clone()))
        .order_by_asc(education_activity::Column::Date)
        .order_by_asc(education_activity::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(Names {
        tour_teams: once(tour_teams),
        regulations_revised: once(regulations_revised),
        warning_films: once(warning_films),
    })
}
