//! `qinglian.supervision.v1.StatisticsService`.

use qinglian_api::supervision::v1::{self as pb, statistics_service_server::StatisticsService};
use qinglian_domain::validate::Violations;
use tonic::{Request, Response, Status};

use qinglian_domain::directory::DirectoryPeer;

use super::{call_info, reach};
use crate::error::SupervisionError;
use crate::statistics::SupervisionStatistics;

/// The statistics API; every role may read the figures of a unit within its reach.
#[derive(Clone, Debug)]
pub struct StatisticsApi {
    statistics: SupervisionStatistics,
    directory: DirectoryPeer,
}

impl StatisticsApi {
    /// Serves `statistics`, callers' reach asked of `directory`.
    pub fn new(statistics: SupervisionStatistics, directory: DirectoryPeer) -> Self {
        Self {
            statistics,
            directory,
        }
    }
}

#[tonic::async_trait]
impl StatisticsService for StatisticsApi {
    async fn get_supervision_statistics(
        &self,
        request: Request<pb::GetSupervisionStatisticsRequest>,
    ) -> Result<Response<pb::GetSupervisionStatisticsResponse>, Status> {
        let (caller, _) = call_info(&request)?;
        let reach = reach(&self.directory, &caller).await?;
        let r = request.into_inner();
        let mut v = Violations::new();
        v.id("unit_id", &r.unit_id, true);
        if !(1949..=9999).contains(&r.year) {
            v.add("year", "must be a calendar year from 1949");
        }
        v.finish().map_err(SupervisionError::from)?;
        reach.require([r.unit_id.as_str()])?;
        let (unit_ids, figures, names) = self.statistics.of(&r.unit_id, r.year).await?;
        Ok(Response::new(pb::GetSupervisionStatisticsResponse {
            unit_id: r.unit_id,
            year: r.year,
            unit_ids,
            figures,
            tour_teams: names.tour_teams,
            regulations_revised: names.regulations_revised,
            warning_films: names.warning_films,
        }))
    }
}
