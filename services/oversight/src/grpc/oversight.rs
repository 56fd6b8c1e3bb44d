//! `qinglian.oversight.v1.OversightService`: the contract's one service, each RPC handed to the
//! adapter module of its part (activities, opinions, documents, statistics).

use qinglian_api::oversight::v1::{self as pb, oversight_service_server::OversightService};
use tonic::{Request, Response, Status};

use super::{activities, documents, opinions, statistics};
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::auth::{Caller, Reach};

use crate::activities::Activities;
use crate::directory;
use crate::documents::Documents;
use crate::error::OversightError;
use crate::opinions::Opinions;
use crate::statistics::OversightStatistics;

/// The oversight API over its domain services.
#[derive(Clone, Debug)]
pub struct OversightApi {
    /// Oversight activities.
    pub(super) activities: Activities,
    /// Deliberation opinions.
    pub(super) opinions: Opinions,
    /// Filing review.
    pub(super) documents: Documents,
    /// Yearly counts.
    pub(super) statistics: OversightStatistics,
    /// The directory, for the unit scope of callers.
    pub(super) directory: DirectoryPeer,
}

impl OversightApi {
    /// Serves the given domain services.
    pub fn new(
        activities: Activities,
        opinions: Opinions,
        documents: Documents,
        statistics: OversightStatistics,
        directory: DirectoryPeer,
    ) -> Self {
        Self {
            activities,
            opinions,
            documents,
            statistics,
            directory,
        }
    }

    /// The units `caller` reaches, asked of the directory (nothing is asked for an unscoped caller).
    pub(super) async fn reach(&self, caller: &Caller) -> Result<Reach, OversightError> {
        Ok(self.directory.reach(caller).await?)
    }

    /// PERMISSION_DENIED unless the committee `unit_id` is within the caller's scope.
    pub(super) async fn require_scope(
        &self,
        caller: &Caller,
        unit_id: &str,
    ) -> Result<(), OversightError> {
        directory::require_scope(&self.directory, caller, unit_id).await
    }

    /// PERMISSION_DENIED unless the committee of opinion `id` is within the caller's scope.
    pub(super) async fn require_opinion_scope(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<(), OversightError> {
        let reach = self.reach(caller).await?;
        if reach.is_scoped() {
            self.opinions.get(&reach, id).await?;
        }
        Ok(())
    }

    /// PERMISSION_DENIED unless the committee of document `id` is within the caller's scope.
    pub(super) async fn require_document_scope(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<(), OversightError> {
        let reach = self.reach(caller).await?;
        if reach.is_scoped() {
            self.documents.get(&reach, id).await?;
        }
        Ok(())
    }
}

type Reply<T> = Result<Response<T>, Status>;

#[tonic::async_trait]
impl OversightService for OversightApi {
    async fn record_oversight_activity(
        &self,
        request: Request<pb::RecordOversightActivityRequest>,
    ) -> Reply<pb::RecordOversightActivityResponse> {
        activities::record(self, request).await
    }

    async fn get_oversight_activity(
        &self,
        request: Request<pb::GetOversightActivityRequest>,
    ) -> Reply<pb::GetOversightActivityResponse> {
        activities::get(self, request).await
    }

    async fn list_oversight_activities(
        &self,
        request: Request<pb::ListOversightActivitiesRequest>,
    ) -> Reply<pb::ListOversightActivitiesResponse> {
        activities::list(self, request).await
    }

    async fn draft_opinion(
        &self,
        request: Request<pb::DraftOpinionRequest>,
    ) -> Reply<pb::DraftOpinionResponse> {
        opinions::draft(self, request).await
    }

    async fn get_opinion(
        &self,
        request: Request<pb::GetOpinionRequest>,
    ) -> Reply<pb::GetOpinionResponse> {
        opinions::get(self, request).await
    }

    async fn list_opinions(
        &self,
        request: Request<pb::ListOpinionsRequest>,
    ) -> Reply<pb::ListOpinionsResponse> {
        opinions::list(self, request).await
    }

    async fn sign_opinion(
        &self,
        request: Request<pb::SignOpinionRequest>,
    ) -> Reply<pb::SignOpinionResponse> {
        opinions::sign(self, request).await
    }

    async fn send_opinion(
        &self,
        request: Request<pb::SendOpinionRequest>,
    ) -> Reply<pb::SendOpinionResponse> {
        opinions::send(self, request).await
    }

    async fn record_handling_report(
        &self,
        request: Request<pb::RecordHandlingReportRequest>,
    ) -> Reply<pb::RecordHandlingReportResponse> {
        opinions::record_handling_report(self, request).await
    }

    async fn record_satisfaction_vote(
        &self,
        request: Request<pb::RecordSatisfactionVoteRequest>,
    ) -> Reply<pb::RecordSatisfactionVoteResponse> {
        opinions::record_satisfaction_vote(self, request).await
    }

    async fn file_normative_document(
        &self,
        request: Request<pb::FileNormativeDocumentRequest>,
    ) -> Reply<pb::FileNormativeDocumentResponse> {
        documents::file(self, request).await
    }

    async fn review_normative_document(
        &self,
        request: Request<pb::ReviewNormativeDocumentRequest>,
    ) -> Reply<pb::ReviewNormativeDocumentResponse> {
        documents::review(self, request).await
    }

    async fn record_correction(
        &self,
        request: Request<pb::RecordCorrectionRequest>,
    ) -> Reply<pb::RecordCorrectionResponse> {
        documents::record_correction(self, request).await
    }

    async fn get_normative_document(
        &self,
        request: Request<pb::GetNormativeDocumentRequest>,
    ) -> Reply<pb::GetNormativeDocumentResponse> {
        documents::get(self, request).await
    }

    async fn list_normative_documents(
        &self,
        request: Request<pb::ListNormativeDocumentsRequest>,
    ) -> Reply<pb::ListNormativeDocumentsResponse> {
        documents::list(self, request).await
    }

    async fn get_oversight_statistics(
        &self,
        request: Request<pb::GetOversightStatisticsRequest>,
    ) -> Reply<pb::GetOversightStatisticsResponse> {
        statistics::get(self, request).await
    }
}
