//! Drafting, reading and the local steps of an opinion's life: signing, the handling report and the
//! satisfaction vote. Sending, which also files the items in the ledger, is in `sending`.

use qinglian_api::oversight::v1::{self as pb, OpinionState};
use qinglian_kit::auth::Reach;
use qinglian_store::page::{self, ListRequest};
use qinglian_store::{Begun, Change, MutationContext, etag};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryFilter};

use super::records::{OpinionRecord, items_of, list_spec, opinion_record};
use super::{HandlingReportFields, OpinionFields, Opinions, VoteFields, require_state, save};
use crate::directory::require_unit;
use crate::entities::{deliberation_opinion, opinion_item, oversight_activity};
use crate::error::OversightError;

impl Opinions {
    /// Drafts an opinion after checking its addressee in the directory and its activity in this
    /// service; either missing is INVALID_ARGUMENT on its field, nothing written.
    pub async fn draft(
        &self,
        context: MutationContext,
        new: OpinionFields,
    ) -> Result<OpinionRecord, OversightError> {
        require_unit(
            &self.directory,
            "opinion.addressee_unit_id",
            &new.addressee_unit_id,
        )
        .await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let Some(activity) = oversight_activity::Entity::find_by_id(new.activity_id.clone())
            .one(mutation.txn())
            .await?
        else {
            return Err(OversightError::invalid(
                "opinion.activity_id",
                "does not exist",
            ));
        };
        let now = mutation.now();
        let opinion = deliberation_opinion::Model {
            id: uuid::Uuid::now_v7().to_string(),
            activity_id: new.activity_id,
            organisation_unit_id: activity.organisation_unit_id,
            addressee_unit_id: new.addressee_unit_id,
            overall_assessment: new.overall_assessment,
            state: OpinionState::Draft as i32,
            signed_by: String::new(),
            sent_date: None,
            handling_deadline: None,
            handling_report: String::new(),
            handling_report_date: None,
            satisfied: 0,
            basically_satisfied: 0,
            unsatisfied: 0,
            vote_date: None,
            version: 1,
            create_time: now,
            update_time: now,
        };
        deliberation_opinion::ActiveModel::from(opinion.clone())
            .insert(mutation.txn())
            .await?;
        let mut items = Vec::with_capacity(new.items.len());
        for (position, item) in new.items.into_iter().enumerate() {
            let row = opinion_item::Model {
                opinion_id: opinion.id.clone(),
                position: i32::try_from(position).unwrap_or(i32::MAX),
                problem: item.problem,
                recommendation: item.recommendation,
                ledger_problem_id: String::new(),
            };
            opinion_item::ActiveModel::from(row.clone())
                .insert(mutation.txn())
                .await?;
            items.push(row);
        }
        let record = OpinionRecord { opinion, items };
        mutation
            .record(Change::created(
                &record.opinion.id,
                &record,
                &pb::DeliberationOpinion::from(&record),
            ))
            .await?;
        mutation.commit(&record).await?;
        Ok(record)
    }

    /// One opinion of a committee within `reach`, with its items.
    pub async fn get(&self, reach: &Reach, id: &str) -> Result<OpinionRecord, OversightError> {
        let found = opinion_record(self.store.conn(), id).await;
        reach.admit(found, |r| vec![r.opinion.organisation_unit_id.as_str()])
    }

    /// One page of the opinions of committees within `reach`, with their items.
    pub async fn list(
        &self,
        reach: &Reach,
        request: &ListRequest<'_>,
    ) -> Result<(Vec<OpinionRecord>, String), OversightError> {
        let conn = self.store.conn();
        let page = page::list(
            conn,
            &list_spec(),
            deliberation_opinion::Entity::find()
                .filter(reach.condition(deliberation_opinion::Column::OrganisationUnitId)),
            request,
        )
        .await?;
        let ids: Vec<String> = page.items.iter().map(|o| o.id.clone()).collect();
        let mut items = items_of(conn, &ids).await?;
        let records = page
            .items
            .into_iter()
            .map(|opinion| OpinionRecord {
                items: items.remove(&opinion.id).unwrap_or_default(),
                opinion,
            })
            .collect();
        Ok((records, page.next_page_token))
    }

    /// Signs a draft; the caller becomes its signer.
    pub async fn sign(
        &self,
        context: MutationContext,
        id: &str,
        given_etag: &str,
    ) -> Result<OpinionRecord, OversightError> {
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let before = opinion_record(mutation.txn(), id).await?;
        etag::check(given_etag, before.opinion.version)?;
        require_state(&before.opinion, OpinionState::Draft, "sign")?;
        let mut after = before.clone();
        after.opinion.state = OpinionState::Signed as i32;
        after.opinion.signed_by = mutation.actor().subject.clone();
        save(mutation, &before, after).await
    }

    /// Records the body's report on a sent opinion; it cannot have arrived before the opinion was
    /// sent.
    pub async fn record_handling_report(
        &self,
        context: MutationContext,
        id: &str,
        report: HandlingReportFields,
    ) -> Result<OpinionRecord, OversightError> {
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let before = opinion_record(mutation.txn(), id).await?;
        require_state(
            &before.opinion,
            OpinionState::Sent,
            "record a handling report",
        )?;
        if before
            .opinion
            .sent_date
            .is_some_and(|sent| report.report_date < sent)
        {
            return Err(OversightError::invalid(
                "report_date",
                "must not be before the opinion was sent",
            ));
        }
        let mut after = before.clone();
        after.opinion.state = OpinionState::Handled as i32;
        after.opinion.handling_report = report.text;
        after.opinion.handling_report_date = Some(report.report_date);
        save(mutation, &before, after).await
    }

    /// Records the committee's satisfaction vote on a handled opinion; it cannot precede the handling
    /// report.
    pub async fn record_satisfaction_vote(
        &self,
        context: MutationContext,
        id: &str,
        vote: VoteFields,
    ) -> Result<OpinionRecord, OversightError> {
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let before = opinion_record(mutation.txn(), id).await?;
        require_state(
            &before.opinion,
            OpinionState::Handled,
            "record a satisfaction vote",
        )?;
        if before
            .opinion
            .handling_report_date
            .is_some_and(|reported| vote.vote_date < reported)
        {
            return Err(OversightError::invalid(
                "vote.vote_date",
                "must not be before the handling report arrived",
            ));
        }
        let mut after = before.clone();
        after.opinion.state = OpinionState::Voted as i32;
        after.opinion.satisfied = vote.satisfied;
        after.opinion.basically_satisfied = vote.basically_satisfied;
        after.opinion.unsatisfied = vote.unsatisfied;
        after.opinion.vote_date = Some(vote.vote_date);
        save(mutation, &before, after).await
    }
}
