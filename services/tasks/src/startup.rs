//! The task-assignment service as the shared start-up runs it: its APIs over the store and the
//! ladder's periodic sweep beside them. `Application::build` binds, connects and migrates;
//! `run_until_stopped` serves until the shutdown token is cancelled.

use qinglian_api::tasks::v1::directory_service_server::DirectoryServiceServer;
use qinglian_api::tasks::v1::duty_service_server::DutyServiceServer;
use qinglian_api::tasks::v1::escalation_service_server::EscalationServiceServer;
use qinglian_api::tasks::v1::task_service_server::TaskServiceServer;
use qinglian_domain::deadlines;
use qinglian_kit::clock::Clock;
use qinglian_kit::entry::{Service, Serving};
use qinglian_kit::server::Host;
use qinglian_kit::startup::Opened;
use qinglian_store::Store;
use tonic::server::NamedService;
use tonic::service::RoutesBuilder;

use crate::assignments::Assignments;
use crate::directory::Directory;
use crate::duties::Duties;
use crate::error::DOMAIN;
use crate::escalations::Escalations;
use crate::grpc::directory::DirectoryApi;
use crate::grpc::duties::DutyApi;
use crate::grpc::escalations::EscalationApi;
use crate::grpc::tasks::TaskApi;
use crate::migrations::Migrator;
use crate::settings::{Settings, TasksSections, WorkSettings};

/// The task-assignment service, bound and migrated, not yet serving.
pub type Application = qinglian_kit::entry::Application<Tasks>;

/// What the task-assignment service serves, over its store.
#[derive(Debug)]
pub struct Tasks {
    store: Store,
    clock: Clock,
    work: WorkSettings,
}

impl Service for Tasks {
    type Sections = TasksSections;
    type Migrator = Migrator;

    const BINARY: &'static str = "qinglian-tasks";
    const TITLE: &'static str = "task assignment service";
    const DOMAIN: &'static str = DOMAIN;

    fn assemble(opened: &Opened, settings: &Settings, clock: Clock) -> anyhow::Result<Self> {
        Ok(Self {
            store: opened.store.clone(),
            clock,
            work: settings.service.work.clone(),
        })
    }

    fn serve(self, host: &Host) -> Serving {
        let Self { store, clock, work } = self;
        let mut routes = RoutesBuilder::default();
        routes.add_service(DirectoryServiceServer::with_interceptor(
            DirectoryApi::new(Directory::new(store.clone())),
            host.interceptor(),
        ));
        routes.add_service(TaskServiceServer::with_interceptor(
            TaskApi::new(Assignments::new(store.clone(), clock.clone(), work.clone())),
            host.interceptor(),
        ));
        routes.add_service(DutyServiceServer::with_interceptor(
            DutyApi::new(Duties::new(store.clone(), clock.clone())),
            host.interceptor(),
        ));
        let escalations =
            Escalations::new(store, clock, work.clone()).counting_into(host.metrics.escalations());
        routes.add_service(EscalationServiceServer::with_interceptor(
            EscalationApi::new(escalations.clone()),
            host.interceptor(),
        ));
        let (interval, shutdown) = (work.sweep_interval, host.shutdown.clone());
        let sweeper = tokio::spawn(async move {
            let caller = deadlines::sweeper();
            deadlines::sweep_every(interval, shutdown, "tasks", || escalations.sweep(&caller))
                .await;
        });
        Serving {
            routes,
            names: vec![
                <EscalationServiceServer<EscalationApi> as NamedService>::NAME,
                <DirectoryServiceServer<DirectoryApi> as NamedService>::NAME,
                <TaskServiceServer<TaskApi> as NamedService>::NAME,
                <DutyServiceServer<DutyApi> as NamedService>::NAME,
            ],
            background: vec![sweeper],
        }
    }
}
