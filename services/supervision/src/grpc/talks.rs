//! `qinglian.supervision.v1.TalkService`.

use qinglian_api::supervision::v1::{self as pb, talk_service_server::TalkService};
use qinglian_domain::validate::Violations;
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use qinglian_domain::directory::DirectoryPeer;

use super::{call_info, context, reach};
use crate::conversions::talk;
use crate::error::SupervisionError;
use crate::talks::TalkFields;
use crate::talks::{RECORDERS, Talks, sees_content};

/// The talk API.
#[derive(Clone, Debug)]
pub struct TalkApi {
    talks: Talks,
    directory: DirectoryPeer,
}

impl TalkApi {
    /// Serves `talks`, callers' reach asked of `directory`.
    pub fn new(talks: Talks, directory: DirectoryPeer) -> Self {
        Self { talks, directory }
    }
}

#[tonic::async_trait]
impl TalkService for TalkApi {
    async fn record_talk(
        &self,
        request: Request<pb::RecordTalkRequest>,
    ) -> Result<Response<pb::RecordTalkResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(RECORDERS, "record talks")?;
        let reach = reach(&self.directory, &caller).await?;
        let request = request.into_inner();
        let fields = TalkFields::parse(
            &request.talk.clone().unwrap_or_default(),
            self.talks.today(),
        )
        .map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let recorded = self.talks.record(&reach, context, fields).await?;
        Ok(Response::new(pb::RecordTalkResponse {
            talk: Some(talk(&recorded, sees_content(&caller))),
        }))
    }

    async fn get_talk(
        &self,
        request: Request<pb::GetTalkRequest>,
    ) -> Result<Response<pb::GetTalkResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let read = self
            .talks
            .get(&caller, &reach, &method, &request.get_ref().id)
            .await?;
        Ok(Response::new(pb::GetTalkResponse {
            talk: Some(read.found.message(read.content_visible)),
        }))
    }

    async fn list_talks(
        &self,
        request: Request<pb::ListTalksRequest>,
    ) -> Result<Response<pb::ListTalksResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let r = request.into_inner();
        let (read, next_page_token) = self
            .talks
            .list(&caller, &reach, &method, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListTalksResponse {
            talks: read
                .found
                .iter()
                .map(|talk| talk.message(read.content_visible))
                .collect(),
            next_page_token,
        }))
    }

    async fn add_talk_follow_up(
        &self,
        request: Request<pb::AddTalkFollowUpRequest>,
    ) -> Result<Response<pb::AddTalkFollowUpResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        caller.require(RECORDERS, "add follow-ups to talks")?;
        let reach = reach(&self.directory, &caller).await?;
        let request = request.into_inner();
        let mut v = Violations::new();
        v.id("id", &request.id, true);
        v.prose("follow_up", &request.follow_up, true, 5000);
        v.finish().map_err(SupervisionError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let updated = self
            .talks
            .add_follow_up(
                &reach,
                context,
                &request.id,
                request.follow_up.trim().to_owned(),
                &request.etag,
            )
            .await?;
        Ok(Response::new(pb::AddTalkFollowUpResponse {
            talk: Some(talk(&updated, sees_content(&caller))),
        }))
    }
}
