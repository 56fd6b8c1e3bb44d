//! Progress reports, with late entries flagged: reported after the due date, or carrying evidence
//! dated too long before it was entered.

use chrono::NaiveDate;
use qinglian_api::common::v1::Evidence;
use qinglian_api::tasks::v1::{self as pb, TaskState};
use qinglian_kit::auth::Caller;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::access::{require_readable, require_worker};
use super::{Assignments, PROGRESS_REPORT, find_changeable_task, state_name};
use crate::assignments::TaskRecord;
use crate::entities::{progress_report, task};
use crate::error::TasksError;

/// A stored report with the task after it, as returned and replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reported {
    /// The report.
    pub report: progress_report::Model,
    /// The task after the report.
    pub task: TaskRecord,
}

/// Filter and order fields of ListProgressReports.
fn list_spec() -> ListSpec<progress_report::Column> {
    use progress_report::Column as C;
    ListSpec {
        resource: PROGRESS_REPORT,
        filter_fields: vec![
            FilterField {
                name: "late_entry",
                column: C::LateEntry,
                field_type: FieldType::Bool,
            },
            FilterField {
                name: "report_time",
                column: C::ReportTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![("report_time", C::ReportTime)],
        default_order: "report_time",
        id_field: ("id", C::Id),
    }
}

/// Why a report entered `today` counts as a late entry; empty when it does not.
pub(crate) fn late_reasons(
    today: NaiveDate,
    due_date: NaiveDate,
    evidence: &[Evidence],
    late_evidence_days: u32,
) -> Vec<String> {
    let mut reasons = Vec::new();
    if today > due_date {
        reasons.push(format!("entered {today} after the due date {due_date}"));
    }
    for item in evidence {
        if let Ok(about) = NaiveDate::parse_from_str(&item.about_date, "%Y-%m-%d")
            && (today - about).num_days() > i64::from(late_evidence_days)
        {
            reasons.push(format!(
                "evidence {} is dated {about}, more than {late_evidence_days} days before entry",
                item.file_name
            ));
        }
    }
    reasons
}

impl Assignments {
    /// Records progress on a task in progress. Admin, or a clerk of the task's units.
    pub async fn report_progress(
        &self,
        caller: &Caller,
        context: MutationContext,
        task_id: &str,
        text: String,
        percent: i32,
        evidence: Vec<Evidence>,
    ) -> Result<Reported, TasksError> {
        require_worker(self.store.conn(), caller, task_id).await?;
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(reported) => return Ok(reported),
            Begun::Fresh(mutation) => mutation,
        };
        let stored = find_changeable_task(mutation.txn(), task_id).await?;
        if stored.task.state != TaskState::InProgress as i32 {
            return Err(TasksError::precondition(
                "ILLEGAL_TRANSITION",
                format!(
                    "task is {}; progress is reported only in progress",
                    state_name(stored.task.state)
                ),
            ));
        }
        let reasons = late_reasons(
            self.clock.today(),
            stored.task.due_date,
            &evidence,
            self.work.late_evidence_days,
        );
        let now = mutation.now();
        let report = progress_report::Model {
            id: uuid::Uuid::now_v7().to_string(),
            task_id: task_id.to_owned(),
            text,
            percent,
            evidence_json: qinglian_domain::evidence::to_json(&evidence),
            reporter: caller.subject.clone(),
            report_time: now,
            late_entry: !reasons.is_empty(),
            late_reasons: reasons.join("\n"),
        };
        progress_report::ActiveModel::from(report.clone())
            .insert(mutation.txn())
            .await?;
        let mut updated = stored.clone();
        updated.task.progress_percent = percent;
        updated.task.late_entry |= report.late_entry;
        updated.task.version += 1;
        updated.task.update_time = now;
        task::ActiveModel::from(updated.task.clone())
            .reset_all()
            .update(mutation.txn())
            .await?;
        mutation
            .record(Change::created(
                &report.id,
                &report,
                &pb::ProgressReport::from(&report),
            ))
            .await?;
        mutation
            .record(Change::updated(
                task_id,
                &stored,
                &updated,
                &pb::Task::from(&updated),
            ))
            .await?;
        let reported = Reported {
            report,
            task: updated,
        };
        mutation.commit(&reported).await?;
        Ok(reported)
    }

    /// One page of a task's progress reports.
    pub async fn list_progress_reports(
        &self,
        caller: &Caller,
        task_id: &str,
        request: &ListRequest<'_>,
    ) -> Result<Page<progress_report::Model>, TasksError> {
        let conn = self.store.conn();
        require_readable(conn, caller, task_id).await?;
        let base =
            progress_report::Entity::find().filter(progress_report::Column::TaskId.eq(task_id));
        Ok(page::list(conn, &list_spec(), base, request).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn late_entries_are_after_the_due_date_or_with_old_evidence() {
        let evidence = |about: &str| Evidence {
            file_name: "记录.pdf".into(),
            about_date: about.into(),
            ..Default::default()
        };
        assert!(
            late_reasons(
                day("2023-06-30"),
                day("2023-06-30"),
                &[evidence("2023-06-01")],
                30
            )
            .is_empty()
        );
        let late = late_reasons(day("2023-07-01"), day("2023-06-30"), &[], 30);
        assert_eq!(late, ["entered 2023-07-01 after the due date 2023-06-30"]);
        let old = late_reasons(
            day("2023-06-30"),
            day("2023-12-31"),
            &[evidence("2023-05-30")],
            30,
        );
        assert_eq!(old.len(), 1);
        assert!(old[0].contains("记录.pdf"));
    }
}
