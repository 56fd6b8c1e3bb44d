//! A year of a unit's supervision records, counted for the annual report: every figure is a GROUP BY
//! in the database over the unit's whole subtree (asked of the directory), and carries the filter that
//! selects the records behind it.

mod counts;
mod labels;
mod names;

pub use names::Names;

use chrono::NaiveDate;
use qinglian_api::common::v1::Figure;
use qinglian_domain::directory::DirectoryPeer;
use qinglian_domain::figures;
use qinglian_kit::peers::PeerError;
use qinglian_store::Store;

use crate::error::SupervisionError;

/// The package that counts, as named in provenance.
pub(crate) const SERVICE: &str = "qinglian.supervision.v1";

/// Supervision statistics over the service's store.
#[derive(Clone, Debug)]
pub struct SupervisionStatistics {
    store: Store,
    directory: DirectoryPeer,
}

/// One year of one subtree: what every count is restricted to.
#[derive(Clone, Debug)]
pub struct Scope {
    /// The unit and every unit below it.
    pub unit_ids: Vec<String>,
    /// First day of the year.
    pub first: NaiveDate,
    /// Last day of the year.
    pub last: NaiveDate,
}

impl Scope {
    /// `date_field` within the year and `unit_field` in the subtree, with `extra` conditions first.
    fn filter(&self, extra: &[String], date_field: &str, unit_field: &str) -> String {
        let mut parts: Vec<String> = extra.to_vec();
        parts.push(figures::within(date_field, self.first, self.last));
        parts.push(figures::any_of(unit_field, &self.unit_ids));
        parts.join(" AND ")
    }
}

impl SupervisionStatistics {
    /// Statistics of `store`, subtrees asked of `directory`.
    pub fn new(store: Store, directory: DirectoryPeer) -> Self {
        Self { store, directory }
    }

    /// The figures of `unit_id`'s subtree in `year`, the units counted, and the names a report quotes.
    /// INVALID_ARGUMENT when the unit does not exist, UNAVAILABLE when the directory cannot say.
    pub async fn of(
        &self,
        unit_id: &str,
        year: i32,
    ) -> Result<(Vec<String>, Vec<Figure>, Names), SupervisionError> {
        let Some((first, last)) = figures::year_bounds(year) else {
            return Err(SupervisionError::invalid("year", "is not a valid year"));
        };
        let unit_ids = match self.directory.subtree(unit_id).await {
            Ok(ids) => ids,
            Err(PeerError::Missing { .. }) => {
                return Err(SupervisionError::invalid("unit_id", "does not exist"));
            }
            Err(other) => return Err(other.into()),
        };
        let scope = Scope {
            unit_ids,
            first,
            last,
        };
        let conn = self.store.conn();
        let mut figures = Vec::new();
        figures.extend(counts::talks(conn, &scope).await?);
        figures.extend(counts::checks(conn, &scope).await?);
        figures.extend(counts::education(conn, &scope).await?);
        figures.extend(counts::tours(conn, &scope).await?);
        figures.extend(counts::problems(conn, &scope).await?);
        figures.extend(counts::rectifications(conn, &scope).await?);
        figures.extend(counts::regulations(conn, &scope).await?);
        let names = names::names(conn, &scope).await?;
        Ok((scope.unit_ids, figures, names))
    }
}
