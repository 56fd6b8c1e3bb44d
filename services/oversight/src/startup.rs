//! The oversight-reporting service as the shared start-up runs it: its APIs over the store and its
//! peers, ready only while the peers are. `Application::build` binds, connects and migrates;
//! `run_until_stopped` serves until the shutdown token is cancelled.

use qinglian_api::oversight::v1::oversight_service_server::OversightServiceServer;
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::clock::Clock;
use qinglian_kit::entry::{Service, Serving};
use qinglian_kit::peers::Peer;
use qinglian_kit::server::Host;
use qinglian_kit::startup::Opened;
use qinglian_store::Store;
use std::path::PathBuf;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::activities::Activities;
use crate::documents::Documents;
use crate::error::DOMAIN;
use crate::grpc::{OversightApi, ReportApi};
use crate::ledger_peer::LedgerPeer;
use crate::migrations::Migrator;
use crate::opinions::Opinions;
use crate::reports::Reports;
use crate::reports::peers::{SupervisionPeer, TasksPeer};
use crate::settings::{OpinionSettings, OversightSections, Settings};
use crate::statistics::OversightStatistics;
use qinglian_api::oversight::v1::report_service_server::ReportServiceServer;

/// The APIs served, for health and reflection.
const SERVICE_NAMES: [&str; 2] = [
    <OversightServiceServer<OversightApi> as NamedService>::NAME,
    <ReportServiceServer<ReportApi> as NamedService>::NAME,
];

/// The oversight-reporting service, bound and migrated, not yet serving.
pub type Application = qinglian_kit::entry::Application<Oversight>;

/// What the oversight-reporting service serves, over its store and its two peers.
#[derive(Debug)]
pub struct Oversight {
    /// The peers readiness waits for: tasks and supervision.
    readiness_peers: Vec<Peer>,
    store: Store,
    directory: DirectoryPeer,
    ledger: LedgerPeer,
    tasks: TasksPeer,
    supervision: SupervisionPeer,
    template_dir: Option<PathBuf>,
    clock: Clock,
    opinions: OpinionSettings,
}

impl Oversight {
    /// Every API of the service behind `host`'s interceptor.
    fn routes(&self, host: &Host) -> RoutesBuilder {
        let api = OversightApi::new(
            Activities::new(
                self.store.clone(),
                self.directory.clone(),
                self.clock.clone(),
            ),
            Opinions::new(
                self.store.clone(),
                self.directory.clone(),
                self.ledger.clone(),
                self.clock.clone(),
                self.opinions.clone(),
            ),
            Documents::new(
                self.store.clone(),
                self.directory.clone(),
                self.clock.clone(),
            ),
            OversightStatistics::new(self.store.clone(), self.directory.clone()),
            self.directory.clone(),
        );
        let reports = Reports::new(
            self.store.clone(),
            self.directory.clone(),
            self.tasks.clone(),
            self.supervision.clone(),
            OversightStatistics::new(self.store.clone(), self.directory.clone()),
            self.template_dir.clone(),
        );
        let mut routes = RoutesBuilder::default();
        routes.add_service(OversightServiceServer::with_interceptor(
            api,
            host.interceptor(),
        ));
        routes.add_service(ReportServiceServer::with_interceptor(
            ReportApi::new(reports),
            host.interceptor(),
        ));
        routes
    }
}

impl Service for Oversight {
    type Sections = OversightSections;
    type Migrator = Migrator;

    const BINARY: &'static str = "qinglian-oversight";
    const TITLE: &'static str = "oversight reporting service";
    const DOMAIN: &'static str = DOMAIN;

    fn assemble(opened: &Opened, settings: &Settings, clock: Clock) -> anyhow::Result<Self> {
        let directory =
            DirectoryPeer::new(&settings.service.peers, opened.keys.clone(), "oversight")
                .map_err(anyhow::Error::msg)?;
        let ledger = LedgerPeer::new(&settings.service.peers, opened.keys.clone(), "oversight")
            .map_err(anyhow::Error::msg)?;
        let tasks = TasksPeer::new(&settings.service.peers, opened.keys.clone(), "oversight")
            .map_err(anyhow::Error::msg)?;
        let supervision =
            SupervisionPeer::new(&settings.service.peers, opened.keys.clone(), "oversight")
                .map_err(anyhow::Error::msg)?;
        let peers = &settings.service.peers;
        let readiness_peers = vec![
            Peer::new(
                "tasks",
                &peers.tasks,
                peers,
                opened.keys.clone(),
                "oversight",
            ),
            Peer::new(
                "supervision",
                &peers.supervision,
                peers,
                opened.keys.clone(),
                "oversight",
            ),
        ]
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(anyhow::Error::msg)?;
        let template_dir = (!settings.service.reports.template_dir.is_empty())
            .then(|| PathBuf::from(&settings.service.reports.template_dir));
        Ok(Self {
            readiness_peers,
            store: opened.store.clone(),
            directory,
            ledger,
            tasks,
            supervision,
            template_dir,
            clock,
            opinions: settings.service.opinions.clone(),
        })
    }

    fn readiness_peers(&self) -> Vec<Peer> {
        self.readiness_peers.clone()
    }

    fn serve(self, host: &Host) -> Serving {
        Serving {
            routes: self.routes(host),
            names: SERVICE_NAMES.to_vec(),
            background: Vec::new(),
        }
    }
}
