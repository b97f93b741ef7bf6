//! Venues, courts and the slots a player can book.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Money;

/// A venue as listed on the map and in search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueSummary {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub city: String,
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// Sports played at the venue, e.g. `tennis`, `padel`.
    pub sports: Vec<String>,
    pub court_count: u32,
}

/// A venue with its courts and opening hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueDetail {
    #[serde(flatten)]
    pub summary: VenueSummary,
    pub description: String,
    /// IANA time zone of the venue; opening hours and slot times are local to it.
    pub timezone: String,
    pub courts: Vec<Court>,
    pub opening_hours: Vec<OpeningHours>,
    /// Photos of the venue, in the order its operator added them.
    #[serde(default)]
    pub photos: Vec<VenuePhoto>,
}

/// A photo of a venue: its address (immutable: a new photo gets a new id),
/// what it shows for those who cannot see it, and its size in pixels, so a
/// page keeps its place for it before it has loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenuePhoto {
    pub id: uuid::Uuid,
    /// `/api/v1/venues/{venue_id}/photos/{id}`.
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// One bookable court.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Court {
    pub id: i64,
    pub name: String,
    pub sport: String,
    /// e.g. `hard`, `clay`, `grass`, `artificial`.
    pub surface: String,
    pub indoor: bool,
    /// Floodlights: playable after dark.
    #[serde(default)]
    pub lights: bool,
    pub slot_minutes: u32,
    /// Price of one slot, VAT included.
    pub price: Money,
}

/// Regular opening hours for one weekday, in the venue's local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpeningHours {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Local opening time, `HH:MM`.
    pub opens: String,
    /// Local closing time, `HH:MM`.
    pub closes: String,
}

/// Whether a slot can be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    Free,
    /// Held or booked by someone; who is never shown.
    Taken,
    /// The venue has closed the court then (snow, maintenance, an event).
    Closed,
    /// Already started or over.
    Past,
}

/// One slot of a court's grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Local start time at the venue, `HH:MM`.
    pub local_start: String,
    /// Local end time at the venue, `HH:MM`.
    pub local_end: String,
    pub status: SlotStatus,
    pub price: Money,
}

/// The slots of one court on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourtSlots {
    pub court_id: i64,
    pub court_name: String,
    pub slots: Vec<Slot>,
}

/// A venue's day: every court's slots on one local date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaySlots {
    pub venue_id: i64,
    pub date: NaiveDate,
    pub timezone: String,
    pub courts: Vec<CourtSlots>,
}
