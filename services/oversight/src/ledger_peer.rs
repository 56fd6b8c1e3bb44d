//! The rectification ledger of the supervision-records service, as seen by this service: the items
//! of a sent opinion are filed there as problems, so one ledger follows everything.

use std::sync::Arc;

use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::{
    CreateProblemRequest, ListProblemsRequest, Problem, ProblemSource,
};
use qinglian_kit::auth::TokenKeys;
use qinglian_kit::peers::{AuthedChannel, Peer, PeerError, PeerSettings};
use tonic::Request;

/// The ledger at `peers.supervision`.
#[derive(Clone, Debug)]
pub struct LedgerPeer {
    peer: Peer,
}

impl LedgerPeer {
    /// A client of the ledger at `settings.supervision`, calling as the service `subject`.
    pub fn new(
        settings: &PeerSettings,
        keys: Arc<TokenKeys>,
        subject: &str,
    ) -> Result<Self, String> {
        Ok(Self {
            peer: Peer::new(
                "supervision",
                &settings.supervision,
                settings,
                keys,
                subject,
            )?,
        })
    }

    /// Files `problem` under `request_id`: the ledger answers a repeated request id with the problem it
    /// filed the first time, so a retry never files twice.
    pub async fn file_problem(
        &self,
        problem: Problem,
        request_id: String,
    ) -> Result<Problem, PeerError> {
        let request = CreateProblemRequest {
            problem: Some(problem),
            request_id,
        };
        self.peer
            .call(
                |channel: AuthedChannel, request: Request<CreateProblemRequest>| async move {
                    RectificationServiceClient::new(channel)
                        .create_problem(request)
                        .await
                        .map(|r| r.into_inner().problem.unwrap_or_default())
                },
                request,
            )
            .await
    }

    /// The problems already filed in the ledger for the deliberation opinion `opinion_id`, whatever
    /// request ids filed them: a retry long after the ledger forgot them still finds them here.
    pub async fn filed_for_opinion(&self, opinion_id: &str) -> Result<Vec<Problem>, PeerError> {
        let request = ListProblemsRequest {
            page_size: 1000,
            source: ProblemSource::PeoplesCongress as i32,
            source_reference: opinion_id.to_owned(),
            ..Default::default()
        };
        self.peer
            .all_pages(
                |channel: AuthedChannel, request: Request<ListProblemsRequest>| async move {
                    RectificationServiceClient::new(channel)
                        .list_problems(request)
                        .await
                        .map(|r| {
                            let page = r.into_inner();
                            (page.problems, page.next_page_token)
                        })
                },
                request,
            )
            .await
    }
}
