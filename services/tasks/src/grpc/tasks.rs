//! `qinglian.tasks.v1.TaskService`.

use qinglian_api::tasks::v1::{self as pb, task_service_server::TaskService};
use qinglian_domain::deadlines::Subject;
use qinglian_domain::validate::Violations;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::assignments::{Assignments, StatisticsScope, TaskListing, require_admin};
use crate::assignments::{PlanFields, TaskFields, TaskPatch};
use crate::error::TasksError;
use crate::escalations::TaskDeadline;

/// The plans and tasks API.
#[derive(Clone, Debug)]
pub struct TaskApi {
    assignments: Assignments,
}

impl TaskApi {
    /// Serves `assignments`.
    pub fn new(assignments: Assignments) -> Self {
        Self { assignments }
    }
}

/// INVALID_ARGUMENT unless `id` is set and well-formed; `field` names it.
fn require_id(field: &str, id: &str) -> Result<(), TasksError> {
    let mut v = Violations::new();
    v.id(field, id, true);
    Ok(v.finish()?)
}

/// INVALID_ARGUMENT unless a reason is given.
fn require_reason(reason: &str) -> Result<(), TasksError> {
    let mut v = Violations::new();
    v.text("reason", reason, true, 2000);
    Ok(v.finish()?)
}

#[tonic::async_trait]
impl TaskService for TaskApi {
    async fn create_plan(
        &self,
        request: Request<pb::CreatePlanRequest>,
    ) -> Result<Response<pb::CreatePlanResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "create plans")?;
        let request = request.into_inner();
        let fields = PlanFields::parse(&request.plan.clone().unwrap_or_default())
            .map_err(TasksError::from)?;
        self.assignments
            .require_units(&caller, &[&fields.issuing_unit_id])
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let plan = self.assignments.create_plan(context, fields).await?;
        Ok(Response::new(pb::CreatePlanResponse {
            plan: Some(pb::Plan::from(&plan)),
        }))
    }

    async fn get_plan(
        &self,
        request: Request<pb::GetPlanRequest>,
    ) -> Result<Response<pb::GetPlanResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let plan = self
            .assignments
            .get_plan(&caller, &request.get_ref().id)
            .await?;
        Ok(Response::new(pb::GetPlanResponse {
            plan: Some(pb::Plan::from(&plan)),
        }))
    }

    async fn list_plans(
        &self,
        request: Request<pb::ListPlansRequest>,
    ) -> Result<Response<pb::ListPlansResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .assignments
            .list_plans(&caller, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListPlansResponse {
            plans: page.items.iter().map(pb::Plan::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn publish_plan(
        &self,
        request: Request<pb::PublishPlanRequest>,
    ) -> Result<Response<pb::PublishPlanResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "publish plans")?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        self.assignments
            .require_plan_unit(&caller, &request.id)
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let plan = self
            .assignments
            .publish_plan(context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::PublishPlanResponse {
            plan: Some(pb::Plan::from(&plan)),
        }))
    }

    async fn archive_plan(
        &self,
        request: Request<pb::ArchivePlanRequest>,
    ) -> Result<Response<pb::ArchivePlanResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "archive plans")?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        self.assignments
            .require_plan_unit(&caller, &request.id)
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let plan = self
            .assignments
            .archive_plan(context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::ArchivePlanResponse {
            plan: Some(pb::Plan::from(&plan)),
        }))
    }

    async fn create_task(
        &self,
        request: Request<pb::CreateTaskRequest>,
    ) -> Result<Response<pb::CreateTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "create tasks")?;
        let request = request.into_inner();
        let fields = TaskFields::parse(&request.task.clone().unwrap_or_default())
            .map_err(TasksError::from)?;
        self.assignments
            .require_units(&caller, &fields.unit_ids())
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self.assignments.create_task(context, fields).await?;
        Ok(Response::new(pb::CreateTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn get_task(
        &self,
        request: Request<pb::GetTaskRequest>,
    ) -> Result<Response<pb::GetTaskResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let task = self
            .assignments
            .get_task(&caller, &request.get_ref().id)
            .await?;
        Ok(Response::new(pb::GetTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn list_tasks(
        &self,
        request: Request<pb::ListTasksRequest>,
    ) -> Result<Response<pb::ListTasksResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let listing = TaskListing {
            overdue_only: r.overdue_only,
            unit_id: (!r.unit_id.is_empty()).then(|| r.unit_id.clone()),
        };
        let selection = format!("overdue_only={};unit_id={}", r.overdue_only, r.unit_id);
        let page = self
            .assignments
            .list_tasks(
                &caller,
                &ListRequest::of(&r).selecting(&selection),
                &listing,
            )
            .await?;
        Ok(Response::new(pb::ListTasksResponse {
            tasks: page.items.iter().map(pb::Task::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn update_task(
        &self,
        request: Request<pb::UpdateTaskRequest>,
    ) -> Result<Response<pb::UpdateTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "change tasks")?;
        let request = request.into_inner();
        let patch = TaskPatch::parse(
            &request.task.clone().unwrap_or_default(),
            request.update_mask.as_ref(),
        )
        .map_err(TasksError::from)?;
        self.assignments
            .require_task_units(&caller, &patch.id)
            .await?;
        self.assignments
            .require_units(&caller, &patch.unit_ids())
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self.assignments.update_task(context, patch).await?;
        Ok(Response::new(pb::UpdateTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn delete_task(
        &self,
        request: Request<pb::DeleteTaskRequest>,
    ) -> Result<Response<pb::DeleteTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "delete tasks")?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        self.assignments
            .require_task_units(&caller, &request.id)
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        self.assignments
            .delete_task(context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::DeleteTaskResponse {}))
    }

    async fn assign_task(
        &self,
        request: Request<pb::AssignTaskRequest>,
    ) -> Result<Response<pb::AssignTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "assign tasks")?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        self.assignments
            .require_task_units(&caller, &request.id)
            .await?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self
            .assignments
            .assign_task(context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::AssignTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn start_task(
        &self,
        request: Request<pb::StartTaskRequest>,
    ) -> Result<Response<pb::StartTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self
            .assignments
            .start_task(&caller, context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::StartTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn report_progress(
        &self,
        request: Request<pb::ReportProgressRequest>,
    ) -> Result<Response<pb::ReportProgressResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("task_id", &request.task_id, true);
        v.prose("text", &request.text, true, 5000);
        if !(0..=100).contains(&request.percent) {
            v.add("percent", "must be between 0 and 100");
        }
        for (i, evidence) in request.evidence.iter().enumerate() {
            v.evidence(&format!("evidence[{i}]"), evidence);
        }
        v.finish().map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let reported = self
            .assignments
            .report_progress(
                &caller,
                context,
                &request.task_id,
                request.text.trim().to_owned(),
                request.percent,
                request.evidence.clone(),
            )
            .await?;
        Ok(Response::new(pb::ReportProgressResponse {
            progress_report: Some(pb::ProgressReport::from(&reported.report)),
            task: Some(pb::Task::from(&reported.task)),
        }))
    }

    async fn list_progress_reports(
        &self,
        request: Request<pb::ListProgressReportsRequest>,
    ) -> Result<Response<pb::ListProgressReportsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        require_id("task_id", &r.task_id)?;
        let page = self
            .assignments
            .list_progress_reports(
                &caller,
                &r.task_id,
                &ListRequest::of(&r).selecting(&r.task_id),
            )
            .await?;
        Ok(Response::new(pb::ListProgressReportsResponse {
            progress_reports: page.items.iter().map(pb::ProgressReport::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn submit_task(
        &self,
        request: Request<pb::SubmitTaskRequest>,
    ) -> Result<Response<pb::SubmitTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self
            .assignments
            .submit_task(&caller, context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::SubmitTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn approve_task(
        &self,
        request: Request<pb::ApproveTaskRequest>,
    ) -> Result<Response<pb::ApproveTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self
            .assignments
            .approve_task(&caller, context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::ApproveTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn return_task(
        &self,
        request: Request<pb::ReturnTaskRequest>,
    ) -> Result<Response<pb::ReturnTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        require_reason(&request.reason)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self
            .assignments
            .return_task(
                &caller,
                context,
                &request.id,
                request.reason.trim(),
                &request.etag,
            )
            .await?;
        Ok(Response::new(pb::ReturnTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn cancel_task(
        &self,
        request: Request<pb::CancelTaskRequest>,
    ) -> Result<Response<pb::CancelTaskResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_admin(&caller, "cancel tasks")?;
        let request = request.into_inner();
        require_id("id", &request.id)?;
        self.assignments
            .require_task_units(&caller, &request.id)
            .await?;
        require_reason(&request.reason)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let task = self
            .assignments
            .cancel_task(context, &request.id, request.reason.trim(), &request.etag)
            .await?;
        Ok(Response::new(pb::CancelTaskResponse {
            task: Some(pb::Task::from(&task)),
        }))
    }

    async fn request_extension(
        &self,
        request: Request<pb::RequestExtensionRequest>,
    ) -> Result<Response<pb::RequestExtensionResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("task_id", &request.task_id, true);
        let requested = v.date("requested_due_date", &request.requested_due_date, true);
        v.text("reason", &request.reason, true, 2000);
        v.finish().map_err(TasksError::from)?;
        let requested =
            requested.ok_or_else(|| TasksError::invalid("requested_due_date", "is required"))?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let extension = self
            .assignments
            .request_extension(
                &caller,
                context,
                &request.task_id,
                requested,
                request.reason.trim().to_owned(),
            )
            .await?;
        Ok(Response::new(pb::RequestExtensionResponse {
            extension: Some(TaskDeadline::extension(&extension)),
        }))
    }

    async fn decide_extension(
        &self,
        request: Request<pb::DecideExtensionRequest>,
    ) -> Result<Response<pb::DecideExtensionResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("id", &request.id, true);
        v.text("reason", &request.reason, !request.approve, 2000);
        v.finish().map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let decided = self
            .assignments
            .decide_extension(
                &caller,
                context,
                &request.id,
                request.approve,
                request.reason.trim().to_owned(),
            )
            .await?;
        Ok(Response::new(pb::DecideExtensionResponse {
            extension: Some(TaskDeadline::extension(&decided.extension)),
            task: Some(pb::Task::from(&decided.task)),
        }))
    }

    async fn list_extensions(
        &self,
        request: Request<pb::ListExtensionsRequest>,
    ) -> Result<Response<pb::ListExtensionsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        require_id("task_id", &r.task_id)?;
        let page = self
            .assignments
            .list_extensions(
                &caller,
                &r.task_id,
                &ListRequest::of(&r).selecting(&r.task_id),
            )
            .await?;
        Ok(Response::new(pb::ListExtensionsResponse {
            extensions: page.items.iter().map(TaskDeadline::extension).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn get_responsibility_chain(
        &self,
        request: Request<pb::GetResponsibilityChainRequest>,
    ) -> Result<Response<pb::GetResponsibilityChainResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let task_id = &request.get_ref().task_id;
        require_id("task_id", task_id)?;
        let links = self
            .assignments
            .responsibility_chain(&caller, task_id)
            .await?;
        Ok(Response::new(pb::GetResponsibilityChainResponse {
            links: links.into_iter().map(Into::into).collect(),
        }))
    }

    async fn get_plan_statistics(
        &self,
        request: Request<pb::GetPlanStatisticsRequest>,
    ) -> Result<Response<pb::GetPlanStatisticsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let scope = if !r.plan_id.is_empty() {
            require_id("plan_id", &r.plan_id)?;
            StatisticsScope::Plan(r.plan_id)
        } else {
            let mut v = Violations::new();
            v.id("unit_id", &r.unit_id, true);
            if !(2000..=2100).contains(&r.year) {
                v.add(
                    "year",
                    "must be a year between 2000 and 2100 when no plan_id is given",
                );
            }
            v.finish().map_err(TasksError::from)?;
            StatisticsScope::UnitYear(r.unit_id, r.year)
        };
        // A scoped caller counts a plan it may read, or a unit within its scope.
        match &scope {
            StatisticsScope::Plan(id) => {
                self.assignments.require_plan_readable(&caller, id).await?
            }
            StatisticsScope::UnitYear(unit, _) => {
                self.assignments.require_units(&caller, &[unit]).await?
            }
        }
        let statistics = self.assignments.plan_statistics(&caller, &scope).await?;
        Ok(Response::new(pb::GetPlanStatisticsResponse {
            statistics: Some(statistics.into()),
        }))
    }
}
