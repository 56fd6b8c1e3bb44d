//! The sweep: reads the candidates in keyset batches (memory stays flat however many there are), judges
//! each one's level, and raises the levels above the current one in one serialised mutation per batch.
//! Because mutations of a service run one at a time and [`Ladder::raise`] reads the subject again inside
//! its mutation, two sweeps at once (two replicas) never raise the same level of a subject twice.

use std::future::Future;

use chrono::{NaiveDate, TimeDelta};
use qinglian_store::{Begun, Mutation, MutationContext, Store, StoreError};
use sea_orm::DatabaseConnection;

use super::{Level, SweepOutcome, Thresholds, level_on};
use qinglian_kit::metrics::EscalationCounter;

/// A subject that may be due for a warning, as read outside any mutation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The subject's id; also the keyset cursor of the sweep.
    pub id: String,
    /// The day it falls due; RED once this day has passed.
    pub due_date: NaiveDate,
    /// The highest level already raised for it.
    pub current: Level,
    /// The thresholds in force for it.
    pub thresholds: Thresholds,
}

/// What a service supplies to run the ladder over its own subjects. One value describes one sweep: it
/// may hold the thresholds it loaded for it.
pub trait Ladder: Sync {
    /// The service's error; the sweep's own store failures convert into it.
    type Error: From<StoreError> + Send;

    /// Candidates read per batch, and so raised per mutation at most.
    const BATCH: u64 = 500;

    /// The widest GREEN threshold of any candidate, in days: subjects due later than today plus this
    /// cannot be due for anything and are never read.
    fn widest_green_days(&self) -> i64;

    /// Up to `limit` open subjects below RED with ids after `after` (the empty string comes before every
    /// id) due on or before `horizon`, in ascending id order.
    fn candidates(
        &self,
        conn: &DatabaseConnection,
        after: &str,
        horizon: NaiveDate,
        limit: u64,
    ) -> impl Future<Output = Result<Vec<Candidate>, Self::Error>> + Send;

    /// Raises `level` for the subject `candidate_id` as of `today` inside `mutation`, recording it for
    /// audit and outbox. The subject is read again first: when it is gone, closed, or already at or past
    /// `level`, nothing is written and the answer is false.
    fn raise(
        &self,
        mutation: &mut Mutation,
        candidate_id: &str,
        level: Level,
        today: NaiveDate,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;
}

/// Sweeps every candidate of `ladder` as of `today`, each batch's raises in one mutation described by
/// `context`, counting each committed raise by level in `raised`. A failure stops the sweep; the
/// batches committed before it stay raised (and counted).
pub async fn sweep<L: Ladder>(
    store: &Store,
    ladder: &L,
    context: &MutationContext,
    today: NaiveDate,
    raised: &EscalationCounter,
) -> Result<SweepOutcome, L::Error> {
    let horizon = TimeDelta::try_days(ladder.widest_green_days())
        .and_then(|days| today.checked_add_signed(days))
        .unwrap_or(NaiveDate::MAX);
    let mut outcome = SweepOutcome {
        examined: 0,
        raised: 0,
        as_of: today,
    };
    let mut after = String::new();
    loop {
        let batch = ladder
            .candidates(store.conn(), &after, horizon, L::BATCH)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id.clone();
        outcome.examined += batch.len() as u64;
        let due: Vec<(String, Level)> = batch
            .into_iter()
            .filter_map(|candidate| {
                let level = level_on(today, candidate.due_date, candidate.thresholds);
                (level > candidate.current).then_some((candidate.id, level))
            })
            .collect();
        if !due.is_empty() {
            outcome.raised += raise_batch(store, ladder, context, today, &due, raised).await?;
        }
    }
    Ok(outcome)
}

/// Raises the `due` (subject, level) pairs in one mutation; returns how many were raised, and counts
/// them by level in `counter` once committed (a replayed batch was counted when it first ran).
async fn raise_batch<L: Ladder>(
    store: &Store,
    ladder: &L,
    context: &MutationContext,
    today: NaiveDate,
    due: &[(String, Level)],
    counter: &EscalationCounter,
) -> Result<u64, L::Error> {
    let mut mutation = match store.begin::<u64>(context.clone()).await? {
        Begun::Replayed(count) => return Ok(count),
        Begun::Fresh(mutation) => mutation,
    };
    let mut levels = Vec::new();
    for (id, level) in due {
        if ladder.raise(&mut mutation, id, *level, today).await? {
            levels.push(*level);
        }
    }
    let raised = levels.len() as u64;
    mutation.commit(&raised).await?;
    for level in [Level::Green, Level::Yellow, Level::Red] {
        let count = levels.iter().filter(|l| **l == level).count() as u64;
        if count > 0 {
            counter.raised(level.into(), count);
        }
    }
    tracing::debug!(due = due.len(), raised, "ladder batch committed");
    Ok(raised)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use qinglian_store::Actor;
    use qinglian_store::connect::ConnectSettings;
    use qinglian_store::testing::TestDatabase;
    use sea_orm_migration::prelude::*;

    use super::*;

    struct Migrator;

    impl MigratorTrait for Migrator {
        fn migrations() -> Vec<Box<dyn MigrationTrait>> {
            qinglian_store::migrate::shared_migrations()
        }

        fn migration_table_name() -> DynIden {
            "ladder_test_migrations".into_iden()
        }
    }

    /// Subjects in memory; raises are remembered, and refused when already at or past the level.
    struct Deadlines {
        subjects: Vec<Candidate>,
        raised: Mutex<Vec<(String, Level)>>,
    }

    impl Ladder for Deadlines {
        type Error = StoreError;

        const BATCH: u64 = 2;

        fn widest_green_days(&self) -> i64 {
            20
        }

        async fn candidates(
            &self,
            _conn: &DatabaseConnection,
            after: &str,
            horizon: NaiveDate,
            limit: u64,
        ) -> Result<Vec<Candidate>, StoreError> {
            let raised = self.raised.lock().expect("lock");
            Ok(self
                .subjects
                .iter()
                .filter(|s| s.id.as_str() > after && s.due_date <= horizon)
                .map(|s| Candidate {
                    current: raised
                        .iter()
                        .filter(|(id, _)| *id == s.id)
                        .map(|(_, level)| *level)
                        .fold(s.current, Level::max),
                    ..s.clone()
                })
                .filter(|s| s.current < Level::Red)
                .take(usize::try_from(limit).expect("limit"))
                .collect())
        }

        async fn raise(
            &self,
            _mutation: &mut Mutation,
            candidate_id: &str,
            level: Level,
            _today: NaiveDate,
        ) -> Result<bool, StoreError> {
            let mut raised = self.raised.lock().expect("lock");
            if raised
                .iter()
                .any(|(id, l)| id == candidate_id && *l >= level)
            {
                return Ok(false);
            }
            raised.push((candidate_id.to_owned(), level));
            Ok(true)
        }
    }

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date")
    }

    fn subject(id: &str, due: &str, current: Level) -> Candidate {
        Candidate {
            id: id.to_owned(),
            due_date: day(due),
            current,
            thresholds: Thresholds {
                green_days: 20,
                yellow_days: 10,
            },
        }
    }

    #[tokio::test]
    async fn a_sweep_raises_each_due_level_once_across_batches() {
        let db = TestDatabase::sqlite();
        let store = Store::connect(&db.url, &ConnectSettings::default())
            .await
            .expect("connect");
        qinglian_store::migrate::run::<Migrator>(store.conn())
            .await
            .expect("migrate");
        let ladder = Deadlines {
            subjects: vec![
                subject("a", "2023-06-30", Level::None),
                subject("b", "2023-06-15", Level::Green),
                subject("c", "2023-06-05", Level::Yellow),
                subject("d", "2023-06-12", Level::Yellow),
                subject("e", "2023-08-01", Level::None),
            ],
            raised: Mutex::new(Vec::new()),
        };
        let actor = Actor {
            subject: "system:ladder-test".into(),
            role: "service".into(),
            scope: String::new(),
        };
        let context =
            MutationContext::new(actor, "/test.v1.Ladder/Sweep", "", &()).expect("context");
        let today = day("2023-06-10");

        let counter = EscalationCounter::default();
        let first = sweep(&store, &ladder, &context, today, &counter)
            .await
            .expect("sweep");
        assert_eq!(first.as_of, today);
        assert_eq!(first.examined, 4, "e lies beyond the horizon");
        assert_eq!(first.raised, 3, "a GREEN, b YELLOW, c RED; d stays YELLOW");
        assert_eq!(
            *ladder.raised.lock().expect("lock"),
            vec![
                ("a".to_owned(), Level::Green),
                ("b".to_owned(), Level::Yellow),
                ("c".to_owned(), Level::Red),
            ]
        );

        let counted = [Level::Green, Level::Yellow, Level::Red].map(|l| counter.count(l.into()));
        assert_eq!(counted, [1, 1, 1], "each raise counted by level");

        let again = sweep(&store, &ladder, &context, today, &counter)
            .await
            .expect("sweep");
        assert_eq!((again.examined, again.raised), (3, 0), "c is RED and done");
        let counted = [Level::Green, Level::Yellow, Level::Red].map(|l| counter.count(l.into()));
        assert_eq!(counted, [1, 1, 1], "nothing raised, nothing counted");
    }
}
