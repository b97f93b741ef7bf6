//! Bookings: what a player asks for and what they get back.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    rules::{CancellationOutcome, CancellationTerms},
    Money,
};

/// The request header that carries a booking's owner key
/// ([`Booking::owner_key`]).
pub const OWNER_KEY_HEADER: &str = "X-Booking-Key";

/// Request to book one slot. The slot's end follows from the court's grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateBooking {
    pub court_id: i64,
    /// Start of the slot (UTC), as given by the slots endpoint.
    pub starts_at: DateTime<Utc>,
    /// The name the booking is made in (never shown publicly).
    pub name: String,
    /// Where the confirmation goes (never shown publicly).
    pub email: String,
}

/// Where a booking is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// The slot is held while the player pays.
    Held,
    /// Paid; the door code is valid in the booked window.
    Confirmed,
    /// Cancelled by the player (or an operator).
    Cancelled,
    /// The hold lapsed before payment; the slot was freed.
    Expired,
}

impl BookingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Held => "held",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "held" => BookingStatus::Held,
            "confirmed" => BookingStatus::Confirmed,
            "cancelled" => BookingStatus::Cancelled,
            "expired" => BookingStatus::Expired,
            _ => return None,
        })
    }
}

/// A booking as its owner sees it. The id is unguessable and is the key to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub id: Uuid,
    pub status: BookingStatus,
    pub venue_id: i64,
    pub venue_name: String,
    pub court_id: i64,
    pub court_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Local date at the venue.
    pub local_date: NaiveDate,
    /// Local start time at the venue, `HH:MM`.
    pub local_start: String,
    /// Local end time at the venue, `HH:MM`.
    pub local_end: String,
    pub price: Money,
    /// Booked at the venue's desk to be paid there: confirmed without Ledig
    /// taking the money (no refund through Ledig, no receipt from Ledig).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pay_at_venue: bool,
    pub name: String,
    pub email: String,
    /// While `held`: when the hold lapses unless paid.
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// Once `confirmed`: the 6-digit code that opens the court.
    pub door_code: Option<String>,
    /// While `confirmed`: the signed QR token for the court door
    /// (`LEDIG1.…`, see `shared::access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The cancellation terms fixed when it was booked (free until a
    /// deadline, then a fee or no refund, per the venue's rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_terms: Option<CancellationTerms>,
    /// Once `cancelled`: what was paid, kept and refunded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationOutcome>,
    /// Only in the answer that made the booking: the secret that proves
    /// ownership to the API (header `X-Booking-Key`) for a device that is not
    /// signed in to the booking's account. Keep it on the device; the booking
    /// id alone opens nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_key: Option<String>,
}

impl Booking {
    /// What the QR code on the confirmation encodes: booking and door code.
    /// (Signed, offline-verifiable tokens replace this with the access issue.)
    pub fn qr_payload(&self) -> Option<String> {
        if let Some(token) = &self.access_token {
            return Some(token.clone());
        }
        self.door_code
            .as_ref()
            .map(|code| format!("LEDIG:{}:{}", self.id, code))
    }
}
