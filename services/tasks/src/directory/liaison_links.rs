//! Liaison links (挂点联系) between leaders and Party branches.

use qinglian_api::tasks::v1 as pb;
use qinglian_kit::auth::Caller;
use qinglian_store::filter::{FieldType, FilterField};
use qinglian_store::page::{self, ListRequest, ListSpec, Page};
use qinglian_store::{Begun, Change, MutationContext};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{Directory, LIAISON_LINK, find_person, find_unit, new_id, require_scope, within_scope};
use crate::entities::liaison_link;
use crate::error::TasksError;

/// Filter and order fields of ListLiaisonLinks.
fn list_spec() -> ListSpec<liaison_link::Column> {
    use liaison_link::Column as C;
    ListSpec {
        resource: LIAISON_LINK,
        filter_fields: vec![
            FilterField {
                name: "leader_id",
                column: C::LeaderId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "branch_id",
                column: C::BranchId,
                field_type: FieldType::String,
            },
            FilterField {
                name: "create_time",
                column: C::CreateTime,
                field_type: FieldType::Timestamp,
            },
        ],
        order_fields: vec![("create_time", C::CreateTime)],
        default_order: "create_time",
        id_field: ("id", C::Id),
    }
}

impl Directory {
    /// Links a leadership-team member to a Party branch within the caller's scope.
    pub async fn create_liaison_link(
        &self,
        caller: &Caller,
        context: MutationContext,
        leader_id: &str,
        branch_id: &str,
    ) -> Result<liaison_link::Model, TasksError> {
        let mut mutation = match self.store.begin(context).await? {
            Begun::Replayed(link) => return Ok(link),
            Begun::Fresh(mutation) => mutation,
        };
        let branch = find_unit(mutation.txn(), branch_id).await?;
        require_scope(caller, branch.as_ref().map(|u| u.path.as_str()))?;
        let leader = find_person(mutation.txn(), leader_id).await?;
        let mut violations = Vec::new();
        if leader.is_none() {
            violations.push(qinglian_kit::status::FieldViolation::new(
                "liaison_link.leader_id",
                "does not exist",
            ));
        }
        if branch.is_none() {
            violations.push(qinglian_kit::status::FieldViolation::new(
                "liaison_link.branch_id",
                "does not exist",
            ));
        }
        let (Some(leader), Some(branch)) = (leader, branch) else {
            return Err(TasksError::InvalidArgument(violations));
        };
        if !leader.leadership_team_member {
            return Err(TasksError::precondition(
                "NOT_LEADERSHIP_TEAM_MEMBER",
                "only a leadership-team member can hold a liaison link",
            ));
        }
        if branch.kind != pb::UnitKind::PartyBranch as i32 {
            return Err(TasksError::invalid(
                "liaison_link.branch_id",
                "is not a Party branch (UNIT_KIND_PARTY_BRANCH)",
            ));
        }
        let existing = liaison_link::Entity::find()
            .filter(liaison_link::Column::LeaderId.eq(leader_id))
            .filter(liaison_link::Column::BranchId.eq(branch_id))
            .count(mutation.txn())
            .await?;
        if existing > 0 {
            return Err(TasksError::AlreadyExists(
                "this leader is already linked to this branch".to_owned(),
            ));
        }
        let id = new_id();
        let now = mutation.now();
        let created = liaison_link::Model {
            id: id.clone(),
            leader_id: leader_id.to_owned(),
            branch_id: branch_id.to_owned(),
            version: 1,
            create_time: now,
            update_time: now,
        };
        liaison_link::ActiveModel::from(created.clone())
            .insert(mutation.txn())
            .await?;
        mutation
            .record(Change::created(
                &id,
                &created,
                &pb::LiaisonLink::from(&created),
            ))
            .await?;
        mutation.commit(&created).await?;
        Ok(created)
    }

    /// One page of the liaison links to branches within the caller's scope.
    pub async fn list_liaison_links(
        &self,
        caller: &Caller,
        request: &ListRequest<'_>,
    ) -> Result<Page<liaison_link::Model>, TasksError> {
        Ok(page::list(
            self.store.conn(),
            &list_spec(),
            liaison_link::Entity::find()
                .filter(within_scope(caller, liaison_link::Column::BranchId)),
            request,
        )
        .await?)
    }
}
