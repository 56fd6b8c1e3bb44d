//! The directory of the task-assignment service, as seen by other services.

use std::sync::Arc;

use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{
    BatchGetPeopleRequest, BatchGetUnitsRequest, GetUnitTreeRequest, Person, Unit, UnitNode,
};
use tonic::Request;

use qinglian_kit::auth::{Caller, Reach, TokenKeys};
use qinglian_kit::peers::{AuthedChannel, Peer, PeerError, PeerSettings};

/// The directory of the task-assignment service.
#[derive(Clone, Debug)]
pub struct DirectoryPeer {
    peer: Peer,
}

impl DirectoryPeer {
    /// A client of the directory at `settings.tasks`, calling as the service `subject`. Connects lazily.
    pub fn new(
        settings: &PeerSettings,
        keys: Arc<TokenKeys>,
        subject: &str,
    ) -> Result<Self, String> {
        Ok(Self {
            peer: Peer::new("tasks", &settings.tasks, settings, keys, subject)?,
        })
    }

    /// The people with `ids`, in order; Missing names every id the directory does not have.
    pub async fn people(&self, ids: &[String]) -> Result<Vec<Person>, PeerError> {
        let request = BatchGetPeopleRequest { ids: ids.to_vec() };
        self.peer
            .call(
                |channel: AuthedChannel, request: Request<BatchGetPeopleRequest>| async move {
                    DirectoryServiceClient::new(channel)
                        .batch_get_people(request)
                        .await
                        .map(|r| r.into_inner().people)
                },
                request,
            )
            .await
    }

    /// The units with `ids`, in order; Missing names every id the directory does not have.
    pub async fn units(&self, ids: &[String]) -> Result<Vec<Unit>, PeerError> {
        let request = BatchGetUnitsRequest { ids: ids.to_vec() };
        self.peer
            .call(
                |channel: AuthedChannel, request: Request<BatchGetUnitsRequest>| async move {
                    DirectoryServiceClient::new(channel)
                        .batch_get_units(request)
                        .await
                        .map(|r| r.into_inner().units)
                },
                request,
            )
            .await
    }

    /// The units `caller` reaches: everywhere when unscoped, else its scope's subtree (nothing when the
    /// scope's unit no longer exists).
    pub async fn reach(&self, caller: &Caller) -> Result<Reach, PeerError> {
        let Some(scope) = &caller.unit else {
            return Ok(Reach::everywhere(caller));
        };
        match self.subtree(scope).await {
            Ok(units) => Ok(Reach::within(caller, units)),
            Err(PeerError::Missing { .. }) => Ok(Reach::within(caller, [])),
            Err(other) => Err(other),
        }
    }

    /// The ids of `root_id` and every unit below it, root first; Missing when the root does not exist.
    pub async fn subtree(&self, root_id: &str) -> Result<Vec<String>, PeerError> {
        let request = GetUnitTreeRequest {
            root_id: root_id.to_owned(),
            max_depth: 0,
        };
        let roots = self
            .peer
            .call(
                |channel: AuthedChannel, request: Request<GetUnitTreeRequest>| async move {
                    DirectoryServiceClient::new(channel)
                        .get_unit_tree(request)
                        .await
                        .map(|r| r.into_inner().roots)
                },
                request,
            )
            .await?;
        let mut ids = Vec::new();
        let mut pending: Vec<UnitNode> = roots;
        while let Some(node) = pending.pop() {
            if let Some(unit) = node.unit {
                ids.push(unit.id);
            }
            pending.extend(node.children.into_iter().rev());
        }
        Ok(ids)
    }
}
