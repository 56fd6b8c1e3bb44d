//! `qinglian.tasks.v1.DirectoryService`.

use qinglian_api::tasks::v1::{self as pb, directory_service_server::DirectoryService};
use qinglian_store::page::ListRequest;
use tonic::{Request, Response, Status};

use super::{call_info, context};
use crate::conversions;
use crate::directory::{Directory, UnitTree, require_writer};
use crate::directory::{PersonFields, PersonPatch, UnitFields, UnitPatch};
use crate::error::TasksError;

/// The directory API.
#[derive(Clone, Debug)]
pub struct DirectoryApi {
    directory: Directory,
}

impl DirectoryApi {
    /// Serves `directory`.
    pub fn new(directory: Directory) -> Self {
        Self { directory }
    }
}

fn node(tree: UnitTree) -> pb::UnitNode {
    pb::UnitNode {
        unit: Some(pb::Unit::from(&tree.unit)),
        children: tree.children.into_iter().map(node).collect(),
    }
}

#[tonic::async_trait]
impl DirectoryService for DirectoryApi {
    async fn create_unit(
        &self,
        request: Request<pb::CreateUnitRequest>,
    ) -> Result<Response<pb::CreateUnitResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let fields = UnitFields::parse(&request.unit.clone().unwrap_or_default(), "unit")
            .map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let unit = self.directory.create_unit(&caller, context, fields).await?;
        Ok(Response::new(pb::CreateUnitResponse {
            unit: Some(pb::Unit::from(&unit)),
        }))
    }

    async fn get_unit(
        &self,
        request: Request<pb::GetUnitRequest>,
    ) -> Result<Response<pb::GetUnitResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let unit = self
            .directory
            .get_unit(&caller, &request.get_ref().id)
            .await?;
        Ok(Response::new(pb::GetUnitResponse {
            unit: Some(pb::Unit::from(&unit)),
        }))
    }

    async fn list_units(
        &self,
        request: Request<pb::ListUnitsRequest>,
    ) -> Result<Response<pb::ListUnitsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .directory
            .list_units(&caller, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListUnitsResponse {
            units: page.items.iter().map(pb::Unit::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn update_unit(
        &self,
        request: Request<pb::UpdateUnitRequest>,
    ) -> Result<Response<pb::UpdateUnitResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let patch = UnitPatch::parse(
            &request.unit.clone().unwrap_or_default(),
            request.update_mask.as_ref(),
        )
        .map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let unit = self.directory.update_unit(&caller, context, patch).await?;
        Ok(Response::new(pb::UpdateUnitResponse {
            unit: Some(pb::Unit::from(&unit)),
        }))
    }

    async fn delete_unit(
        &self,
        request: Request<pb::DeleteUnitRequest>,
    ) -> Result<Response<pb::DeleteUnitResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let context = context(&caller, method, &request.request_id, &request)?;
        self.directory
            .delete_unit(&caller, context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::DeleteUnitResponse {}))
    }

    async fn get_unit_tree(
        &self,
        request: Request<pb::GetUnitTreeRequest>,
    ) -> Result<Response<pb::GetUnitTreeResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let request = request.into_inner();
        let max_depth = u32::try_from(request.max_depth)
            .map_err(|_| TasksError::invalid("max_depth", "must not be negative"))?;
        let roots = self
            .directory
            .unit_tree(&caller, &request.root_id, max_depth)
            .await?;
        Ok(Response::new(pb::GetUnitTreeResponse {
            roots: roots.into_iter().map(node).collect(),
        }))
    }

    async fn batch_get_units(
        &self,
        request: Request<pb::BatchGetUnitsRequest>,
    ) -> Result<Response<pb::BatchGetUnitsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let ids = request.into_inner().ids;
        conversions::batch_ids(&ids).map_err(TasksError::from)?;
        let units = self.directory.batch_get_units(&caller, &ids).await?;
        Ok(Response::new(pb::BatchGetUnitsResponse {
            units: units.iter().map(pb::Unit::from).collect(),
        }))
    }

    async fn create_person(
        &self,
        request: Request<pb::CreatePersonRequest>,
    ) -> Result<Response<pb::CreatePersonResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let fields = PersonFields::parse(&request.person.clone().unwrap_or_default(), "person")
            .map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let person = self
            .directory
            .create_person(&caller, context, fields)
            .await?;
        Ok(Response::new(pb::CreatePersonResponse {
            person: Some(pb::Person::from(&person)),
        }))
    }

    async fn get_person(
        &self,
        request: Request<pb::GetPersonRequest>,
    ) -> Result<Response<pb::GetPersonResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let person = self
            .directory
            .get_person(&caller, &request.get_ref().id)
            .await?;
        Ok(Response::new(pb::GetPersonResponse {
            person: Some(pb::Person::from(&person)),
        }))
    }

    async fn list_people(
        &self,
        request: Request<pb::ListPeopleRequest>,
    ) -> Result<Response<pb::ListPeopleResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .directory
            .list_people(&caller, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListPeopleResponse {
            people: page.items.iter().map(pb::Person::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn update_person(
        &self,
        request: Request<pb::UpdatePersonRequest>,
    ) -> Result<Response<pb::UpdatePersonResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let patch = PersonPatch::parse(
            &request.person.clone().unwrap_or_default(),
            request.update_mask.as_ref(),
        )
        .map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let person = self
            .directory
            .update_person(&caller, context, patch)
            .await?;
        Ok(Response::new(pb::UpdatePersonResponse {
            person: Some(pb::Person::from(&person)),
        }))
    }

    async fn delete_person(
        &self,
        request: Request<pb::DeletePersonRequest>,
    ) -> Result<Response<pb::DeletePersonResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let context = context(&caller, method, &request.request_id, &request)?;
        self.directory
            .delete_person(&caller, context, &request.id, &request.etag)
            .await?;
        Ok(Response::new(pb::DeletePersonResponse {}))
    }

    async fn batch_get_people(
        &self,
        request: Request<pb::BatchGetPeopleRequest>,
    ) -> Result<Response<pb::BatchGetPeopleResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let ids = request.into_inner().ids;
        conversions::batch_ids(&ids).map_err(TasksError::from)?;
        let people = self.directory.batch_get_people(&caller, &ids).await?;
        Ok(Response::new(pb::BatchGetPeopleResponse {
            people: people.iter().map(pb::Person::from).collect(),
        }))
    }

    async fn set_portfolio(
        &self,
        request: Request<pb::SetPortfolioRequest>,
    ) -> Result<Response<pb::SetPortfolioResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let mut v = qinglian_domain::validate::Violations::new();
        v.id("person_id", &request.person_id, true);
        for (i, id) in request.unit_ids.iter().enumerate() {
            v.id(&format!("unit_ids[{i}]"), id, true);
        }
        v.finish().map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let record = self
            .directory
            .set_portfolio(
                &caller,
                context,
                &request.person_id,
                request.unit_ids.clone(),
                &request.etag,
            )
            .await?;
        Ok(Response::new(pb::SetPortfolioResponse {
            portfolio: Some(pb::Portfolio::from(&record)),
        }))
    }

    async fn get_portfolio(
        &self,
        request: Request<pb::GetPortfolioRequest>,
    ) -> Result<Response<pb::GetPortfolioResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let record = self
            .directory
            .get_portfolio(&caller, &request.get_ref().person_id)
            .await?;
        Ok(Response::new(pb::GetPortfolioResponse {
            portfolio: Some(pb::Portfolio::from(&record)),
        }))
    }

    async fn create_liaison_link(
        &self,
        request: Request<pb::CreateLiaisonLinkRequest>,
    ) -> Result<Response<pb::CreateLiaisonLinkResponse>, Status> {
        let (caller, method) = call_info(&request)?;
        require_writer(&caller)?;
        let request = request.into_inner();
        let link = request.liaison_link.clone().unwrap_or_default();
        let mut v = qinglian_domain::validate::Violations::new();
        v.id("liaison_link.leader_id", &link.leader_id, true);
        v.id("liaison_link.branch_id", &link.branch_id, true);
        v.finish().map_err(TasksError::from)?;
        let context = context(&caller, method, &request.request_id, &request)?;
        let created = self
            .directory
            .create_liaison_link(&caller, context, &link.leader_id, &link.branch_id)
            .await?;
        Ok(Response::new(pb::CreateLiaisonLinkResponse {
            liaison_link: Some(pb::LiaisonLink::from(&created)),
        }))
    }

    async fn list_liaison_links(
        &self,
        request: Request<pb::ListLiaisonLinksRequest>,
    ) -> Result<Response<pb::ListLiaisonLinksResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let r = request.into_inner();
        let page = self
            .directory
            .list_liaison_links(&caller, &ListRequest::of(&r))
            .await?;
        Ok(Response::new(pb::ListLiaisonLinksResponse {
            liaison_links: page.items.iter().map(pb::LiaisonLink::from).collect(),
            next_page_token: page.next_page_token,
        }))
    }
}
