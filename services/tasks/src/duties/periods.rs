//! Materialised periods: the periods of a rule with the revision judging each and the subjects
//! expected in it, planned from the rule's revisions and the directory, and frozen once over.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::revisions::{schedule_of, selection_of};
use super::schedule::Period;
use super::subjects::{self, Subject};
use crate::directory::find_unit;
use crate::duties::RuleRecord;
use crate::entities::{duty_expectation, duty_period, duty_rule_revision};
use crate::error::TasksError;

/// A period as it should be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PlannedPeriod {
    period: Period,
    revision: i32,
    expected: i32,
    subjects: BTreeSet<Subject>,
}

/// What must change for the stored periods of one rule to be as they should.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Stored periods to remove, by first day.
    remove: Vec<NaiveDate>,
    /// Periods to store (after removing any stored one with the same first day).
    put: Vec<PlannedPeriod>,
}

impl Changes {
    /// Whether everything is in place.
    pub(super) fn is_empty(&self) -> bool {
        self.remove.is_empty() && self.put.is_empty()
    }
}

/// The periods of `rule` overlapping `from..=to`, each with the revision in force on its first day:
/// a revision governs the periods of its schedule that begin between its effective date (included;
/// for the first revision, any time) and the next revision's (excluded).
fn scheduled(
    rule: &RuleRecord,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(Period, &duty_rule_revision::Model)>, TasksError> {
    let mut revisions: Vec<&duty_rule_revision::Model> = rule.revisions.iter().collect();
    revisions.sort_by_key(|r| (r.effective_date, r.revision));
    let mut periods = Vec::new();
    for (i, revision) in revisions.iter().enumerate() {
        let lower = (i > 0).then_some(revision.effective_date);
        let upper = revisions.get(i + 1).map(|next| next.effective_date);
        for period in schedule_of(revision)?.periods(from, to, (lower, upper)) {
            periods.push((period, *revision));
        }
    }
    periods.sort_by_key(|(period, _)| *period);
    Ok(periods)
}

/// Plans the stored periods of `rule` overlapping `from..=to` as of `today`. A stored period that is
/// over and was planned under the revision that judges it is frozen and left alone; every other
/// scheduled period is planned from the directory as it stands, and stored periods no longer scheduled
/// (planned before a revision replaced them, so never begun under them) are removed.
pub(super) async fn plan(
    conn: &impl ConnectionTrait,
    rule: &RuleRecord,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Changes, TasksError> {
    let rule_id = &rule.rule.id;
    let scheduled = scheduled(rule, from, to)?;
    let stored: BTreeMap<NaiveDate, duty_period::Model> = duty_period::Entity::find()
        .filter(duty_period::Column::RuleId.eq(rule_id))
        .filter(duty_period::Column::StartDate.lte(to))
        .filter(duty_period::Column::EndDate.gte(from))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.start_date, p))
        .collect();
    let mut changes = Changes::default();
    let starts: BTreeSet<NaiveDate> = scheduled.iter().map(|(p, _)| p.start).collect();
    changes.remove = stored
        .keys()
        .filter(|start| !starts.contains(start))
        .copied()
        .collect();

    let mut open = Vec::new();
    for (period, revision) in &scheduled {
        match stored.get(&period.start) {
            Some(row)
                if row.end_date < today
                    && row.end_date == period.end
                    && row.revision == revision.revision => {}
            _ => open.push((*period, *revision)),
        }
    }
    if open.is_empty() {
        return Ok(changes);
    }
    let held = expectations(conn, rule_id, open.iter().map(|(p, _)| p.start)).await?;
    let unit_path = find_unit(conn, &rule.rule.unit_id).await?.map(|u| u.path);
    let mut resolved: HashMap<i32, BTreeSet<Subject>> = HashMap::new();
    for (period, revision) in open {
        let subjects = match resolved.get(&revision.revision) {
            Some(subjects) => subjects.clone(),
            None => {
                let selection = selection_of(revision)?;
                let subjects = subjects::resolve(conn, unit_path.as_deref(), &selection).await?;
                resolved.insert(revision.revision, subjects.clone());
                subjects
            }
        };
        let planned = PlannedPeriod {
            period,
            revision: revision.revision,
            expected: revision.expected_count,
            subjects,
        };
        match stored.get(&period.start) {
            Some(row)
                if row.end_date == period.end
                    && row.revision == planned.revision
                    && row.expected_count == planned.expected
                    && held.get(&period.start).unwrap_or(&BTreeSet::new()) == &planned.subjects => {
            }
            Some(_) => {
                changes.remove.push(period.start);
                changes.put.push(planned);
            }
            None => changes.put.push(planned),
        }
    }
    Ok(changes)
}

/// Writes `changes` for the rule `rule_id`; to be called inside a mutation.
pub(super) async fn apply(
    conn: &impl ConnectionTrait,
    rule_id: &str,
    changes: Changes,
    now: DateTime<Utc>,
) -> Result<(), TasksError> {
    for start in changes.remove {
        duty_expectation::Entity::delete_many()
            .filter(duty_expectation::Column::RuleId.eq(rule_id))
            .filter(duty_expectation::Column::PeriodStart.eq(start))
            .exec(conn)
            .await?;
        duty_period::Entity::delete_by_id((rule_id.to_owned(), start))
            .exec(conn)
            .await?;
    }
    for planned in changes.put {
        duty_period::ActiveModel::from(duty_period::Model {
            rule_id: rule_id.to_owned(),
            start_date: planned.period.start,
            end_date: planned.period.end,
            revision: planned.revision,
            expected_count: planned.expected,
            evaluate_time: now,
        })
        .insert(conn)
        .await?;
        let rows: Vec<duty_expectation::ActiveModel> = planned
            .subjects
            .into_iter()
            .map(|subject| {
                duty_expectation::ActiveModel::from(duty_expectation::Model {
                    rule_id: rule_id.to_owned(),
                    period_start: planned.period.start,
                    person_id: subject.person_id,
                    unit_id: subject.unit_id,
                })
            })
            .collect();
        // Bounded batches keep each statement under the backends' limits on bound parameters.
        for batch in rows.chunks(200) {
            duty_expectation::Entity::insert_many(batch.to_vec())
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

/// The stored periods of `rule_id` that contain `date`.
pub(super) async fn containing(
    conn: &impl ConnectionTrait,
    rule_id: &str,
    date: NaiveDate,
) -> Result<Vec<duty_period::Model>, TasksError> {
    Ok(duty_period::Entity::find()
        .filter(duty_period::Column::RuleId.eq(rule_id))
        .filter(duty_period::Column::StartDate.lte(date))
        .filter(duty_period::Column::EndDate.gte(date))
        .all(conn)
        .await?)
}

/// Whether `subject` is expected in the stored period of `rule_id` beginning on `start`.
pub(super) async fn expects(
    conn: &impl ConnectionTrait,
    rule_id: &str,
    start: NaiveDate,
    subject: &Subject,
) -> Result<bool, TasksError> {
    Ok(duty_expectation::Entity::find_by_id((
        rule_id.to_owned(),
        start,
        subject.person_id.clone(),
        subject.unit_id.clone(),
    ))
    .one(conn)
    .await?
    .is_some())
}

/// The stored subjects of the periods of `rule_id` beginning on `starts`.
async fn expectations(
    conn: &impl ConnectionTrait,
    rule_id: &str,
    starts: impl Iterator<Item = NaiveDate>,
) -> Result<BTreeMap<NaiveDate, BTreeSet<Subject>>, TasksError> {
    let mut held: BTreeMap<NaiveDate, BTreeSet<Subject>> = BTreeMap::new();
    let rows = duty_expectation::Entity::find()
        .filter(duty_expectation::Column::RuleId.eq(rule_id))
        .filter(duty_expectation::Column::PeriodStart.is_in(starts))
        .all(conn)
        .await?;
    for row in rows {
        held.entry(row.period_start).or_default().insert(Subject {
            person_id: row.person_id,
            unit_id: row.unit_id,
        });
    }
    Ok(held)
}
