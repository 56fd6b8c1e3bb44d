//! The rectification ledger of the supervision-records service, as seen by this service: the items
//! of a sent opinion are filed there as problems, so one ledger follows everything.

use std::sync::Arc;

use qinglian_api::supervision::v1::rectification_service_client::RectificationServiceClient;
use qinglian_api::supervision::v1::{CreateProblemRequest, Problem};
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
}
