//! The thresholds in force: a plan's own policy, else the global one, else the configured defaults.

use std::collections::HashMap;

use qinglian_api::tasks::v1::{self as pb, PolicySource};
use qinglian_domain::deadlines::Thresholds;
use qinglian_kit::auth::Caller;
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::prelude::DateTimeUtc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait};

use super::Escalations;
use crate::assignments::{require_plan_readable, require_plan_unit};
use crate::entities::{escalation_policy, plan};
use crate::error::TasksError;

/// The thresholds in force for a plan (empty: the global ones), and where they come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyInForce {
    /// The plan; empty for the global policy.
    pub plan_id: String,
    /// The thresholds.
    pub thresholds: Thresholds,
    /// When the stored policy was last set; none when nothing is stored for the plan.
    pub update_time: Option<DateTimeUtc>,
    /// Whether the thresholds are the plan's own, the global policy's or the defaults.
    pub source: PolicySource,
}

/// Every stored policy: the global one (if set) and each plan's.
#[derive(Clone, Debug)]
pub(crate) struct Policies {
    default: Thresholds,
    global_set: bool,
    by_plan: HashMap<String, Thresholds>,
}

impl Policies {
    /// The thresholds of `plan_id`.
    pub(crate) fn of(&self, plan_id: &str) -> Thresholds {
        self.by_plan.get(plan_id).copied().unwrap_or(self.default)
    }

    /// Where the thresholds of `plan_id` come from.
    pub(crate) fn source_of(&self, plan_id: &str) -> PolicySource {
        if self.by_plan.contains_key(plan_id) {
            PolicySource::Plan
        } else if self.global_set {
            PolicySource::Global
        } else {
            PolicySource::Defaults
        }
    }

    /// The widest GREEN threshold of any plan, bounding which tasks a sweep must look at.
    pub(crate) fn widest_green(&self) -> i64 {
        self.by_plan
            .values()
            .map(|t| t.green_days)
            .fold(self.default.green_days, i64::max)
    }
}

fn thresholds(row: &escalation_policy::Model) -> Thresholds {
    Thresholds {
        green_days: i64::from(row.green_days),
        yellow_days: i64::from(row.yellow_days),
    }
}

impl Escalations {
    /// Loads every policy (a handful of rows).
    pub(super) async fn policies(
        &self,
        conn: &impl ConnectionTrait,
    ) -> Result<Policies, TasksError> {
        let mut default = Thresholds {
            green_days: i64::from(self.work.green_days),
            yellow_days: i64::from(self.work.yellow_days),
        };
        let mut by_plan = HashMap::new();
        let mut global_set = false;
        for row in escalation_policy::Entity::find().all(conn).await? {
            if row.plan_id.is_empty() {
                default = thresholds(&row);
                global_set = true;
            } else {
                by_plan.insert(row.plan_id.clone(), thresholds(&row));
            }
        }
        Ok(Policies {
            default,
            global_set,
            by_plan,
        })
    }

    /// The policy in force for `plan_id` (empty: the global one), of a plan the caller may read; an
    /// unknown plan is refused as `SetEscalationPolicy` refuses it.
    pub async fn get_policy(
        &self,
        caller: &Caller,
        plan_id: &str,
    ) -> Result<PolicyInForce, TasksError> {
        let conn = self.store.conn();
        if !plan_id.is_empty() {
            require_plan_readable(conn, caller, plan_id).await?;
            if plan::Entity::find_by_id(plan_id.to_owned())
                .one(conn)
                .await?
                .is_none()
            {
                return Err(TasksError::invalid("plan_id", "does not exist"));
            }
        }
        let stored = escalation_policy::Entity::find_by_id(plan_id.to_owned())
            .one(conn)
            .await?;
        let policies = self.policies(conn).await?;
        Ok(PolicyInForce {
            plan_id: plan_id.to_owned(),
            thresholds: policies.of(plan_id),
            update_time: stored.map(|row| row.update_time),
            source: policies.source_of(plan_id),
        })
    }

    /// Sets the thresholds of a plan or the global ones. Admin only (checked by the adapter); a scoped
    /// admin sets those of a plan issued within its scope, never the global ones.
    pub async fn set_policy(
        &self,
        caller: &Caller,
        context: MutationContext,
        plan_id: &str,
        green_days: i32,
        yellow_days: i32,
    ) -> Result<escalation_policy::Model, TasksError> {
        if plan_id.is_empty() {
            caller.require_unscoped("set the global escalation policy")?;
        }
        require_plan_unit(self.store.conn(), caller, plan_id).await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(policy) => return Ok(policy),
            Begun::Fresh(mutation) => mutation,
        };
        if !plan_id.is_empty()
            && plan::Entity::find_by_id(plan_id.to_owned())
                .one(mutation.txn())
                .await?
                .is_none()
        {
            return Err(TasksError::invalid("policy.plan_id", "does not exist"));
        }
        let before = escalation_policy::Entity::find_by_id(plan_id.to_owned())
            .one(mutation.txn())
            .await?;
        let row = escalation_policy::Model {
            plan_id: plan_id.to_owned(),
            green_days,
            yellow_days,
            update_time: mutation.now(),
        };
        let active = escalation_policy::ActiveModel::from(row.clone());
        let published = pb::EscalationPolicy::from(&PolicyInForce {
            plan_id: plan_id.to_owned(),
            thresholds: thresholds(&row),
            update_time: Some(row.update_time),
            source: if plan_id.is_empty() {
                PolicySource::Global
            } else {
                PolicySource::Plan
            },
        });
        let key = if plan_id.is_empty() {
            "global"
        } else {
            plan_id
        };
        let change = match &before {
            Some(before) => {
                active.reset_all().update(mutation.txn()).await?;
                Change::updated(key, before, &row, &published)
            }
            None => {
                active.insert(mutation.txn()).await?;
                Change::created(key, &row, &published)
            }
        };
        mutation.record(change).await?;
        mutation.commit(&row).await?;
        Ok(row)
    }
}
