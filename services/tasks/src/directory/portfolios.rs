//! Portfolios (分管): the units a leadership-team member oversees.

use std::collections::HashSet;

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Caller;
use qinglian_store::{Begun, Change, MutationContext, etag};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::PortfolioRecord;
use super::{Directory, find_person, find_unit, require_scope};
use crate::entities::{portfolio, portfolio_unit};
use crate::error::TasksError;

impl Directory {
    /// Replaces a leadership-team member's portfolio with `unit_ids`.
    pub async fn set_portfolio(
        &self,
        caller: &Caller,
        context: MutationContext,
        person_id: &str,
        unit_ids: Vec<String>,
        given_etag: &str,
    ) -> Result<PortfolioRecord, TasksError> {
        let mut seen = HashSet::new();
        if let Some((i, _)) = unit_ids
            .iter()
            .enumerate()
            .find(|(_, id)| !seen.insert(id.as_str()))
        {
            return Err(TasksError::invalid(
                format!("unit_ids[{i}]"),
                "is given twice",
            ));
        }
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let person = find_person(mutation.txn(), person_id).await?;
        let home = match &person {
            Some(person) => find_unit(mutation.txn(), &person.unit_id).await?,
            None => None,
        };
        require_scope(caller, home.as_ref().map(|u| u.path.as_str()))?;
        let person = person.ok_or_else(|| TasksError::not_found("person", person_id))?;
        if !person.leadership_team_member {
            return Err(TasksError::precondition(
                "NOT_LEADERSHIP_TEAM_MEMBER",
                "only a leadership-team member can hold a portfolio",
            ));
        }
        let mut missing = Vec::new();
        for (i, unit_id) in unit_ids.iter().enumerate() {
            if find_unit(mutation.txn(), unit_id).await?.is_none() {
                missing.push(qinglian_kit::status::FieldViolation::new(
                    format!("unit_ids[{i}]"),
                    "does not exist",
                ));
            }
        }
        if !missing.is_empty() {
            return Err(TasksError::InvalidArgument(missing));
        }
        let before = load(mutation.txn(), person_id).await?;
        etag::check(
            given_etag,
            before.portfolio.as_ref().map_or(0, |p| p.version),
        )?;

        let txn = mutation.txn();
        portfolio_unit::Entity::delete_many()
            .filter(portfolio_unit::Column::PersonId.eq(person_id))
            .exec(txn)
            .await?;
        for (position, unit_id) in unit_ids.iter().enumerate() {
            portfolio_unit::ActiveModel {
                person_id: Set(person_id.to_owned()),
                unit_id: Set(unit_id.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            }
            .insert(txn)
            .await?;
        }
        let row = portfolio::Model {
            person_id: person_id.to_owned(),
            version: before.portfolio.as_ref().map_or(1, |p| p.version + 1),
            update_time: mutation.now(),
        };
        if before.portfolio.is_some() {
            portfolio::ActiveModel::from(row.clone())
                .reset_all()
                .update(txn)
                .await?;
        } else {
            portfolio::ActiveModel::from(row.clone())
                .insert(txn)
                .await?;
        }
        let after = PortfolioRecord {
            person_id: person_id.to_owned(),
            portfolio: Some(row),
            unit_ids,
        };
        let published = pb::Portfolio::from(&after);
        let change = if before.portfolio.is_some() {
            Change::updated(person_id, &before, &after, &published)
        } else {
            Change::created(person_id, &after, &published)
        };
        mutation.record(change).await?;
        mutation.commit(&after).await?;
        Ok(after)
    }

    /// The portfolio of a person within the caller's scope; empty when never set. NOT_FOUND when the
    /// person does not exist.
    pub async fn get_portfolio(
        &self,
        caller: &Caller,
        person_id: &str,
    ) -> Result<PortfolioRecord, TasksError> {
        self.get_person(caller, person_id).await?;
        load(self.store.conn(), person_id).await
    }
}

async fn load(conn: &impl ConnectionTrait, person_id: &str) -> Result<PortfolioRecord, TasksError> {
    let row = portfolio::Entity::find_by_id(person_id.to_owned())
        .one(conn)
        .await?;
    let unit_ids = portfolio_unit::Entity::find()
        .filter(portfolio_unit::Column::PersonId.eq(person_id))
        .order_by_asc(portfolio_unit::Column::Position)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| u.unit_id)
        .collect();
    Ok(PortfolioRecord {
        person_id: person_id.to_owned(),
        portfolio: row,
        unit_ids,
    })
}
