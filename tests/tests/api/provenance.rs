//! Following a figure's provenance: its filter (and the List method's further fields) passed to the
//! List method it names lists the records the figure counted.

use qinglian_api::common::v1::Figure;
use qinglian_api::oversight::v1 as opb;
use qinglian_api::supervision::v1::{self as pb, ProblemSource};
use qinglian_api::tasks::v1 as tpb;
use qinglian_kit::auth::Role;
use qinglian_test_support::{TestOversight, TestSupervision, TestTasks};

use super::rectifications::Fixture;

/// The services whose List methods figures name.
pub struct Lists<'a> {
    pub tasks: &'a TestTasks,
    pub supervision: &'a TestSupervision,
    pub oversight: Option<&'a TestOversight>,
}

impl<'a> Lists<'a> {
    /// The services of a fixture without oversight.
    pub fn of(f: &'a Fixture) -> Self {
        Self {
            tasks: f.tasks(),
            supervision: f.supervision(),
            oversight: None,
        }
    }
}

/// Whether a figure counts records (rather than summing a field, counting the distinct laws of the
/// inspections listed, or giving a share), so that the records its filter lists are exactly as many
/// as its value.
pub fn counts_records(figure: &Figure) -> bool {
    figure.unit_word != "%"
        && figure.key != "laws.inspected"
        && !figure.key.ends_with("participants")
        && !figure.key.ends_with("rate")
        && !figure.key.ends_with("on_time")
}

/// How many records the figure's own filter lists through its List method; None when it names none
/// this helper knows.
pub async fn listed(lists: &Lists<'_>, figure: &Figure) -> Option<usize> {
    let provenance = figure.provenance.clone().expect("provenance");
    let filter = provenance.filter.clone();
    let token = lists.tasks.token(Role::Admin);
    let page_size = 1000;
    let count = match provenance.list_method.as_str() {
        "/qinglian.supervision.v1.TalkService/ListTalks" => lists
            .supervision
            .talks(&token)
            .await
            .list_talks(pb::ListTalksRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list talks")
            .into_inner()
            .talks
            .len(),
        "/qinglian.supervision.v1.CheckService/ListChecks" => lists
            .supervision
            .checks(&token)
            .await
            .list_checks(pb::ListChecksRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list checks")
            .into_inner()
            .checks
            .len(),
        "/qinglian.supervision.v1.EducationService/ListEducationActivities" => lists
            .supervision
            .education(&token)
            .await
            .list_education_activities(pb::ListEducationActivitiesRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list education")
            .into_inner()
            .education_activities
            .len(),
        "/qinglian.supervision.v1.RectificationService/ListTours" => lists
            .supervision
            .rectifications(&token)
            .await
            .list_tours(pb::ListToursRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list tours")
            .into_inner()
            .tours
            .len(),
        "/qinglian.supervision.v1.RectificationService/ListProblems" => {
            let source = provenance
                .list_parameters
                .get("source")
                .and_then(|name| ProblemSource::from_str_name(name))
                .unwrap_or(ProblemSource::Unspecified);
            lists
                .supervision
                .rectifications(&token)
                .await
                .list_problems(pb::ListProblemsRequest {
                    filter,
                    page_size,
                    source: source as i32,
                    ..Default::default()
                })
                .await
                .expect("list problems")
                .into_inner()
                .problems
                .len()
        }
        "/qinglian.supervision.v1.RectificationService/ListLedger" => lists
            .supervision
            .rectifications(&token)
            .await
            .list_ledger(pb::ListLedgerRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list ledger")
            .into_inner()
            .rectifications
            .len(),
        "/qinglian.supervision.v1.RegulationService/ListRegulationRevisions" => lists
            .supervision
            .regulations(&token)
            .await
            .list_regulation_revisions(pb::ListRegulationRevisionsRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list revisions")
            .into_inner()
            .revisions
            .len(),
        "/qinglian.tasks.v1.TaskService/ListTasks" => lists
            .tasks
            .tasks(&token)
            .await
            .list_tasks(tpb::ListTasksRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list tasks")
            .into_inner()
            .tasks
            .len(),
        "/qinglian.oversight.v1.OversightService/ListOversightActivities" => lists
            .oversight?
            .oversight(&token)
            .await
            .list_oversight_activities(opb::ListOversightActivitiesRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list activities")
            .into_inner()
            .activities
            .len(),
        "/qinglian.oversight.v1.OversightService/ListOpinions" => lists
            .oversight?
            .oversight(&token)
            .await
            .list_opinions(opb::ListOpinionsRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list opinions")
            .into_inner()
            .opinions
            .len(),
        "/qinglian.oversight.v1.OversightService/ListNormativeDocuments" => lists
            .oversight?
            .oversight(&token)
            .await
            .list_normative_documents(opb::ListNormativeDocumentsRequest {
                filter,
                page_size,
                ..Default::default()
            })
            .await
            .expect("list documents")
            .into_inner()
            .documents
            .len(),
        _ => return None,
    };
    Some(count)
}
