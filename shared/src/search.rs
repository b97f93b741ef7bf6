//! Finding a court: the venue search and its answer.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::VenueSummary;

/// How search results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    /// Nearest first (needs `lat`/`lon`; by name without them).
    #[default]
    Distance,
    /// Earliest free time first.
    EarliestFree,
}

/// A free stretch of time on one court, long enough for the search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeTime {
    pub court_id: i64,
    pub court_name: String,
    pub starts_at: DateTime<Utc>,
    /// End of the free stretch (at least the asked-for duration after the start).
    pub ends_at: DateTime<Utc>,
    /// Local date and `HH:MM` at the venue.
    pub local_date: NaiveDate,
    pub local_start: String,
}

/// A venue in search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueHit {
    #[serde(flatten)]
    pub venue: VenueSummary,
    /// Metres from the searched point, when one was given.
    pub distance_m: Option<u32>,
    /// Indoor/outdoor of its courts: true if any court is indoor.
    pub indoor: bool,
    /// Surfaces of its courts.
    pub surfaces: Vec<String>,
    /// The earliest free times in the searched window, earliest first (at most 3).
    pub next_free: Vec<FreeTime>,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenuePage {
    pub venues: Vec<VenueHit>,
    /// 1-based page number.
    pub page: u32,
    pub per_page: u32,
    /// Matching venues over all pages.
    pub total: u32,
}

/// Great-circle distance in metres (haversine; the Earth as a 6371 km sphere).
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6_371_000.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        // Umeå to Malmö is about 1 000 km as the crow flies.
        let d = distance_m(63.8258, 20.2630, 55.6050, 13.0038);
        assert!((950_000.0..1_050_000.0).contains(&d), "{d}");
        assert_eq!(distance_m(57.7, 11.97, 57.7, 11.97), 0.0);
    }
}
