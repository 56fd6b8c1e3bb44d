//! Sending a signed opinion: each item is filed as a problem in the supervision service's
//! rectification ledger, then the opinion is marked sent with the ledger's problem ids.
//!
//! The ledger is called before the local mutation begins, never inside it: a mutation serialises every
//! write of this service, and a slow or absent ledger must not hold them up. Each item is filed under a
//! request id derived from the opinion and the item's position, so the ledger answers a retry with the
//! problem it filed the first time. A retry after the ledger has forgotten those request ids (past
//! its idempotency retention) finds the problems already filed for the opinion by their source and
//! takes them instead of filing again, so no item is ever filed twice.

use chrono::{Days, NaiveDate};
use qinglian_api::common::v1::Accountability;
use qinglian_api::oversight::v1::OpinionState;
use qinglian_api::supervision::v1::{
    Problem, ProblemSeverity, ProblemSource, ProblemSourceRef, Responsibility,
};
use qinglian_store::{Begun, MutationContext, StoreError, etag};
use sea_orm::ActiveModelTrait;

use super::records::{OpinionRecord, opinion_record};
use super::{Opinions, require_state, save};
use crate::entities::opinion_item;
use crate::error::OversightError;

/// The ledger category of problems that come from deliberation opinions.
const LEDGER_CATEGORY: &str = "人大审议意见";

/// The request id under which item `position` of opinion `opinion_id` is filed in the ledger.
fn filing_request_id(opinion_id: &str, position: i32) -> String {
    format!("opinion-{opinion_id}-item-{position}")
}

/// The ledger problem for `item` of an opinion addressed to `unit_id`. It carries no found date: the
/// ledger takes the day it first files the problem, which is the day the opinion is sent, and the
/// request stays the same on a retry the next day, so the ledger still recognises it by its request id
/// instead of refusing it as a different request.
fn ledger_problem(item: &opinion_item::Model, unit_id: &str) -> Problem {
    Problem {
        sources: vec![ProblemSourceRef {
            source: ProblemSource::PeoplesCongress as i32,
            reference: item.opinion_id.clone(),
            link_time: None,
        }],
        unit_id: unit_id.to_owned(),
        description: format!("{}（建议：{}）", item.problem, item.recommendation),
        category: LEDGER_CATEGORY.to_owned(),
        severity: ProblemSeverity::Significant as i32,
        responsibilities: vec![Responsibility {
            unit_id: unit_id.to_owned(),
            person_id: String::new(),
            accountability: Accountability::Primary as i32,
        }],
        ..Default::default()
    }
}

/// Removes from `filed` and returns the id of a problem filed earlier for the same item as `problem`
/// (same unit and text); items with the same text each take one.
fn take_filed(filed: &mut Vec<Problem>, problem: &Problem) -> Option<String> {
    let position = filed
        .iter()
        .position(|p| p.unit_id == problem.unit_id && p.description == problem.description)?;
    Some(filed.swap_remove(position).id)
}

impl Opinions {
    /// Sends a signed opinion: files its items in the ledger, then marks it sent today with the
    /// handling deadline given or `handling_days` after today. When the ledger cannot be reached the
    /// call fails with UNAVAILABLE and the opinion stays signed; the same request later completes it.
    pub async fn send(
        &self,
        context: MutationContext,
        id: &str,
        handling_deadline: Option<NaiveDate>,
        given_etag: &str,
    ) -> Result<OpinionRecord, OversightError> {
        let today = self.today();
        let deadline = match handling_deadline {
            Some(deadline) => deadline,
            None => today
                .checked_add_days(Days::new(u64::from(self.settings.handling_days)))
                .ok_or_else(|| {
                    OversightError::invalid("handling_deadline", "is past the last date supported")
                })?,
        };
        // Only a signed opinion is filed. Anything else goes straight to the mutation, which returns
        // the first response of a request already completed, or refuses the state.
        let current = opinion_record(self.store.conn(), id).await?;
        let signed = current.opinion.state == OpinionState::Signed as i32;
        let mut problem_ids = Vec::with_capacity(current.items.len());
        if signed {
            etag::check(given_etag, current.opinion.version)?;
            let mut filed = self.ledger.filed_for_opinion(id).await?;
            for item in &current.items {
                let problem = ledger_problem(item, &current.opinion.addressee_unit_id);
                let problem_id = match take_filed(&mut filed, &problem) {
                    Some(already) => already,
                    None => {
                        let request_id = filing_request_id(id, item.position);
                        self.ledger.file_problem(problem, request_id).await?.id
                    }
                };
                problem_ids.push(problem_id);
            }
        }
        let mutation = match self.store.begin(context).await? {
            Begun::Replayed(record) => return Ok(record),
            Begun::Fresh(mutation) => mutation,
        };
        let before = opinion_record(mutation.txn(), id).await?;
        etag::check(given_etag, before.opinion.version)?;
        require_state(&before.opinion, OpinionState::Signed, "send")?;
        if !signed || before.opinion.version != current.opinion.version {
            // Signed by someone else after the items were looked at: nothing was filed for it.
            return Err(StoreError::EtagMismatch.into());
        }
        let mut after = before.clone();
        for (item, problem_id) in after.items.iter_mut().zip(problem_ids) {
            item.ledger_problem_id = problem_id;
            opinion_item::ActiveModel::from(item.clone())
                .reset_all()
                .update(mutation.txn())
                .await?;
        }
        after.opinion.state = OpinionState::Sent as i32;
        after.opinion.sent_date = Some(today);
        after.opinion.handling_deadline = Some(deadline);
        save(mutation, &before, after).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_becomes_a_peoples_congress_problem_of_the_addressee() {
        let item = opinion_item::Model {
            opinion_id: "o-1".into(),
            position: 2,
            problem: "公交线网覆盖不足".into(),
            recommendation: "优化线网布局".into(),
            ledger_problem_id: String::new(),
        };
        let problem = ledger_problem(&item, "u-1");
        assert_eq!(
            problem.description,
            "公交线网覆盖不足（建议：优化线网布局）"
        );
        assert_eq!(problem.sources[0].reference, "o-1");
        assert_eq!(
            problem.sources[0].source,
            ProblemSource::PeoplesCongress as i32
        );
        assert_eq!(problem.responsibilities[0].unit_id, "u-1");
        assert!(problem.found_date.is_empty(), "the ledger dates it");
        assert_eq!(filing_request_id("o-1", 2), "opinion-o-1-item-2");
    }
}
