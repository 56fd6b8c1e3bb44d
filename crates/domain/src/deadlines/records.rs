//! The rows of deadlines, one shape for every kind of subject (a task, a rectification measure): the
//! warnings the ladder raised, to whom, and the requests to move a deadline. Each service keeps these
//! tables in its own database; `subject_id` is the id of the service's own subject row.

/// 督办: a graded warning raised for a subject, once per (subject, due date, level). An approved
/// extension supersedes the warnings raised against the old date, so the ladder starts again.
pub mod escalation {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// One warning.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "deadline_escalations")]
    pub struct Model {
        /// UUIDv7.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        /// The task or measure warned about (named `task_id`/`rectification_id` in responses
        /// recorded before the tables became one).
        #[serde(alias = "task_id", alias = "rectification_id")]
        pub subject_id: String,
        /// `qinglian.common.v1.WarningLevel` number; unique with the subject and the due date.
        pub level: i32,
        /// Person ids warned, comma-separated in order (also in `deadline_escalation_recipients`).
        pub recipient_ids: String,
        /// The day the sweep raised it.
        pub raise_date: Date,
        /// The subject's deadline then.
        #[serde(alias = "deadline")]
        pub due_date: Date,
        /// Days left until `due_date` on `raise_date`; negative when overdue.
        pub days_left: i32,
        /// True once a recipient or an admin acknowledged it.
        pub acknowledged: bool,
        /// Token subject of whoever acknowledged it.
        pub acknowledged_by: String,
        /// When it was acknowledged.
        pub acknowledge_time: Option<DateTimeUtc>,
        /// True once an approved extension moved the deadline it was raised against.
        #[serde(default)]
        pub superseded: bool,
        /// Optimistic version, the etag's source.
        pub version: i64,
        /// When it was raised.
        pub create_time: DateTimeUtc,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One person a warning is addressed to, for "addressed to me" lookups.
pub mod escalation_recipient {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// One recipient of one warning.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "deadline_escalation_recipients")]
    pub struct Model {
        /// The warning.
        #[sea_orm(primary_key, auto_increment = false)]
        pub escalation_id: String,
        /// The person warned.
        #[sea_orm(primary_key, auto_increment = false)]
        pub person_id: String,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A request to move a subject's deadline, with its decision.
pub mod extension {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// One extension request.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "deadline_extensions")]
    pub struct Model {
        /// UUIDv7.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        /// The task or measure.
        #[serde(alias = "task_id", alias = "rectification_id")]
        pub subject_id: String,
        /// The deadline asked for.
        #[serde(alias = "requested_deadline")]
        pub requested_due_date: Date,
        /// Why.
        pub reason: String,
        /// `qinglian.common.v1.ExtensionState` number.
        pub state: i32,
        /// Token subject of whoever asked.
        pub requested_by: String,
        /// Token subject of whoever decided; empty while pending.
        pub decided_by: String,
        /// Why it was decided so.
        pub decision_reason: String,
        /// When it was asked for.
        pub create_time: DateTimeUtc,
        /// When it was decided.
        pub decide_time: Option<DateTimeUtc>,
    }

    /// No relations are navigated.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
