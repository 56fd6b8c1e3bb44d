//! The directory of the run: a standing committee's organ with two departments and its people, and
//! the government it oversees, recorded by an administrator in the task-assignment service.

use qinglian_api::tasks::v1::directory_service_client::DirectoryServiceClient;
use qinglian_api::tasks::v1::{self as pb, UnitKind};
use qinglian_kit::auth::Role;
use qinglian_test_support::records::{create_person, create_unit};

use qinglian_test_support::{Member, Processes};

/// The units and people the scenario works with (ids).
#[derive(Debug, Clone)]
pub struct Organisation {
    /// 市人大常委会机关, the organisation reported on.
    pub organ: String,
    /// 办公室, which leads the plan's tasks and owns a measure.
    pub office: String,
    /// 财经工委, owner of the second measure.
    pub committee: String,
    /// 市人民政府, overseen; the addressee of the opinion.
    pub government: String,
    /// 秘书长, the leader responsible for the tasks.
    pub leader: String,
    /// 纪检组长, the discipline officer who signs off.
    pub inspector: String,
    /// 办公室主任, owner of the first measure.
    pub owner: String,
    /// 财经工委主任, owner of the second measure.
    pub committee_head: String,
    /// 办公室干事, handler of the tasks.
    pub handler: String,
}

impl Organisation {
    /// Every unit recorded.
    pub fn units(&self) -> [&str; 4] {
        [&self.organ, &self.office, &self.committee, &self.government]
    }

    /// Every person recorded.
    pub fn people(&self) -> [&str; 5] {
        [
            &self.leader,
            &self.inspector,
            &self.owner,
            &self.committee_head,
            &self.handler,
        ]
    }
}

/// Records the organisation as an administrator.
pub async fn record(cluster: &Processes) -> Organisation {
    let admin = cluster.token("topology-admin", Role::Admin, None);
    let mut d = DirectoryServiceClient::new(cluster.authed(Member::Tasks, &admin).await);
    let organ = create_unit(&mut d, UnitKind::Organ, "市人大常委会机关", None).await;
    let office = create_unit(&mut d, UnitKind::Department, "办公室", Some(&organ.id)).await;
    let committee = create_unit(&mut d, UnitKind::Department, "财经工委", Some(&organ.id)).await;
    let government = create_unit(&mut d, UnitKind::Organ, "市人民政府", None).await;
    let leader = create_person(&mut d, "秘书长", &organ.id, true).await;
    let inspector = create_person(&mut d, "纪检组长", &organ.id, true).await;
    let owner = create_person(&mut d, "办公室主任", &office.id, false).await;
    let committee_head = create_person(&mut d, "财经工委主任", &committee.id, false).await;
    let handler = create_person(&mut d, "办公室干事", &office.id, false).await;
    d.set_portfolio(pb::SetPortfolioRequest {
        person_id: leader.id.clone(),
        unit_ids: vec![office.id.clone(), committee.id.clone()],
        etag: String::new(),
        request_id: String::new(),
    })
    .await
    .expect("portfolio");
    Organisation {
        organ: organ.id,
        office: office.id,
        committee: committee.id,
        government: government.id,
        leader: leader.id,
        inspector: inspector.id,
        owner: owner.id,
        committee_head: committee_head.id,
        handler: handler.id,
    }
}

/// Asserts every unit and person is still in the directory.
pub async fn assert_present(cluster: &Processes, org: &Organisation) {
    let viewer = cluster.token("topology-viewer", Role::Viewer, None);
    let mut d = DirectoryServiceClient::new(cluster.authed(Member::Tasks, &viewer).await);
    for id in org.units() {
        d.get_unit(pb::GetUnitRequest { id: id.to_owned() })
            .await
            .unwrap_or_else(|e| panic!("unit {id} lost: {e:?}"));
    }
    for id in org.people() {
        d.get_person(pb::GetPersonRequest { id: id.to_owned() })
            .await
            .unwrap_or_else(|e| panic!("person {id} lost: {e:?}"));
    }
}
