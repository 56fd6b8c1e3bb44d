//! The supervision-records service as the shared start-up runs it: its APIs over the store and the
//! directory, and the ledger's periodic sweep beside them. `Application::build` binds, connects and
//! migrates; `run_until_stopped` serves until the shutdown token is cancelled.

use qinglian_api::supervision::v1::talk_service_server::TalkServiceServer;
use qinglian_domain::deadlines;
use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::clock::Clock;
use qinglian_kit::entry::{Service, Serving};
use qinglian_kit::server::Host;
use qinglian_kit::startup::Opened;
use qinglian_store::Store;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::checks::Checks;
use crate::education::Education;
use crate::error::DOMAIN;
use crate::grpc::checks::CheckApi;
use crate::grpc::education::EducationApi;
use crate::grpc::rectifications::RectificationApi;
use crate::grpc::regulations::RegulationApi;
use crate::grpc::statistics::StatisticsApi;
use crate::grpc::talks::TalkApi;
use crate::ledger::Ledger;
use crate::migrations::Migrator;
use crate::regulations::Regulations;
use crate::settings::{LedgerSettings, Settings, SupervisionSections};
use crate::statistics::SupervisionStatistics;
use crate::talks::Talks;
use qinglian_api::supervision::v1::check_service_server::CheckServiceServer;
use qinglian_api::supervision::v1::education_service_server::EducationServiceServer;
use qinglian_api::supervision::v1::rectification_service_server::RectificationServiceServer;
use qinglian_api::supervision::v1::regulation_service_server::RegulationServiceServer;
use qinglian_api::supervision::v1::statistics_service_server::StatisticsServiceServer;

/// The APIs served, for health and reflection.
const SERVICE_NAMES: [&str; 6] = [
    <StatisticsServiceServer<StatisticsApi> as NamedService>::NAME,
    <RectificationServiceServer<RectificationApi> as NamedService>::NAME,
    <CheckServiceServer<CheckApi> as NamedService>::NAME,
    <RegulationServiceServer<RegulationApi> as NamedService>::NAME,
    <TalkServiceServer<TalkApi> as NamedService>::NAME,
    <EducationServiceServer<EducationApi> as NamedService>::NAME,
];

/// The supervision-records service, bound and migrated, not yet serving.
pub type Application = qinglian_kit::entry::Application<Supervision>;

/// What the supervision-records service serves, over its store and the directory.
#[derive(Debug)]
pub struct Supervision {
    store: Store,
    directory: DirectoryPeer,
    clock: Clock,
    ledger: LedgerSettings,
}

impl Supervision {
    /// Every API of the service behind `host`'s interceptor, the ledger's over `ledger`.
    fn routes(&self, host: &Host, ledger: Ledger) -> RoutesBuilder {
        let mut routes = RoutesBuilder::default();
        let talks = Talks::new(
            self.store.clone(),
            self.directory.clone(),
            self.clock.clone(),
        );
        routes.add_service(TalkServiceServer::with_interceptor(
            TalkApi::new(talks, self.directory.clone()),
            host.interceptor(),
        ));
        let education = Education::new(
            self.store.clone(),
            self.directory.clone(),
            self.clock.clone(),
        );
        routes.add_service(EducationServiceServer::with_interceptor(
            EducationApi::new(education, self.directory.clone()),
            host.interceptor(),
        ));
        routes.add_service(RegulationServiceServer::with_interceptor(
            RegulationApi::new(
                Regulations::new(self.store.clone(), self.directory.clone()),
                self.directory.clone(),
            ),
            host.interceptor(),
        ));
        routes.add_service(CheckServiceServer::with_interceptor(
            CheckApi::new(
                Checks::new(self.store.clone(), self.directory.clone()),
                self.directory.clone(),
            ),
            host.interceptor(),
        ));
        routes.add_service(RectificationServiceServer::with_interceptor(
            RectificationApi::new(ledger, self.directory.clone()),
            host.interceptor(),
        ));
        routes.add_service(StatisticsServiceServer::with_interceptor(
            StatisticsApi::new(
                SupervisionStatistics::new(self.store.clone(), self.directory.clone()),
                self.directory.clone(),
            ),
            host.interceptor(),
        ));
        routes
    }
}

impl Service for Supervision {
    type Sections = SupervisionSections;
    type Migrator = Migrator;

    const BINARY: &'static str = "qinglian-supervision";
    const TITLE: &'static str = "supervision records service";
    const DOMAIN: &'static str = DOMAIN;

    fn assemble(opened: &Opened, settings: &Settings, clock: Clock) -> anyhow::Result<Self> {
        let directory =
            DirectoryPeer::new(&settings.service.peers, opened.keys.clone(), "supervision")
                .map_err(anyhow::Error::msg)?;
        Ok(Self {
            store: opened.store.clone(),
            directory,
            clock,
            ledger: settings.service.ledger.clone(),
        })
    }

    fn serve(self, host: &Host) -> Serving {
        let ledger = Ledger::new(
            self.store.clone(),
            self.directory.clone(),
            self.clock.clone(),
            self.ledger.clone(),
        )
        .counting_into(host.metrics.escalations());
        let routes = self.routes(host, ledger.clone());
        let (interval, stop) = (self.ledger.sweep_interval, host.shutdown.clone());
        let sweeper = tokio::spawn(async move {
            let caller = deadlines::sweeper();
            deadlines::sweep_every(interval, stop, "ledger", || ledger.sweep(&caller)).await;
        });
        Serving {
            routes,
            names: SERVICE_NAMES.to_vec(),
            background: vec![sweeper],
        }
    }
}
