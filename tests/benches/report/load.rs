//! Bulk loading: the transaction batcher, spreading helpers, and the tasks.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Inserts rows in transactions of `TRANSACTION_ROWS`, committing as they fill.
pub(crate) struct Loader<'a> {
    pub(crate) store: &'a Store,
    pub(crate) txn: Option<DatabaseTransaction>,
    pub(crate) pending: usize,
    pub(crate) rows: usize,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(store: &'a Store) -> Self {
        Self {
            store,
            txn: None,
            pending: 0,
            rows: 0,
        }
    }

    /// Inserts `rows` (at most `INSERT_ROWS`) in the open transaction; parents go before children.
    pub(crate) async fn insert<A: ActiveModelTrait>(&mut self, rows: Vec<A>) {
        if rows.is_empty() {
            return;
        }
        let n = rows.len();
        if self.txn.is_none() {
            self.txn = Some(self.store.conn().begin().await.expect("begin"));
        }
        let txn = self.txn.as_ref().expect("open transaction");
        <A::Entity as EntityTrait>::insert_many(rows)
            .exec(txn)
            .await
            .unwrap_or_else(|e| panic!("insert {}: {e}", std::any::type_name::<A>()));
        self.pending += n;
        self.rows += n;
        if self.pending >= TRANSACTION_ROWS {
            self.commit().await;
        }
    }

    pub(crate) async fn commit(&mut self) {
        if let Some(txn) = self.txn.take() {
            txn.commit().await.expect("commit");
        }
        self.pending = 0;
    }

    /// Commits the rest and returns the number of rows inserted.
    pub(crate) async fn finish(mut self) -> usize {
        self.commit().await;
        self.rows
    }
}

/// Ranges of at most `INSERT_ROWS` covering `0..count`.
pub(crate) fn batches(count: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..count)
        .step_by(INSERT_ROWS)
        .map(move |from| from..(from + INSERT_ROWS).min(count))
}

/// A well-spread number for record `i` of a kind salted `salt` (splitmix64).
pub(crate) fn mix(i: usize, salt: u64) -> usize {
    let mut x = (i as u64).wrapping_add(salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((x ^ (x >> 31)) >> 1) as usize
}

/// Day `n` of `year` (counted from 0, past the year's end when `n` is large).
pub(crate) fn date(year: i32, n: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).expect("date") + Days::new(n as u64)
}

/// A day of 2022 or 2023 for record `i` of a kind salted `salt`.
pub(crate) fn two_years(i: usize, salt: u64) -> NaiveDate {
    date(2022, mix(i, salt) % 730)
}

pub(crate) fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The tasks: of every eight, six in the organisation's 2023 plans, one in its 2022 plan and one in
/// the other organ's; 40% completed (some late), 5% cancelled, the rest open.
pub(crate) async fn load_tasks(
    store: &Store,
    plans: &[PlanRef],
    units: &Units,
    sizes: Sizes,
) -> usize {
    const PLAN_OF_SLOT: [usize; 8] = [0, 0, 1, 1, 2, 2, 3, 4];
    let categories = ["政治建设", "廉政教育", "日常监督", "作风建设"];
    let now = qinglian_store::time::now();
    let mut loader = Loader::new(store);
    for batch in batches(sizes.tasks) {
        let rows: Vec<task::ActiveModel> = batch
            .map(|i| {
                let plan = &plans[PLAN_OF_SLOT[i % 8]];
                let due = date(plan.year, mix(i, 11) % 365);
                let state = match mix(i, 12) % 20 {
                    0..8 => TaskState::Completed,
                    8..16 => TaskState::InProgress,
                    16..19 => TaskState::Assigned,
                    _ => TaskState::Cancelled,
                };
                let completed = state == TaskState::Completed;
                let extended = i.is_multiple_of(17);
                task::Model {
                    id: id(),
                    plan_id: plan.id.clone(),
                    parent_task_id: None,
                    code: String::new(),
                    title: format!("任务{i}"),
                    description: String::new(),
                    category: categories[i % categories.len()].to_owned(),
                    lead_unit_id: units.pick(i, 13).to_owned(),
                    responsible_leader_id: None,
                    handler_id: None,
                    due_date: due,
                    original_due_date: if extended { due - Days::new(30) } else { due },
                    accountabilities: (qinglian_api::common::v1::Accountability::Direct as i32)
                        .to_string(),
                    state: state as i32,
                    progress_percent: if completed { 100 } else { (i % 10 * 10) as i32 },
                    return_reason: String::new(),
                    cancel_reason: if state == TaskState::Cancelled {
                        "任务调整".into()
                    } else {
                        String::new()
                    },
                    extended,
                    late_entry: false,
                    completed_date: completed
                        .then(|| due - Days::new(20) + Days::new((i % 30) as u64)),
                    warning_level: WarningLevel::Unspecified as i32,
                    version: 1,
                    create_time: now,
                    update_time: now,
                }
                .into()
            })
            .collect();
        loader.insert(rows).await;
    }
    loader.finish().await
}

pub(crate) const TALK_KINDS: [TalkKind; 6] = [
    TalkKind::Integrity,
    TalkKind::HeartToHeart,
    TalkKind::Reminder,
    TalkKind::Admonition,
    TalkKind::CriticismEducation,
    TalkKind::WrittenInquiry,
];
pub(crate) const CHECK_KINDS: [CheckKind; 5] = [
    CheckKind::RoutineSpotCheck,
    CheckKind::SpecialCheck,
    CheckKind::HolidayCheck,
    CheckKind::EightPointSelfInspection,
    CheckKind::CrossCheck,
];
pub(crate) const EDUCATION_KINDS: [EducationKind; 6] = [
    EducationKind::CaseNotification,
    EducationKind::WarningFilm,
    EducationKind::IntegrityLecture,
    EducationKind::BaseVisit,
    EducationKind::CultureCampaign,
    EducationKind::PoliticalBirthday,
];
/// Warning films: a few titles shown again and again.
pub(crate) const FILMS: [&str; 8] = [
    "《廉》",
    "《零容忍》",
    "《持续发力 纵深推进》",
    "《永远吹冲锋号》",
    "《正风反腐就在身边》",
    "《警钟》",
    "《迷途》",
    "《镜鉴》",
];
