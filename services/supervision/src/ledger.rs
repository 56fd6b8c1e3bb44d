//! The rectification ledger (整改台账): inspection tours, problems with their sources and responsibility
//! lists, measures answering them, sign-off by someone other than the owner (销号) and re-checks
//! (回头看). Problem states follow their measures: a problem closes when every measure answering it has
//! passed, and reopens when a re-check finds it recurred.

pub mod closing;
pub mod extensions;
pub mod ladder;
pub mod listing;
pub mod problems;
pub mod records;
pub mod rectifications;
pub mod statistics;
pub mod tours;
pub mod verifications;
pub mod warnings;

use qinglian_domain::directory::DirectoryPeer;
use qinglian_kit::clock::Clock;
use qinglian_kit::metrics::EscalationCounter;
use qinglian_kit::peers::PeerError;
use qinglian_kit::status::FieldViolation;
use qinglian_store::Store;

use crate::error::SupervisionError;
use crate::settings::LedgerSettings;

/// Protobuf name of a tour.
pub const TOUR: &str = "qinglian.supervision.v1.InspectionTour";
/// Protobuf name of a problem.
pub const PROBLEM: &str = "qinglian.supervision.v1.Problem";
/// Protobuf name of a measure.
pub const RECTIFICATION: &str = "qinglian.supervision.v1.Rectification";

/// A measure as the subject of the shared deadline code: its warnings are
/// `qinglian.supervision.v1.RectificationEscalation` and its extension requests
/// `qinglian.supervision.v1.RectificationExtension`.
#[derive(Clone, Copy, Debug)]
pub struct RectificationDeadline;

/// The ledger over the service's store, checked against the directory, judged by the clock.
#[derive(Clone, Debug)]
pub struct Ledger {
    store: Store,
    directory: DirectoryPeer,
    clock: Clock,
    settings: LedgerSettings,
    raised: EscalationCounter,
}

impl Ledger {
    /// The ledger in `store`, units and people checked through `directory`, days judged by `clock`.
    pub fn new(
        store: Store,
        directory: DirectoryPeer,
        clock: Clock,
        settings: LedgerSettings,
    ) -> Self {
        Self {
            store,
            directory,
            clock,
            settings,
            raised: EscalationCounter::default(),
        }
    }

    /// The same ledger, counting the warnings its ladder raises into `raised` (the service's
    /// metrics).
    pub fn counting_into(self, raised: EscalationCounter) -> Self {
        Self { raised, ..self }
    }

    /// Today, by the service clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}

/// The units and people a write refers to, each with the request field that named it.
#[derive(Debug, Default)]
pub struct References {
    units: Vec<(String, String)>,
    people: Vec<(String, String)>,
}

impl References {
    /// A unit named by `field`.
    pub fn unit(&mut self, field: impl Into<String>, id: &str) -> &mut Self {
        self.units.push((field.into(), id.to_owned()));
        self
    }

    /// A person named by `field`.
    pub fn person(&mut self, field: impl Into<String>, id: &str) -> &mut Self {
        self.people.push((field.into(), id.to_owned()));
        self
    }

    /// Asks the directory for every reference, before anything is written: INVALID_ARGUMENT naming
    /// each field whose unit or person does not exist, UNAVAILABLE when the directory is down.
    pub async fn check(&self, directory: &DirectoryPeer) -> Result<(), SupervisionError> {
        let mut violations = Vec::new();
        for (list, is_unit) in [(&self.units, true), (&self.people, false)] {
            if list.is_empty() {
                continue;
            }
            let mut ids: Vec<String> = list.iter().map(|(_, id)| id.clone()).collect();
            ids.sort();
            ids.dedup();
            let found = if is_unit {
                directory.units(&ids).await.map(|_| ())
            } else {
                directory.people(&ids).await.map(|_| ())
            };
            match found {
                Ok(()) => {}
                Err(PeerError::Missing { ids: missing }) => {
                    for (field, id) in list {
                        if missing.contains(id) {
                            violations.push(FieldViolation::new(field.clone(), "does not exist"));
                        }
                    }
                }
                Err(other) => return Err(other.into()),
            }
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(SupervisionError::InvalidArgument(violations))
        }
    }
}
