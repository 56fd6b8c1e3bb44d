//! Plans, tasks, progress reports and extensions: rows to messages, and requests to validated fields.

use chrono::NaiveDate;
use qinglian_api::tasks::v1 as pb;
use qinglian_domain::validate::Violations;
use qinglian_kit::status::FieldViolation;
use qinglian_store::{etag, time};

use qinglian_domain::deadlines::Subject;
use qinglian_domain::deadlines::records::{escalation, extension};

use crate::assignments::{
    Bearer, PlanFields, PlanStatistics, ResponsibilityLink, TaskFields, TaskPatch, TaskRecord,
};
use crate::entities::{plan, progress_report};
use crate::escalations::{PolicyInForce, TaskDeadline};

/// Longest plan or task title.
const TITLE_MAX: usize = 300;
/// Longest task description or report text.
const TEXT_MAX: usize = 5000;
/// Longest category or code.
const SHORT_MAX: usize = 50;

fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

impl From<&plan::Model> for pb::Plan {
    fn from(plan: &plan::Model) -> Self {
        Self {
            id: plan.id.clone(),
            year: plan.year,
            title: plan.title.clone(),
            issuing_unit_id: plan.issuing_unit_id.clone(),
            kind: plan.kind,
            state: plan.state,
            create_time: Some(time::to_proto(plan.create_time)),
            update_time: Some(time::to_proto(plan.update_time)),
            publish_time: plan.publish_time.map(time::to_proto),
            archive_time: plan.archive_time.map(time::to_proto),
            etag: etag::etag(plan.version),
        }
    }
}

impl From<&TaskRecord> for pb::Task {
    fn from(record: &TaskRecord) -> Self {
        let task = &record.task;
        Self {
            id: task.id.clone(),
            plan_id: task.plan_id.clone(),
            parent_task_id: task.parent_task_id.clone().unwrap_or_default(),
            code: task.code.clone(),
            title: task.title.clone(),
            description: task.description.clone(),
            category: task.category.clone(),
            lead_unit_id: task.lead_unit_id.clone(),
            cooperating_unit_ids: record.cooperating_unit_ids.clone(),
            responsible_leader_id: task.responsible_leader_id.clone().unwrap_or_default(),
            handler_id: task.handler_id.clone().unwrap_or_default(),
            due_date: date_text(task.due_date),
            original_due_date: date_text(task.original_due_date),
            accountabilities: accountabilities(&task.accountabilities),
            state: task.state,
            progress_percent: task.progress_percent,
            return_reason: task.return_reason.clone(),
            cancel_reason: task.cancel_reason.clone(),
            extended: task.extended,
            late_entry: task.late_entry,
            completed_date: task.completed_date.map(date_text).unwrap_or_default(),
            warning_level: task.warning_level,
            create_time: Some(time::to_proto(task.create_time)),
            update_time: Some(time::to_proto(task.update_time)),
            etag: etag::etag(task.version),
        }
    }
}

impl From<&progress_report::Model> for pb::ProgressReport {
    fn from(report: &progress_report::Model) -> Self {
        Self {
            id: report.id.clone(),
            task_id: report.task_id.clone(),
            text: report.text.clone(),
            percent: report.percent,
            evidence: qinglian_domain::evidence::from_json(&report.evidence_json),
            reporter: report.reporter.clone(),
            report_time: Some(time::to_proto(report.report_time)),
            late_entry: report.late_entry,
            late_reasons: report
                .late_reasons
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// A task's warnings and extension requests, as the task contract publishes them.
impl Subject for TaskDeadline {
    type Warning = pb::Escalation;
    type Extension = pb::Extension;

    const NOUN: &'static str = "task";
    const WARNING_RESOURCE: &'static str = "qinglian.tasks.v1.Escalation";
    const EXTENSION_RESOURCE: &'static str = "qinglian.tasks.v1.Extension";
    const SUBJECT_FIELD: &'static str = "task_id";
    const REQUESTED_FIELD: &'static str = "requested_due_date";

    fn warning(e: &escalation::Model) -> pb::Escalation {
        pb::Escalation {
            id: e.id.clone(),
            task_id: e.subject_id.clone(),
            level: e.level,
            recipient_ids: e
                .recipient_ids
                .split(',')
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect(),
            raise_date: date_text(e.raise_date),
            due_date: date_text(e.due_date),
            days_left: e.days_left,
            acknowledged: e.acknowledged,
            acknowledged_by: e.acknowledged_by.clone(),
            acknowledge_time: e.acknowledge_time.map(time::to_proto),
            create_time: Some(time::to_proto(e.create_time)),
            etag: etag::etag(e.version),
            superseded: e.superseded,
        }
    }

    fn extension(extension: &extension::Model) -> pb::Extension {
        pb::Extension {
            id: extension.id.clone(),
            task_id: extension.subject_id.clone(),
            requested_due_date: date_text(extension.requested_due_date),
            reason: extension.reason.clone(),
            state: extension.state,
            requested_by: extension.requested_by.clone(),
            decided_by: extension.decided_by.clone(),
            decision_reason: extension.decision_reason.clone(),
            create_time: Some(time::to_proto(extension.create_time)),
            decide_time: extension.decide_time.map(time::to_proto),
        }
    }
}

/// Stored accountabilities (comma-separated numbers) to enum numbers.
pub fn accountabilities(stored: &str) -> Vec<i32> {
    stored
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

impl PlanFields {
    /// Validates every field of `plan`.
    pub fn parse(plan: &pb::Plan) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        if !(2000..=2100).contains(&plan.year) {
            v.add("plan.year", "must be a year between 2000 and 2100");
        }
        v.text("plan.title", &plan.title, true, TITLE_MAX);
        v.id("plan.issuing_unit_id", &plan.issuing_unit_id, true);
        v.enumeration(
            "plan.kind",
            plan.kind,
            pb::PlanKind::try_from(plan.kind).is_ok(),
        );
        v.finish()?;
        Ok(Self {
            year: plan.year,
            title: plan.title.trim().to_owned(),
            issuing_unit_id: plan.issuing_unit_id.clone(),
            kind: plan.kind,
        })
    }
}

/// Paths an UpdateTask mask may name.
pub(crate) const TASK_MASK_PATHS: &[&str] = &[
    "code",
    "title",
    "description",
    "category",
    "lead_unit_id",
    "cooperating_unit_ids",
    "responsible_leader_id",
    "handler_id",
    "accountabilities",
    "due_date",
];

impl TaskFields {
    /// The units the task names: its lead unit and its cooperating units.
    pub fn unit_ids(&self) -> Vec<&str> {
        std::iter::once(self.lead_unit_id.as_str())
            .chain(self.cooperating_unit_ids.iter().map(String::as_str))
            .collect()
    }

    /// Validates `task` for creation.
    pub fn parse(task: &pb::Task) -> Result<Self, Vec<FieldViolation>> {
        let mut v = Violations::new();
        v.id("task.plan_id", &task.plan_id, true);
        let fields = Self::check(task, TASK_MASK_PATHS, &mut v);
        v.finish()?;
        fields.ok_or_else(|| vec![FieldViolation::new("task.due_date", "is required")])
    }

    /// Checks the fields in `paths`; returns the values when the due date parsed.
    fn check(task: &pb::Task, paths: &[&str], v: &mut Violations) -> Option<Self> {
        let has = |p: &str| paths.contains(&p);
        v.id("task.parent_task_id", &task.parent_task_id, false);
        if has("code") {
            v.text("task.code", &task.code, false, SHORT_MAX);
        }
        if has("title") {
            v.text("task.title", &task.title, true, TITLE_MAX);
        }
        if has("description") {
            v.prose("task.description", &task.description, false, TEXT_MAX);
        }
        if has("category") {
            v.text("task.category", &task.category, false, SHORT_MAX);
        }
        if has("lead_unit_id") {
            v.id("task.lead_unit_id", &task.lead_unit_id, true);
        }
        if has("cooperating_unit_ids") {
            for (i, id) in task.cooperating_unit_ids.iter().enumerate() {
                v.id(&format!("task.cooperating_unit_ids[{i}]"), id, true);
                if task.cooperating_unit_ids[..i].contains(id) || *id == task.lead_unit_id {
                    v.add(
                        format!("task.cooperating_unit_ids[{i}]"),
                        "repeats the lead unit or another cooperating unit",
                    );
                }
            }
        }
        if has("responsible_leader_id") {
            v.id(
                "task.responsible_leader_id",
                &task.responsible_leader_id,
                false,
            );
        }
        if has("handler_id") {
            v.id("task.handler_id", &task.handler_id, false);
        }
        if has("accountabilities") {
            for (i, value) in task.accountabilities.iter().enumerate() {
                v.enumeration(
                    &format!("task.accountabilities[{i}]"),
                    *value,
                    qinglian_api::common::v1::Accountability::try_from(*value).is_ok(),
                );
            }
        }
        let due_date = if has("due_date") {
            v.date("task.due_date", &task.due_date, true)
        } else {
            Some(NaiveDate::MIN)
        };
        Some(Self {
            plan_id: task.plan_id.clone(),
            parent_task_id: (!task.parent_task_id.is_empty()).then(|| task.parent_task_id.clone()),
            code: task.code.trim().to_owned(),
            title: task.title.trim().to_owned(),
            description: task.description.trim().to_owned(),
            category: task.category.trim().to_owned(),
            lead_unit_id: task.lead_unit_id.clone(),
            cooperating_unit_ids: task.cooperating_unit_ids.clone(),
            responsible_leader_id: (!task.responsible_leader_id.is_empty())
                .then(|| task.responsible_leader_id.clone()),
            handler_id: (!task.handler_id.is_empty()).then(|| task.handler_id.clone()),
            due_date: due_date?,
            accountabilities: task.accountabilities.clone(),
        })
    }
}

impl TaskPatch {
    /// Validates the masked fields; an empty mask means every field but the due date.
    pub fn parse(
        task: &pb::Task,
        mask: Option<&prost_types::FieldMask>,
    ) -> Result<Self, Vec<FieldViolation>> {
        let paths: Vec<String> = match mask {
            Some(mask) if !mask.paths.is_empty() => mask.paths.clone(),
            _ => TASK_MASK_PATHS
                .iter()
                .filter(|p| **p != "due_date")
                .map(|p| (*p).to_owned())
                .collect(),
        };
        let mut v = Violations::new();
        v.id("task.id", &task.id, true);
        for path in &paths {
            if !TASK_MASK_PATHS.contains(&path.as_str()) {
                v.add(
                    "update_mask",
                    format!(
                        "cannot update \"{path}\"; allowed: {}",
                        TASK_MASK_PATHS.join(", ")
                    ),
                );
            }
        }
        let borrowed: Vec<&str> = paths.iter().map(String::as_str).collect();
        let fields = TaskFields::check(task, &borrowed, &mut v);
        v.finish()?;
        let fields =
            fields.ok_or_else(|| vec![FieldViolation::new("task.due_date", "is required")])?;
        Ok(Self {
            id: task.id.clone(),
            etag: task.etag.clone(),
            fields,
            paths,
        })
    }

    /// Whether `path` is to be changed.
    pub fn touches(&self, path: &str) -> bool {
        self.paths.iter().any(|p| p == path)
    }

    /// The units the patch gives the task: its new lead and cooperating units, where changed.
    pub fn unit_ids(&self) -> Vec<&str> {
        let mut units = Vec::new();
        if self.touches("lead_unit_id") {
            units.push(self.fields.lead_unit_id.as_str());
        }
        if self.touches("cooperating_unit_ids") {
            units.extend(self.fields.cooperating_unit_ids.iter().map(String::as_str));
        }
        units
    }
}

impl From<ResponsibilityLink> for pb::ResponsibilityLink {
    fn from(link: ResponsibilityLink) -> Self {
        let (person_id, unit_id) = match link.bearer {
            Bearer::Person(id) => (id, String::new()),
            Bearer::Unit(id) => (String::new(), id),
        };
        Self {
            role: link.role as i32,
            person_id,
            unit_id,
            name: link.name,
            accountability: link.accountability as i32,
            via_unit_ids: link.via_unit_ids,
        }
    }
}

impl From<&PolicyInForce> for pb::EscalationPolicy {
    fn from(policy: &PolicyInForce) -> Self {
        Self {
            plan_id: policy.plan_id.clone(),
            green_days: i32::try_from(policy.thresholds.green_days).unwrap_or(i32::MAX),
            yellow_days: i32::try_from(policy.thresholds.yellow_days).unwrap_or(i32::MAX),
            update_time: policy.update_time.map(time::to_proto),
            source: policy.source as i32,
        }
    }
}

impl From<PlanStatistics> for pb::PlanStatistics {
    fn from(statistics: PlanStatistics) -> Self {
        let keyed = |rows: Vec<(String, i64)>| {
            rows.into_iter()
                .map(|(key, count)| pb::KeyedCount { key, count })
                .collect()
        };
        Self {
            total: statistics.total,
            on_time_rate: statistics.on_time_rate(),
            by_state: statistics
                .by_state
                .into_iter()
                .map(|(state, count)| pb::KeyedCount {
                    key: state.as_str_name().to_owned(),
                    count,
                })
                .collect(),
            by_category: keyed(statistics.by_category),
            by_lead_unit: keyed(statistics.by_lead_unit),
            completed_on_time: statistics.completed_on_time,
            completed_late: statistics.completed_late,
            overdue: statistics.overdue,
            extended: statistics.extended,
            as_of_date: date_text(statistics.as_of),
        }
    }
}
