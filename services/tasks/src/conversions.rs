//! The edge between protobuf and the domain: stored rows to messages, and request messages to
//! validated field sets. Nothing past this module sees a request message.

mod duties;
mod requests;
mod tasks;

use qinglian_api::tasks::v1 as pb;
use qinglian_store::{etag, time};

pub use duties::compliance_query;
pub use requests::batch_ids;
pub use tasks::accountabilities;

use crate::directory::PortfolioRecord;
use crate::entities::{liaison_link, person, unit};

impl From<&unit::Model> for pb::Unit {
    fn from(unit: &unit::Model) -> Self {
        Self {
            id: unit.id.clone(),
            kind: unit.kind,
            name: unit.name.clone(),
            short_name: unit.short_name.clone(),
            parent_id: unit.parent_id.clone().unwrap_or_default(),
            code: unit.code.clone().unwrap_or_default(),
            create_time: Some(time::to_proto(unit.create_time)),
            update_time: Some(time::to_proto(unit.update_time)),
            etag: etag::etag(unit.version),
            head_id: unit.head_id.clone().unwrap_or_default(),
        }
    }
}

impl From<&person::Model> for pb::Person {
    fn from(person: &person::Model) -> Self {
        Self {
            id: person.id.clone(),
            name: person.name.clone(),
            unit_id: person.unit_id.clone(),
            position: person.position.clone(),
            party_member: person.party_member,
            leading_cadre: person.leading_cadre,
            leadership_team_member: person.leadership_team_member,
            create_time: Some(time::to_proto(person.create_time)),
            update_time: Some(time::to_proto(person.update_time)),
            etag: etag::etag(person.version),
        }
    }
}

impl From<&liaison_link::Model> for pb::LiaisonLink {
    fn from(link: &liaison_link::Model) -> Self {
        Self {
            id: link.id.clone(),
            leader_id: link.leader_id.clone(),
            branch_id: link.branch_id.clone(),
            create_time: Some(time::to_proto(link.create_time)),
            update_time: Some(time::to_proto(link.update_time)),
            etag: etag::etag(link.version),
        }
    }
}

impl From<&PortfolioRecord> for pb::Portfolio {
    fn from(record: &PortfolioRecord) -> Self {
        Self {
            person_id: record.person_id.clone(),
            unit_ids: record.unit_ids.clone(),
            update_time: record
                .portfolio
                .as_ref()
                .map(|p| time::to_proto(p.update_time)),
            etag: record
                .portfolio
                .as_ref()
                .map(|p| etag::etag(p.version))
                .unwrap_or_default(),
        }
    }
}
