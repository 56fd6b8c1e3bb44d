//! Any set of the suite's services started together for one test: the directory always (the others
//! call it and share its signing key), supervision and oversight when asked for, each on a database of
//! its own on the same backend, all judging days by one clock. Any member can be stopped and started
//! again on the same address and database; the cluster stops them together, dependants first.

use std::net::SocketAddr;
use std::time::Duration;

use qinglian_kit::clock::Clock;
use qinglian_store::testing::TestDatabase;

use crate::{TestOversight, TestSupervision, TestTasks};

/// A member of a [`Cluster`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    /// Task assignment, which holds the directory.
    Tasks,
    /// Supervision records.
    Supervision,
    /// Oversight reporting.
    Oversight,
}

impl Member {
    /// Every member, in start order: the directory first, since the others call it.
    pub const ALL: [Self; 3] = [Self::Tasks, Self::Supervision, Self::Oversight];

    /// The service's name, as in its binary (`qinglian-<name>`) and its settings prefix.
    pub fn name(self) -> &'static str {
        match self {
            Self::Tasks => "tasks",
            Self::Supervision => "supervision",
            Self::Oversight => "oversight",
        }
    }
}

impl std::fmt::Display for Member {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which services a [`Cluster`] starts, and on what clock.
#[derive(Debug)]
#[must_use = "a cluster builder does nothing until started"]
pub struct ClusterBuilder {
    pub(crate) db: TestDatabase,
    /// The clock chosen with [`ClusterBuilder::clock`]; the system's when none was.
    pub(crate) clock: Option<Clock>,
    pub(crate) supervision: bool,
    pub(crate) oversight: bool,
    /// The oversight member's deadline for each call to a peer.
    peer_timeout: Duration,
}

impl ClusterBuilder {
    /// Judges days by `clock` in every member (the system clock otherwise).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Starts the supervision-records service too.
    pub fn supervision(mut self) -> Self {
        self.supervision = true;
        self
    }

    /// Starts the oversight-reporting service too. Without supervision in the cluster, its
    /// supervision peer is an address where nothing listens.
    pub fn oversight(mut self) -> Self {
        self.oversight = true;
        self
    }

    /// Gives the oversight member `timeout` for each call to a peer instead of
    /// [`TestOversight::PEER_TIMEOUT`] (a benchmark's slow peer then shows in its timings rather than
    /// failing it). In-process clusters only.
    pub fn peer_timeout(mut self, timeout: Duration) -> Self {
        self.peer_timeout = timeout;
        self
    }

    /// The members chosen, in start order.
    pub(crate) fn members(&self) -> Vec<Member> {
        let mut members = vec![Member::Tasks];
        members.extend(self.supervision.then_some(Member::Supervision));
        members.extend(self.oversight.then_some(Member::Oversight));
        members
    }

    /// Starts the chosen services in this process in dependency order, each SERVING when this
    /// returns.
    pub async fn start(self) -> Cluster {
        let clock = self.clock.unwrap_or_else(Clock::system);
        let supervision_db = match self.supervision {
            true => Some(self.db.sibling("supervision").await),
            false => None,
        };
        let oversight_db = match self.oversight {
            true => Some(self.db.sibling("oversight").await),
            false => None,
        };
        let tasks = TestTasks::start_with_clock(self.db, clock.clone()).await;
        let supervision = match supervision_db {
            Some(db) => {
                Some(TestSupervision::start_with_clock(db, &tasks, tasks.addr, clock.clone()).await)
            }
            None => None,
        };
        let oversight = match oversight_db {
            Some(db) => {
                let supervision_addr = match &supervision {
                    Some(supervision) => supervision.addr,
                    None => unused_addr().await,
                };
                Some(
                    TestOversight::start_with(
                        db,
                        &tasks,
                        tasks.addr,
                        supervision_addr,
                        clock,
                        self.peer_timeout,
                    )
                    .await,
                )
            }
            None => None,
        };
        Cluster {
            tasks,
            supervision,
            oversight,
        }
    }
}

/// Services of the suite running together in this process.
#[derive(Debug)]
pub struct Cluster {
    /// Task assignment: the directory, tokens and the signing key every member shares.
    pub tasks: TestTasks,
    supervision: Option<TestSupervision>,
    oversight: Option<TestOversight>,
}

impl Cluster {
    /// A cluster of task assignment on `db`; add members with the builder's methods.
    pub fn on(db: TestDatabase) -> ClusterBuilder {
        ClusterBuilder {
            db,
            clock: None,
            supervision: false,
            oversight: false,
            peer_timeout: TestOversight::PEER_TIMEOUT,
        }
    }

    /// The supervision-records member. Panics when the cluster was built without it.
    pub fn supervision(&self) -> &TestSupervision {
        self.supervision
            .as_ref()
            .unwrap_or_else(|| panic!("this cluster was started without supervision"))
    }

    /// The oversight-reporting member. Panics when the cluster was built without it.
    pub fn oversight(&self) -> &TestOversight {
        self.oversight
            .as_ref()
            .unwrap_or_else(|| panic!("this cluster was started without oversight"))
    }

    /// Stops `member`'s server, keeping its database, key and address.
    pub async fn stop_server(&mut self, member: Member) {
        match member {
            Member::Tasks => self.tasks.stop_server().await,
            Member::Supervision => self.supervision_mut().stop_server().await,
            Member::Oversight => self.oversight_mut().stop_server().await,
        }
    }

    /// Starts `member`'s server again on the same address, database and key.
    pub async fn restart_server(&mut self, member: Member) {
        match member {
            Member::Tasks => self.tasks.restart_server().await,
            Member::Supervision => self.supervision_mut().restart_server().await,
            Member::Oversight => self.oversight_mut().restart_server().await,
        }
    }

    /// Stops `member` and starts it again, SERVING when this returns.
    pub async fn restart(&mut self, member: Member) {
        self.stop_server(member).await;
        self.restart_server(member).await;
    }

    /// Stops every member, dependants first, and reports the first that failed to drain.
    pub async fn stop(self) -> anyhow::Result<()> {
        let mut outcome = Ok(());
        if let Some(oversight) = self.oversight {
            outcome = outcome.and(oversight.stop().await);
        }
        if let Some(supervision) = self.supervision {
            outcome = outcome.and(supervision.stop().await);
        }
        outcome.and(self.tasks.stop().await)
    }

    fn supervision_mut(&mut self) -> &mut TestSupervision {
        self.supervision
            .as_mut()
            .unwrap_or_else(|| panic!("this cluster was started without supervision"))
    }

    fn oversight_mut(&mut self) -> &mut TestOversight {
        self.oversight
            .as_mut()
            .unwrap_or_else(|| panic!("this cluster was started without oversight"))
    }
}

/// An address on this machine where nothing listens: bound, then released.
pub async fn unused_addr() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    listener
        .local_addr()
        .unwrap_or_else(|e| panic!("local addr: {e}"))
}
