//! Watches and offers: "tell me when a time frees up", and the fair offer a
//! watcher gets when one does.
//!
//! A watch names where (a court, a venue, or an area), when (weekdays, a
//! local time-of-day window, a date range) and how long (a minimum). When a
//! slot that matches frees and several people watch it, it is offered to one
//! of them at a time, least recently offered first, held in their name for a
//! few minutes; after a few rounds, or when the slot starts soon, everyone
//! still watching is told at once and the first to book gets it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Money;

/// Where a watch looks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WatchScope {
    Court {
        court_id: i64,
    },
    Venue {
        venue_id: i64,
    },
    /// Every venue within `radius_m` metres of a point.
    Area {
        lat: f64,
        lon: f64,
        radius_m: u32,
    },
}

/// A watch to create. Times are local to each venue, `HH:MM`; the slot must
/// lie inside `[time_from, time_to]`. Weekdays are ISO (1 = Monday).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWatch {
    pub scope: WatchScope,
    /// ISO weekdays, 1 = Monday … 7 = Sunday; empty: every day.
    #[serde(default)]
    pub weekdays: Vec<u8>,
    /// Start of the time-of-day window, `HH:MM` (default `00:00`).
    #[serde(default)]
    pub time_from: Option<String>,
    /// End of the time-of-day window, `HH:MM`, up to `24:00` (the default).
    #[serde(default)]
    pub time_to: Option<String>,
    /// The shortest free time worth telling about, in minutes (default 30).
    #[serde(default)]
    pub min_minutes: Option<u32>,
    /// First local date watched (default today).
    #[serde(default)]
    pub from_date: Option<NaiveDate>,
    /// Last local date watched (default 30 days after `from_date`; at most 90).
    #[serde(default)]
    pub to_date: Option<NaiveDate>,
}

/// A stored watch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Watch {
    pub id: Uuid,
    pub scope: WatchScope,
    /// What it watches, in words ("Bana 1, Mariehemsparken").
    pub label: String,
    pub weekdays: Vec<u8>,
    pub time_from: String,
    pub time_to: String,
    pub min_minutes: u32,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub paused: bool,
    pub created_at: DateTime<Utc>,
}

/// Pausing or resuming a watch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateWatch {
    pub paused: bool,
}

/// Where an offer is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    /// Held for this watcher alone until `hold_expires_at`: pay to keep it.
    Offered,
    /// Told to everyone watching: the first to book gets it.
    Open,
    /// This watcher booked it.
    Booked,
    /// This watcher said no; it went to the next.
    Passed,
    /// The exclusive hold ran out; it went to the next.
    Expired,
    /// Someone else booked it (or it started) first.
    Gone,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Offered => "offered",
            OfferStatus::Open => "open",
            OfferStatus::Booked => "booked",
            OfferStatus::Passed => "passed",
            OfferStatus::Expired => "expired",
            OfferStatus::Gone => "gone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "offered" => OfferStatus::Offered,
            "open" => OfferStatus::Open,
            "booked" => OfferStatus::Booked,
            "passed" => OfferStatus::Passed,
            "expired" => OfferStatus::Expired,
            "gone" => OfferStatus::Gone,
            _ => return None,
        })
    }
}

/// A freed slot offered to a watcher (what the push opens).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: Uuid,
    pub status: OfferStatus,
    pub venue_id: i64,
    pub venue_name: String,
    pub court_id: i64,
    pub court_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Local date and times at the venue.
    pub local_date: NaiveDate,
    pub local_start: String,
    pub local_end: String,
    /// The hold in this watcher's name (status `offered`): pay it to book.
    pub booking_id: Option<Uuid>,
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub price: Option<Money>,
    /// 1 for the first watcher asked, 2 for the next, …
    pub round: u32,
    /// How the queue works, in words, for this offer.
    pub how_it_works: String,
}
